from django.urls import path

from .feeds import PublicDocumentFeed, WorkingGroupDocumentFeed
from .views import approvals, documents, feeds

app_name = "repository"

urlpatterns = [
    path("", documents.document_list, name="list"),
    path("new/", documents.upload, name="upload"),
    path("approvals/", approvals.queue, name="queue"),
    path("mine/", documents.my_documents, name="mine"),
    path("feed/", PublicDocumentFeed(), name="feed"),
    path("feed/<slug:slug>/<str:token>/", WorkingGroupDocumentFeed(), name="group_feed"),
    path("feeds/", feeds.feeds, name="feeds"),
    path("feeds/key/", feeds.feed_token, name="feed_token"),
    path("<slug:slug>/", documents.document_detail, name="detail"),
    path("<slug:slug>/download/", documents.download, name="download"),
    path("<slug:slug>/cite.bib", documents.cite_bibtex, name="cite_bibtex"),
    path("<slug:slug>/cite.ris", documents.cite_ris, name="cite_ris"),
    path(
        "<slug:slug>/versions/<int:number>/download/",
        documents.version_download,
        name="version_download",
    ),
    path("<slug:slug>/edit/", documents.edit, name="edit"),
    path("<slug:slug>/versions/new/", documents.version_new, name="version_new"),
    path("<slug:slug>/withdraw/", documents.withdraw, name="withdraw"),
    path("<slug:slug>/decide/", approvals.decide, name="decide"),
]
