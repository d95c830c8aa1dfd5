"""What more than one part of the repository's pages shares: finding a document the user may
see by its address, and a 404 when they may not."""

from django.http import Http404

from .. import selectors
from ..models import Document


def _document(slug, user):
    try:
        return selectors.document_for_download(slug=slug, user=user)
    except Document.DoesNotExist:
        raise Http404 from None
