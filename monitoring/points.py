"""Participation points over a period, from what the portal records: each person's
activities, and each organisation's (its people's, plus the meetings it hosted), times the
weights the administration team sets."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from bulletin.models import SubmissionEvent
from committees.models import ActionNote, Meeting, Registration
from members.models import Organisation, Person
from repository.models import Document

from .models import DEFAULT_WEIGHTS, Activity, ParticipationWeight
from .quarters import NAIROBI


def weights():
    """``{activity: points}``, the defaults where the team set none (one query)."""
    current = dict(DEFAULT_WEIGHTS)
    current.update(dict(ParticipationWeight.objects.values_list("activity", "points")))
    return current


def _bounds(start, end):
    return (
        datetime.datetime.combine(start, datetime.time(), tzinfo=NAIROBI),
        datetime.datetime.combine(
            end + datetime.timedelta(days=1), datetime.time(), tzinfo=NAIROBI
        ),
    )


@dataclass
class Score:
    name: str
    counts: dict = field(default_factory=dict)
    points: int = 0
    pk: int = 0

    @property
    def row(self):
        """``[(activity label, count)]`` in the order of the activities."""
        return [(label, self.counts.get(code, 0)) for code, label in Activity.choices]


def _counts_by_user(start, end):
    since, until = _bounds(start, end)
    per_activity = {
        Activity.ATTENDED: (
            Registration.objects.filter(
                attended=True,
                meeting__status=Meeting.Status.HELD,
                meeting__starts_at__gte=since,
                meeting__starts_at__lt=until,
            ),
            "user_id",
        ),
        Activity.DOCUMENT: (
            Document.objects.filter(
                created_at__gte=since, created_at__lt=until, withdrawn_at__isnull=True
            ),
            "uploaded_by_id",
        ),
        Activity.BULLETIN: (
            SubmissionEvent.objects.filter(
                action=SubmissionEvent.Action.PUBLISHED, at__gte=since, at__lt=until
            ),
            "submission__submitted_by_id",
        ),
        Activity.ACTION: (
            ActionNote.objects.filter(
                status="done", at__gte=since, at__lt=until, action__owner_user__isnull=False
            ),
            "action__owner_user_id",
        ),
    }
    counts = {}
    for activity, (rows, who) in per_activity.items():
        for user_id, number in rows.values(who).annotate(n=Count("pk")).values_list(who, "n"):
            counts.setdefault(user_id, {})[activity] = number
    return counts


def scores(start, end):
    """``(people, organisations)``: each a list of ``Score``, highest first, of the people
    with member access today and the active member organisations."""
    table = weights()
    counts = _counts_by_user(start, end)
    people = []
    by_organisation = {}
    # Plain rows, not model instances: at the large CoP's size (20,000 people) building
    # instances with their user and organisation was most of the time (benchmark).
    members = {
        row[0]: row[1:]
        for row in Person.objects.with_member_access()
        .filter(user_id__in=list(counts))
        .values_list(
            "user_id",
            "user__full_name",
            "user__email",
            "organisation_id",
            "organisation__name",
            "organisation__acronym",
            "organisation__status",
        )
    }
    for user_id, activity_counts in counts.items():
        if user_id not in members:
            continue
        full_name, email, organisation_id, name, acronym, status = members[user_id]
        score = Score(
            name=full_name or email,
            counts=activity_counts,
            points=sum(table[a] * n for a, n in activity_counts.items()),
            pk=user_id,
        )
        people.append(score)
        if organisation_id and status == Organisation.Status.ACTIVE:
            organisation = by_organisation.setdefault(
                organisation_id,
                Score(name=f"{name} ({acronym})" if acronym else name, pk=organisation_id),
            )
            for activity, number in activity_counts.items():
                organisation.counts[activity] = organisation.counts.get(activity, 0) + number
    since, until = _bounds(start, end)
    hosted = (
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            starts_at__lt=until,
            host__status=Organisation.Status.ACTIVE,
        )
        .values_list("host_id", "host__name", "host__acronym")
        .annotate(n=Count("pk"))
    )
    for host_id, name, acronym, number in hosted:
        organisation = by_organisation.setdefault(
            host_id, Score(name=f"{name} ({acronym})" if acronym else name, pk=host_id)
        )
        organisation.counts[Activity.HOSTED] = number
    organisations = list(by_organisation.values())
    for organisation in organisations:
        organisation.points = sum(table[a] * n for a, n in organisation.counts.items())
    key = lambda score: (-score.points, score.name)  # noqa: E731
    return sorted(people, key=key), sorted(organisations, key=key)


def points_of(*, start, end, user=None, organisation=None):
    people, organisations = scores(start, end)
    if user is not None:
        return next((s.points for s in people if s.pk == user.pk), 0)
    return next((s.points for s in organisations if s.pk == organisation.pk), 0)
