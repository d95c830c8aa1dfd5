"""Reads about Thematic Working Groups: the list, one group's page, its lead and roster."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from committees import selectors as committee_selectors
from committees.models import ActionItem, Meeting, Seat
from members import selectors as member_selectors

from .models import JoinRequest, StatusDecision, WorkingGroup

DECIDE_PERMISSION = "members.decide_membershipapplication"


def working_groups_for_list(on=None):
    """Every working group with its lead agency, level and roster size (one query)."""
    on = on or timezone.localdate()
    return (
        WorkingGroup.objects.select_related("body", "body__county", "lead_agency")
        .annotate(
            roster_size=Count(
                "body__seats__user", filter=Seat.current_q(on, "body__seats__"), distinct=True
            )
        )
        .order_by("order", "body__name")
    )


def working_group_by_slug(slug):
    """One group with its body, county, lead agency and decision history (two queries);
    raises WorkingGroup.DoesNotExist."""
    return (
        WorkingGroup.objects.select_related("body", "body__county", "lead_agency")
        .prefetch_related(
            Prefetch("decisions", queryset=StatusDecision.objects.select_related("recorded_by"))
        )
        .get(body__slug=slug)
    )


def roster(working_group, on=None):
    """The current seats, leading roles first."""
    seats = committee_selectors.current_seats(working_group.body, on)
    order = {role: index for index, role in enumerate(Seat.Role.values)}
    return sorted(seats, key=lambda seat: (order[seat.role], seat.user.full_name))


def chair_of(seats):
    """The current chair's seat among ``seats`` (the roster), or None."""
    return next((seat for seat in seats if seat.role == Seat.Role.CHAIR), None)


# What the group's page shows of a meeting and an action item (no agenda or minutes).
MEETING_FIELDS = ("title", "kind", "starts_at", "ends_at", "status", "host__name")
ACTION_FIELDS = (
    "title",
    "status",
    "due_on",
    "meeting__title",
    "owner_user__full_name",
    "owner_organisation__name",
)


def meetings_of(working_group, user, now=None, limit=None):
    """The group's meetings the user may see, upcoming (soonest first) and past (latest
    first), and the open action items of those meetings, each list at most ``limit`` long
    (three queries, whatever the number of meetings). With a limit, each list is read one
    longer than shown, so the page knows whether to link to the full list."""
    now = now or timezone.now()
    visible = committee_selectors.meetings_visible_to(user).filter(body=working_group.body)
    listed = visible.select_related("host").only(*MEETING_FIELDS)
    upcoming = listed.filter(ends_at__gte=now).order_by("starts_at", "pk")
    past = listed.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    actions = (
        ActionItem.objects.open()
        .filter(meeting__in=visible)
        .select_related("meeting", "owner_user", "owner_organisation")
        .only(*ACTION_FIELDS)
        .order_by("due_on", "pk")
    )
    if limit is not None:
        upcoming, past, actions = upcoming[: limit + 1], past[: limit + 1], actions[: limit + 1]
    return list(upcoming), list(past), list(actions)


def is_lead(user, working_group):
    """Whether the user runs the group: a current leading seat on it (or the administration
    team)."""
    return committee_selectors.can_convene(user, working_group.body)


def can_decide(user):
    """The Oversight chair and the administration team record status decisions."""
    return user.is_authenticated and user.has_perm(DECIDE_PERMISSION)


def current_seat_of(user, working_group):
    if not user.is_authenticated:
        return None
    return (
        Seat.objects.current()
        .filter(body=working_group.body, user=user)
        .order_by("starts_on")
        .first()
    )


def pending_request_of(user, working_group):
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        working_group=working_group, user=user, status=JoinRequest.Status.PENDING
    ).first()


def pending_requests(working_group):
    """Requests waiting for the lead, oldest first, with the person's organisation."""
    return list(
        JoinRequest.objects.filter(working_group=working_group, status=JoinRequest.Status.PENDING)
        .select_related("user__person__organisation")
        .order_by("requested_at", "pk")
    )


def lead_emails(working_group):
    return sorted(
        set(
            Seat.objects.current()
            .filter(body=working_group.body, role__in=Seat.LEADING_ROLES, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )


def can_join(user):
    return member_selectors.can_use_member_features(user)


def join_requests_awaiting(user):
    """The working groups the user leads (a current leading seat; the administration team
    leads them all) that have join requests waiting, each with ``pending_count`` (one query,
    after the user's seats)."""
    if not user.is_authenticated:
        return []
    groups = WorkingGroup.objects.all()
    if not committee_selectors.is_administration(user):
        led = [
            body_id
            for body_id, _kind, role in committee_selectors.granting_seats(user)
            if role in Seat.LEADING_ROLES
        ]
        groups = groups.filter(body_id__in=led)
    return list(
        groups.select_related("body")
        .annotate(
            pending_count=Count(
                "join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING)
            )
        )
        .filter(pending_count__gt=0)
        .order_by("order", "body__name")
    )


def groups_of(user, now=None):
    """The open working groups the user sits on today, each with its next meeting the user
    may see (``next_meeting_pk``, ``next_meeting_title``, ``next_meeting_starts_at``, None
    when none is planned): one query, whatever the number of groups."""
    if not user.is_authenticated:
        return []
    body_ids = committee_selectors.body_ids_of(user)
    if not body_ids:
        return []
    coming = (
        committee_selectors.meetings_visible_to(user)
        .filter(body_id=OuterRef("body_id"), ends_at__gte=now or timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    return list(
        WorkingGroup.objects.filter(body_id__in=body_ids)
        .exclude(status=WorkingGroup.Status.TERMINATED)
        .select_related("body")
        .annotate(
            next_meeting_pk=Subquery(coming.values("pk")[:1]),
            next_meeting_title=Subquery(coming.values("title")[:1]),
            next_meeting_starts_at=Subquery(coming.values("starts_at")[:1]),
        )
        .order_by("order", "body__name")
    )
