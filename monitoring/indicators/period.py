"""What several indicators share for one quarter, read once: who was a member at the
quarter's end, and who was active in it."""

from functools import cached_property

from django.db.models import Q

from committees.models import Meeting, Registration
from members.models import Organisation, OrganisationStatusChange, Person
from repository.models import Document, DocumentVersion

from ..models import QuarterSignIn


def _signed_in(period):
    recorded = QuarterSignIn.objects.filter(
        year=period.quarter.year, quarter=period.quarter.number
    ).values_list("user_id", flat=True)
    from django.contrib.auth import get_user_model

    latest = (
        get_user_model()
        .objects.filter(last_login__gte=period.start, last_login__lt=period.end)
        .values_list("pk", flat=True)
    )
    return set(recorded) | set(latest)


def _attended(period):
    return set(
        Registration.objects.filter(
            attended=True,
            meeting__status=Meeting.Status.HELD,
            meeting__starts_at__gte=period.start,
            meeting__starts_at__lt=period.end,
        ).values_list("user_id", flat=True)
    )


def _posted(period):
    from bulletin.models import Submission

    return set(
        Submission.objects.filter(
            submitted_at__gte=period.start, submitted_at__lt=period.end
        ).values_list("submitted_by_id", flat=True)
    )


def _uploaded(period):
    documents = Document.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end
    ).values_list("uploaded_by_id", flat=True)
    versions = DocumentVersion.objects.filter(
        uploaded_at__gte=period.start, uploaded_at__lt=period.end
    ).values_list("uploaded_by_id", flat=True)
    return set(documents) | set(versions)


# What makes a person active in a quarter: each source gives the ids of the people who did
# it. The discussions app's questions and answers are one more source here.
ACTIVITY_SOURCES = [
    ("signed-in", _signed_in),
    ("attended", _attended),
    ("posted", _posted),
    ("uploaded", _uploaded),
]


class Period:
    """One quarter being computed, and what its indicators share."""

    def __init__(self, quarter, today=None):
        self.quarter = quarter
        self.start = quarter.start
        self.end = quarter.end
        self.as_of = quarter.as_of(today)
        # The day membership is read on: the quarter's last day, or today in the current one.
        self.member_on = min(self.as_of, quarter.last_day)
        # Counter readings carried between quarters (documents: downloads).
        self.readings = {}

    @cached_property
    def member_organisations(self):
        """Organisations that were members at the quarter's end (or today, for the current
        quarter): joined by then, and active by the last status change in effect then. A
        suspended or terminated organisation is not a member, and its people are not counted.
        ``{id: (name, category)}``."""
        changes = {}
        for organisation_id, status in (
            OrganisationStatusChange.objects.filter(effective_on__lte=self.member_on)
            .order_by("effective_on", "acted_at", "pk")
            .values_list("organisation_id", "status")
        ):
            changes[organisation_id] = status
        members = {}
        for pk, name, category, status in Organisation.objects.filter(
            date_joined__lte=self.member_on
        ).values_list("pk", "name", "category", "status"):
            effective = changes.get(pk)
            if effective is None:
                has_history = pk in self._organisations_with_history
                effective = Organisation.Status.ACTIVE if has_history else status
            if effective == Organisation.Status.ACTIVE:
                members[pk] = (name, category)
        return members

    @cached_property
    def _organisations_with_history(self):
        return set(OrganisationStatusChange.objects.values_list("organisation_id", flat=True))

    @cached_property
    def people(self):
        """People who held member access in the quarter: ``{user id: organisation id or
        None}``. Staff count only through a member organisation."""
        people = {}
        for user_id, kind, organisation_id, ends_on in (
            Person.objects.filter(joined_at__lt=self.end)
            .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=self.end))
            .values_list("user_id", "kind", "organisation_id", "ends_on")
        ):
            if kind == Person.Kind.STAFF:
                if organisation_id in self.member_organisations:
                    people[user_id] = organisation_id
            elif kind == Person.Kind.TEMPORARY:
                if ends_on is not None and ends_on >= self.quarter.first_day:
                    people[user_id] = organisation_id
            else:
                people[user_id] = organisation_id
        return people

    @cached_property
    def activity(self):
        """``{source: set of user ids}`` of the people with member access."""
        return {source: compute(self) & self.people.keys() for source, compute in ACTIVITY_SOURCES}

    @cached_property
    def active_people(self):
        active = set()
        for users in self.activity.values():
            active |= users
        return active

    @cached_property
    def active_organisations(self):
        return {
            self.people[user_id]
            for user_id in self.active_people
            if self.people[user_id] in self.member_organisations
        }
