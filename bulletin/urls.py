from django.urls import include, path

from . import feeds
from .views import editions, moderation, public, submissions

app_name = "bulletin"

urlpatterns = [
    path("", include("bulletin.subscriptions.urls")),
    path("", public.archive, name="archive"),
    path("feed/", feeds.EditionFeed(), name="feed"),
    path("submit/", submissions.submit, name="submit"),
    path("submissions/", submissions.my_submissions, name="my_submissions"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/file/", submissions.submission_file, name="submission_file"),
    path("moderation/", moderation.queue, name="queue"),
    path("moderation/<int:pk>/", moderation.review, name="review"),
    path("moderation/<int:pk>/summary/", moderation.summary_edit, name="summary_edit"),
    path("editions/", editions.editions, name="editions"),
    path("editions/<int:pk>/", editions.manage, name="manage"),
    path("editions/<int:pk>/sections/", editions.section_add, name="section_add"),
    path("editions/<int:pk>/items/", editions.item_add, name="item_add"),
    path("editions/<int:pk>/publish/", editions.publish, name="publish"),
    path("editions/<int:pk>/schedule/", editions.schedule, name="schedule"),
    path("editions/<int:pk>/unschedule/", editions.unschedule, name="unschedule"),
    path("editions/<int:pk>/preview/email/", editions.preview_email, name="preview_email"),
    path(
        "editions/<int:pk>/preview/email.html",
        editions.preview_email_html,
        name="preview_email_html",
    ),
    path("sections/<int:pk>/rename/", editions.section_rename, name="section_rename"),
    path("sections/<int:pk>/delete/", editions.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", editions.section_move, name="section_move"),
    path("items/<int:pk>/move/", editions.item_move, name="item_move"),
    path("items/<int:pk>/remove/", editions.item_remove, name="item_remove"),
    path("<slug:slug>/", public.edition_detail, name="edition"),
]
