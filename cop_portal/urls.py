from django.contrib import admin
from django.urls import include, path

from privacy.views.notice import notice as privacy_notice
from repository.views import oai as repository_oai

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start_page, name="start"),
    path("privacy/", privacy_notice, name="privacy"),
    path("privacy/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("members/", include("members.urls")),
    path("committees/", include("committees.urls")),
    path("twg/", include("twg.urls")),
    path("events/", include("committees.calendar.urls")),
    path("documents/", include("repository.urls")),
    path("oai/", repository_oai.endpoint, name="oai"),
    path("discussions/", include("discussions.urls")),
    path("bulletin/", include("bulletin.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("milestones/", include("milestones.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cop_portal.views.bad_request"
handler403 = "cop_portal.views.permission_denied"
handler404 = "cop_portal.views.page_not_found"
handler500 = "cop_portal.views.server_error"
