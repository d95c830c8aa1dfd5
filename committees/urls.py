from django.urls import path  # noqa: F401

from . import body_views

app_name = "committees"

urlpatterns = [
    # Bodies and seats
    path("", body_views.bodies, name="bodies"),
    path("<slug:slug>/", body_views.body_detail, name="body"),
    # Meetings, registrations, minutes, resolutions and action items
]
