from django.urls import path

from .views import account, notice

app_name = "privacy"

urlpatterns = [
    path("", notice.notice, name="notice"),
    path("versions/<str:version>/", notice.notice, name="notice_version"),
    path("acknowledge/", notice.acknowledge, name="acknowledge"),
    path("me/", account.my_data, name="my_data"),
    path("me/consents/<str:purpose>/", account.consent, name="consent"),
    path("me/export/", account.export_request, name="export_request"),
    path("me/export/<str:token>/", account.export_download, name="export_download"),
    path("me/close/", account.close, name="close"),
    path("closed/", account.closed, name="closed"),
]
