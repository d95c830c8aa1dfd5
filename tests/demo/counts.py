"""What seed_demo makes, counted by model: the same after a second run."""

from bulletin.models import Delivery, Edition, EditionItem, Section, Submission, SubmissionEvent
from committees.models import (
    ActionItem,
    ActionNote,
    Body,
    Meeting,
    Registration,
    Resolution,
    Seat,
)
from members.models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationProgramme,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    Person,
    Programme,
    ReachFigure,
    Recommendation,
)
from repository.models import Document, DocumentEvent, DocumentVersion, MeetingDocument
from twg.models import StatusDecision, WorkingGroup

SEEDED_MODELS = [
    # members
    Organisation,
    Programme,
    ReachFigure,
    Person,
    MembershipApplication,
    ApplicationContact,
    ApplicationProgramme,
    ApplicationDocument,
    Nomination,
    Recommendation,
    ApplicationEvent,
    Invitation,
    # committees and working groups
    Body,
    Seat,
    Meeting,
    Registration,
    Resolution,
    ActionItem,
    ActionNote,
    WorkingGroup,
    StatusDecision,
    # repository
    Document,
    DocumentVersion,
    DocumentEvent,
    MeetingDocument,
    # bulletin
    Edition,
    Section,
    EditionItem,
    Submission,
    SubmissionEvent,
    Delivery,
]


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}
