"""What the discussions add to the pages of apps below them, through those apps' signals."""

from django.utils.translation import gettext as _

from repository.signals import DocumentLink

from . import selectors


def document_page_links(sender, *, document, user, **kwargs):
    """The threads citing the document that the user may see ("Discussed in")."""
    return [
        DocumentLink(
            label=thread.title,
            url=thread.get_absolute_url(),
            note=_("answered") if thread.is_answered else "",
        )
        for thread in selectors.threads_citing(document, user)
    ]
