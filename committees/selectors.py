"""Reads about bodies, seats and meetings. ``meetings_visible_to`` is the one place that
decides which meetings a person may see: every list, page, file and feed goes through it.
The committees' pages read who sits on them now and who did before from here too."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from members import selectors as member_selectors
from members.models import Pillar

from .models import ActionItem, Body, Meeting, Seat


def current_seats(body, on=None):
    return list(
        Seat.objects.current(on)
        .filter(body=body)
        .select_related("user", "organisation")
        .order_by("role", "user__full_name")
    )


# --- The committees' pages --------------------------------------------------------------


KIND_ORDER = [Body.Kind.STEERING, Body.Kind.OVERSIGHT, Body.Kind.ADMINISTRATION, Body.Kind.COUNTY]


def committees_for_list(on=None):
    """The committees (not the working groups) with the number of people sitting on each
    today (one query)."""
    on = on or timezone.localdate()
    return (
        Body.objects.committees()
        .select_related("county")
        .annotate(
            member_count=Count("seats__user", filter=Seat.current_q(on, "seats__"), distinct=True)
        )
        .order_by(
            Case(
                *[When(kind=kind, then=Value(index)) for index, kind in enumerate(KIND_ORDER)],
                output_field=IntegerField(),
            ),
            "name",
        )
    )


def committee_by_slug(slug):
    """A committee; raises Body.DoesNotExist for a working group (it has its own page)."""
    return Body.objects.committees().select_related("county").get(slug=slug)


def past_seats(body, on=None):
    """Seats whose term ended, latest first: who held which role when."""
    on = on or timezone.localdate()
    return list(
        Seat.objects.filter(body=body, ends_on__lt=on)
        .select_related("user", "organisation")
        .order_by("-ends_on", "role", "user__full_name")
    )


@dataclass
class Composition:
    """How the Oversight Committee's current seats measure up to its rules."""

    member_count: int
    minimum: int
    maximum: int
    pillars_represented: list = field(default_factory=list)
    missing_pillars: list = field(default_factory=list)

    @property
    def size_ok(self):
        return self.minimum <= self.member_count <= self.maximum

    @property
    def ok(self):
        return self.size_ok and not self.missing_pillars


def oversight_composition(body, on=None):
    """Members sitting today (each person once) and the pillars their organisations cover;
    the committee should have 9 to 17 members and all three pillars (two queries)."""
    on = on or timezone.localdate()
    current = Seat.objects.current(on).filter(body=body)
    member_count = current.values("user").distinct().count()
    pillars = Pillar.objects.annotate(
        represented=Exists(current.filter(organisation__pillars=OuterRef("pk")))
    ).order_by("order")
    minimum, maximum = Body.OVERSIGHT_SEATS
    composition = Composition(member_count=member_count, minimum=minimum, maximum=maximum)
    for pillar in pillars:
        if pillar.represented:
            composition.pillars_represented.append(pillar)
        else:
            composition.missing_pillars.append(pillar)
    return composition


# --- Rights and visibility ----------------------------------------------------------------


def granting_seats(user):
    """The user's seats that carry rights today, as ``(body id, body kind, role)``: read once
    per request (kept on the user object) for visibility, the lead checks and the seat
    permissions backend, which each read them apart before (issue 7)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_cop_granting_seats"):
        user._cop_granting_seats = list(
            Seat.objects.granting().filter(user=user).values_list("body_id", "body__kind", "role")
        )
    return user._cop_granting_seats


def holds_seat(user, body, *, roles=None, on=None):
    """Whether the user holds a current seat on the body (with one of ``roles`` if given)."""
    if not user.is_authenticated or body is None:
        return False
    if on is None:
        return any(
            body_id == body.pk and (not roles or role in roles)
            for body_id, _kind, role in granting_seats(user)
        )
    seats = Seat.objects.granting(on).filter(user=user, body=body)
    if roles:
        seats = seats.filter(role__in=roles)
    return seats.exists()


def is_staff_role(user):
    """The administration team and the content coordinators run CoP-wide meetings."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_cop_staff_role"):
        user._cop_staff_role = user.groups.filter(
            name__in=[ADMINISTRATION_TEAM, CONTENT_COORDINATORS]
        ).exists()
    return user._cop_staff_role


