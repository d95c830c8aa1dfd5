from django.urls import path

from . import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("two-factor/", two_factor.second_factor, name="second_factor"),
]
