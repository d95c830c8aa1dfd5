from django.urls import path  # noqa: F401

app_name = "calendar"

urlpatterns = [
    # The events page, month view, .ics files and feeds
]
