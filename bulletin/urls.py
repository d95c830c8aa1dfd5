app_name = "bulletin"

urlpatterns: list = []
