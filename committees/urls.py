from django.urls import path

from . import body_views, meeting_views

app_name = "committees"

urlpatterns = [
    # Bodies and seats
    path("", body_views.bodies, name="bodies"),
    # Meetings, registrations, minutes, resolutions and action items
    path("meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/register/", meeting_views.meeting_register, name="meeting_register"),
    path(
        "meetings/<int:pk>/unregister/",
        meeting_views.meeting_unregister,
        name="meeting_unregister",
    ),
    path("meetings/<int:pk>/record/", meeting_views.meeting_record, name="meeting_record"),
    path(
        "meetings/<int:pk>/resolutions/new/",
        meeting_views.meeting_resolution_add,
        name="meeting_resolution_new",
    ),
    path(
        "meetings/<int:pk>/actions/new/",
        meeting_views.meeting_action_add,
        name="meeting_action_new",
    ),
    path("actions/", meeting_views.action_list, name="actions"),
    path("actions/<int:pk>/", meeting_views.action_detail, name="action"),
    # A committee's page last: its slug would match the one-word paths above.
    path("<slug:slug>/", body_views.body_detail, name="body"),
]
