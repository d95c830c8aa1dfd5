from django.urls import path

from . import application_views, focal_views, review_views, views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    path("membership/", views.membership, name="membership"),
    # Applying, and the nominating member's answer
    path("apply/", application_views.apply, name="apply"),
    path("applications/", application_views.application_list, name="applications"),
    path("applications/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/edit/", application_views.application_edit, name="application_edit"
    ),
    path(
        "applications/<int:pk>/documents/",
        application_views.application_documents,
        name="application_documents",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        application_views.application_document,
        name="application_document",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/delete/",
        application_views.application_document_delete,
        name="application_document_delete",
    ),
    path(
        "applications/<int:pk>/submit/",
        application_views.application_submit,
        name="application_submit",
    ),
    path("nominations/<int:pk>/", application_views.nomination, name="nomination"),
    path("nominate/", application_views.nominate, name="nominate"),
    # Review
    path("review/", review_views.queue, name="review_queue"),
    path("review/<int:pk>/", review_views.detail, name="review_detail"),
    path("review/<int:pk>/recommend/", review_views.recommend, name="review_recommend"),
    path("review/<int:pk>/decide/", review_views.decide, name="review_decide"),
    path("review/<int:pk>/waive/", review_views.waive, name="review_waive"),
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
