from django.urls import path  # noqa: F401

app_name = "committees"

urlpatterns = [
    # Bodies and seats
    # Meetings, registrations, minutes, resolutions and action items
]