def is_administration(user):
    """The administration team (and superusers) may act for any body."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_cop_administration"):
        user._cop_administration = user.groups.filter(name=ADMINISTRATION_TEAM).exists()
    return user._cop_administration


def can_see_names(user):
    """Members (and the staff roles) see who holds a seat or owns an action; visitors see
    roles and organisations only."""
    return member_selectors.can_use_member_features(user) or is_staff_role(user)


def can_convene(user, body):
    """Who schedules and runs a body's meetings: its chair, vice-chair, convener or secretary
    (a TWG's lead holds one of those seats) and the administration team. The whole CoP's
    meetings (no body): the staff roles, content coordinators included."""
    if body is None:
        return is_staff_role(user)
    return is_administration(user) or holds_seat(user, body, roles=Seat.LEADING_ROLES)


def body_ids_of(user, on=None):
    """Bodies the user sits on today."""
    if not user.is_authenticated:
        return []
    if on is None:
        return [body_id for body_id, _kind, _role in granting_seats(user)]
    return list(Seat.objects.granting(on).filter(user=user).values_list("body_id", flat=True))


def meetings_visible_to(user):
    """Public meetings for everyone; members' meetings for members who accepted the code of
    conduct; a body-only meeting for that body's current seat holders (and the staff roles)."""
    visible = Q(audience=Meeting.Audience.PUBLIC)
    if member_selectors.can_use_member_features(user) or is_staff_role(user):
        visible |= Q(audience=Meeting.Audience.MEMBERS)
    if is_administration(user):
        visible |= Q(audience=Meeting.Audience.BODY)
    elif user.is_authenticated:
        visible |= Q(audience=Meeting.Audience.BODY, body_id__in=body_ids_of(user))
    return Meeting.objects.filter(visible)


def upcoming(queryset, now=None):
    return queryset.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")


def oversight_committee():
    return Body.objects.filter(kind=Body.Kind.OVERSIGHT).first()


# --- Meetings -----------------------------------------------------------------------------


def hosting_rotation(limit=5):
    """Active member organisations that hosted least recently, those that never hosted first
    (cancelled meetings do not count): whose turn it is to host."""
    from django.db.models import F, Max

    from members.models import Organisation

    return list(
        Organisation.objects.active()
        .annotate(
            last_hosted=Max(
                "hosted_meetings__starts_at",
                filter=~Q(hosted_meetings__status=Meeting.Status.CANCELLED),
            )
        )
        .order_by(F("last_hosted").asc(nulls_first=True), "name")[:limit]
    )


def meeting_for_page(*, pk, user):
    """One meeting the user may see, with its body, host, resolutions and action items (their
    owners and resolution) in a fixed number of queries; Meeting.DoesNotExist otherwise."""
    from django.db.models import Prefetch

    from .models import ActionItem

    actions = ActionItem.objects.select_related("owner_user", "owner_organisation", "resolution")
    return (
        meetings_visible_to(user)
        .select_related("body", "host")
        .prefetch_related("resolutions", Prefetch("action_items", queryset=actions))
        .get(pk=pk)
    )


def registration_of(user, meeting):
    """The user's registration for the meeting (any status), or None."""
    from .models import Registration

    if not user.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def meeting_registrations(meeting):
    """Confirmed then waitlisted registrations, in the order people registered."""
    from .models import Registration

    return list(
        Registration.objects.filter(meeting=meeting)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("-status", "registered_at", "pk")
    )


def registration_counts(meeting):
    """How many confirmed and waitlisted places the meeting has (one query)."""
    from .models import Registration

    counts = dict(
        Registration.objects.filter(meeting=meeting)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "confirmed": counts.get(Registration.Status.CONFIRMED, 0),
        "waitlisted": counts.get(Registration.Status.WAITLISTED, 0),
    }


def is_action_owner(user, action):
    """The person who owns the action, or a focal person of the organisation that owns it."""
    if not user.is_authenticated:
        return False
    if action.owner_user_id is not None:
        return action.owner_user_id == user.pk
    return member_selectors.is_focal_person(user, action.owner_organisation)


def actions_visible_to(user):
    """Action items of the meetings the user may see, and those the user owns (as the person
    or as a focal person of the owning organisation)."""
    from .models import ActionItem

    mine = Q(owner_user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    organisation = member_selectors.focal_organisation(user)
    if organisation is not None:
        mine |= Q(owner_organisation=organisation)
    return ActionItem.objects.filter(Q(meeting__in=meetings_visible_to(user)) | mine)


def action_for_page(*, pk, user):
    """One action item the user may see, with its meeting, owners and notes."""
    from django.db.models import Prefetch

    from .models import ActionNote

    return (
        actions_visible_to(user)
        .select_related("meeting__body", "owner_user", "owner_organisation", "resolution")
        .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.select_related("author")))
        .get(pk=pk)
    )


def can_follow_actions(user):
    """The coordinator's overview of every action: content coordinators and the
    administration team."""
    return is_staff_role(user)


def open_actions(*, user, body=None, whole_cop=False, status=None):
    """Open and in-progress action items the user may open, soonest due first. It starts
    from ``actions_visible_to``, as the action's page does, so the list never links an item
    whose page answers 404 (a committee-only meeting's items for a content coordinator)."""
    actions = (
        actions_visible_to(user)
        .open()
        .select_related("meeting__body", "owner_user", "owner_organisation")
    )
    if whole_cop:
        actions = actions.filter(meeting__body__isnull=True)
    elif body is not None:
        actions = actions.filter(meeting__body=body)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by("due_on", "pk")


def actions_owned_by(user):
    """The user's own open action items (as the person, or as focal person of the owning
    organisation), soonest due first. A subset of ``open_actions``, so each links to a page
    the user may open."""
    if not user.is_authenticated:
        return open_actions(user=user).none()
    mine = Q(owner_user_id=user.pk)
    organisation = member_selectors.focal_organisation(user)
    if organisation is not None:
        mine |= Q(owner_organisation=organisation)
    return open_actions(user=user).filter(mine)


def action_counts(actions, on=None):
    """How many of ``actions`` (open ones) there are, and how many of them are overdue: past
    their due day (one query)."""
    return actions.aggregate(open=Count("pk"), overdue=Count("pk", filter=ActionItem.overdue_q(on)))


def upcoming_registrations_of(user, limit=3, now=None):
    """The user's confirmed or waitlisted registrations for meetings still to come that they
    may see (not cancelled ones), soonest first, with their meeting: the first ``limit`` and
    how many there are in all (two queries)."""
    from .models import Registration

    if not user.is_authenticated:
        return [], 0
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            meeting__in=meetings_visible_to(user),
            meeting__ends_at__gte=now or timezone.now(),
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting__pk")
    )
    return list(registrations[:limit]), registrations.count()
