"""How the repository answers the committees app's signals (connected in ``apps.py``).
Each receiver calls one service or selector of this app."""

from django.utils.translation import gettext as _

from committees import selectors as committee_selectors
from committees.signals import MeetingLink

from . import selectors, services
from .models import Document, MeetingDocument


def file_meeting_record(sender, *, meeting, acting_user, **kwargs):
    """A meeting was recorded (or a held meeting edited): file its minutes and recording."""
    services.document_from_meeting(meeting=meeting, acting_user=acting_user)


LABELS = {
    MeetingDocument.Part.MINUTES: lambda: _("The minutes as a document"),
    MeetingDocument.Part.RECORDING: lambda: _("The recording as a document"),
}


def meeting_page_links(sender, *, meeting, user, **kwargs):
    """Links from the meeting page to the documents of its record that the user may see.
    A convener also learns that a document was withdrawn, and why: recording the meeting
    again does not bring it back."""
    links = []
    for link in selectors.meeting_documents_for(meeting=meeting, user=user):
        document, label = link.document, LABELS[link.part]()
        if link.visible:
            if document.is_withdrawn:
                note = _("Withdrawn: %(reason)s") % {"reason": document.withdrawn_reason}
            elif document.visibility == Document.Visibility.PUBLIC and not document.is_public:
                note = _("Not public yet: members see it until a content coordinator approves it.")
            else:
                note = ""
            links.append(MeetingLink(label=label, url=document.get_absolute_url(), note=note))
        elif document.is_withdrawn and committee_selectors.can_convene(user, meeting.body):
            links.append(
                MeetingLink(
                    label=label,
                    note=_(
                        "Withdrawn from the repository (%(reason)s). Recording the meeting "
                        "again does not bring it back."
                    )
                    % {"reason": document.withdrawn_reason},
                )
            )
    return links
