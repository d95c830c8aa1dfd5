"""The portal's URLs and ``/_minimal/``: the cheapest page Django can serve through the
portal's middleware, which every key page is measured against."""

from django.shortcuts import render
from django.urls import path

from cop_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cop_portal.urls import urlpatterns as portal_urlpatterns

MINIMAL_TEXT = "Minimal page"


def minimal(request):
    """A tiny template through ``render``, as the portal's views do, and no query."""
    return render(request, "benchmarks/minimal.html", {"text": MINIMAL_TEXT})


urlpatterns = [path("_minimal/", minimal, name="benchmark_minimal"), *portal_urlpatterns]
