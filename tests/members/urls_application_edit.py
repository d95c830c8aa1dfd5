"""The project's URLs, plus a stand-in for ``members:application_edit`` while that page is
built on another branch (the real one is used once it exists)."""

from django.http import HttpResponse
from django.urls import include, path

import members.urls
from cop_portal import urls as root


def _application_edit_stand_in(request, pk):
    return HttpResponse(f"application {pk}")


_patterns = list(members.urls.urlpatterns)
if not any(getattr(p, "name", None) == "application_edit" for p in _patterns):
    _patterns.insert(
        0,
        path(
            "applications/<int:pk>/edit/",
            _application_edit_stand_in,
            name="application_edit",
        ),
    )

urlpatterns = [
    *(p for p in root.urlpatterns if str(p.pattern) != "members/"),
    path("members/", include((_patterns, "members"))),
]
