"""What visitors read of the bulletin: the archive (``/bulletin/``) and an edition's page
(``/bulletin/<slug>/``). An edition not yet published is a preview the content coordinator
alone may open; anyone else gets a 404."""

from django.http import Http404
from django.shortcuts import render

from core.page_cache import cache_public_page
from members import selectors as member_selectors

from .. import rendering, selectors
from ..models import Edition


def archive(request):
    return render(
        request,
        "bulletin/archive.html",
        {
            "editions": list(selectors.archive()),
            "is_coordinator": selectors.is_coordinator(request.user),
            "can_submit": selectors.can_submit(request.user),
            "must_accept_code": member_selectors.needs_code_acceptance(request.user),
        },
    )


@cache_public_page
def edition_detail(request, slug):
    try:
        edition = selectors.edition_for_page(slug=slug, user=request.user)
    except Edition.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "bulletin/edition.html",
        {**rendering.edition_context(edition), "is_preview": not edition.is_published},
    )
