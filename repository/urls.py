from django.urls import path

from . import feeds
from .views import documents as views

app_name = "repository"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("approvals/", views.queue, name="queue"),
    path("mine/", views.my_documents, name="mine"),
    path("feed/", feeds.PublicDocumentFeed(), name="feed"),
    path("feed/<slug:slug>/<str:token>/", feeds.WorkingGroupDocumentFeed(), name="group_feed"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/key/", views.feed_token, name="feed_token"),
    path("<slug:slug>/", views.document_detail, name="detail"),
    path("<slug:slug>/download/", views.download, name="download"),
    path("<slug:slug>/cite.bib", views.cite_bibtex, name="cite_bibtex"),
    path("<slug:slug>/cite.ris", views.cite_ris, name="cite_ris"),
    path(
        "<slug:slug>/versions/<int:number>/download/",
        views.version_download,
        name="version_download",
    ),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/versions/new/", views.version_new, name="version_new"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/decide/", views.decide, name="decide"),
]
