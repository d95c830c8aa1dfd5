"""The project's URLs, plus a stand-in for the meeting page while it is built elsewhere:
the working-group pages link to ``meeting.get_absolute_url()`` (``committees:meeting``)."""

from django.http import HttpResponse
from django.urls import include, path

from committees import urls as committee_urls
from cop_portal import urls as root_urls


def _meeting_stand_in(request, pk):  # pragma: no cover - tests never follow the link
    return HttpResponse(status=204)


committee_patterns = list(committee_urls.urlpatterns)
if not any(getattr(pattern, "name", None) == "meeting" for pattern in committee_patterns):
    committee_patterns.insert(0, path("meetings/<int:pk>/", _meeting_stand_in, name="meeting"))

urlpatterns = [
    path("committees/", include((committee_patterns, "committees")))
    if getattr(pattern, "namespace", None) == "committees"
    else pattern
    for pattern in root_urls.urlpatterns
]
handler404 = root_urls.handler404
handler500 = root_urls.handler500
