from django.urls import include, path

from . import feeds
from .views import editions as views

app_name = "bulletin"

urlpatterns = [
    path("", include("bulletin.subscriptions.urls")),
    path("", views.archive, name="archive"),
    path("feed/", feeds.EditionFeed(), name="feed"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.my_submissions, name="my_submissions"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/<int:pk>/", views.review, name="review"),
    path("moderation/<int:pk>/summary/", views.summary_edit, name="summary_edit"),
    path("editions/", views.editions, name="editions"),
    path("editions/<int:pk>/", views.manage, name="manage"),
    path("editions/<int:pk>/sections/", views.section_add, name="section_add"),
    path("editions/<int:pk>/items/", views.item_add, name="item_add"),
    path("editions/<int:pk>/publish/", views.publish, name="publish"),
    path("editions/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("editions/<int:pk>/unschedule/", views.unschedule, name="unschedule"),
    path("editions/<int:pk>/preview/email/", views.preview_email, name="preview_email"),
    path(
        "editions/<int:pk>/preview/email.html",
        views.preview_email_html,
        name="preview_email_html",
    ),
    path("sections/<int:pk>/rename/", views.section_rename, name="section_rename"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("<slug:slug>/", views.edition_detail, name="edition"),
]
