from django.urls import path

from .views import applications, directory, focal, review

app_name = "members"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("code-of-conduct/", directory.code_of_conduct, name="code_of_conduct"),
    path("membership/", directory.membership, name="membership"),
    # Applying, and the nominating member's answer
    path("join/", applications.join, name="join"),
    path("apply/", applications.apply, name="apply"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/documents/",
        applications.application_documents,
        name="application_documents",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        applications.application_document,
        name="application_document",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/delete/",
        applications.application_document_delete,
        name="application_document_delete",
    ),
    path(
        "applications/<int:pk>/submit/",
        applications.application_submit,
        name="application_submit",
    ),
    path("nominations/<int:pk>/", applications.nomination, name="nomination"),
    path("nominate/", applications.nominate, name="nominate"),
    # Review
    path("review/", review.queue, name="review_queue"),
    path("review/<int:pk>/", review.detail, name="review_detail"),
    path("review/<int:pk>/recommend/", review.recommend, name="review_recommend"),
    path("review/<int:pk>/decide/", review.decide, name="review_decide"),
    path("review/<int:pk>/waive/", review.waive, name="review_waive"),
    # Focal persons and invitations
    path("my-organisation/", focal.my_organisation, name="my_organisation"),
    path("my-organisation/programmes/", focal.my_programmes, name="my_programmes"),
    path("my-organisation/programmes/new/", focal.programme_edit, name="programme_add"),
    path(
        "my-organisation/programmes/<int:pk>/",
        focal.programme_edit,
        name="programme_edit",
    ),
    path(
        "my-organisation/programmes/<int:pk>/delete/",
        focal.programme_delete,
        name="programme_delete",
    ),
    path("my-organisation/people/", focal.my_people, name="my_people"),
    path(
        "my-organisation/people/<int:pk>/remove/",
        focal.person_remove,
        name="person_remove",
    ),
    path(
        "my-organisation/people/<int:pk>/focal/",
        focal.person_set_focal,
        name="person_focal",
    ),
    path(
        "my-organisation/invitations/<int:pk>/withdraw/",
        focal.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", focal.invitation, name="invitation"),
    path("<slug:slug>/logo/", focal.organisation_logo, name="organisation_logo"),
    # Organisation profiles last: their slugs would shadow the paths above.
    path("<slug:slug>/", directory.organisation_detail, name="organisation"),
]
