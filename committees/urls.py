from django.urls import path

from .views import bodies, meetings

app_name = "committees"

urlpatterns = [
    # Bodies and seats
    path("", bodies.bodies, name="bodies"),
    # Meetings, registrations, minutes, resolutions and action items
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/register/", meetings.meeting_register, name="meeting_register"),
    path(
        "meetings/<int:pk>/unregister/",
        meetings.meeting_unregister,
        name="meeting_unregister",
    ),
    path("meetings/<int:pk>/record/", meetings.meeting_record, name="meeting_record"),
    path(
        "meetings/<int:pk>/resolutions/new/",
        meetings.meeting_resolution_add,
        name="meeting_resolution_new",
    ),
    path(
        "meetings/<int:pk>/actions/new/",
        meetings.meeting_action_add,
        name="meeting_action_new",
    ),
    path("actions/", meetings.action_list, name="actions"),
    path("actions/<int:pk>/", meetings.action_detail, name="action"),
    # A committee's page last: its slug would match the one-word paths above.
    path("<slug:slug>/", bodies.body_detail, name="body"),
]
