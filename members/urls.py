from django.urls import path

from . import focal_views, views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    # Focal persons and invitations
    path("my-organisation/", focal_views.my_organisation, name="my_organisation"),
    path("my-organisation/programmes/", focal_views.my_programmes, name="my_programmes"),
    path("my-organisation/programmes/new/", focal_views.programme_edit, name="programme_add"),
    path(
        "my-organisation/programmes/<int:pk>/",
        focal_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "my-organisation/programmes/<int:pk>/delete/",
        focal_views.programme_delete,
        name="programme_delete",
    ),
    path("my-organisation/people/", focal_views.my_people, name="my_people"),
    path(
        "my-organisation/people/<int:pk>/remove/",
        focal_views.person_remove,
        name="person_remove",
    ),
    path(
        "my-organisation/people/<int:pk>/focal/",
        focal_views.person_set_focal,
        name="person_focal",
    ),
    path(
        "my-organisation/invitations/<int:pk>/withdraw/",
        focal_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", focal_views.invitation, name="invitation"),
    path("<slug:slug>/logo/", focal_views.organisation_logo, name="organisation_logo"),
    # Organisation profiles last: their slugs would shadow the paths above.
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
]
