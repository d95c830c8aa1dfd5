"""Reads about bodies, seats and meetings. ``meetings_visible_to`` is the one place that
decides which meetings a person may see: every list, page, file and feed goes through it."""

from django.db.models import Q
from django.utils import timezone

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from members import selectors as member_selectors

from .models import Body, Meeting, Seat


def current_seats(body, on=None):
    return list(
        Seat.objects.current(on)
        .filter(body=body)
        .select_related("user", "organisation")
        .order_by("role", "user__full_name")
    )


def holds_seat(user, body, *, roles=None, on=None):
    """Whether the user holds a current seat on the body (with one of ``roles`` if given)."""
    if not user.is_authenticated or body is None:
        return False
    seats = Seat.objects.current(on).filter(user=user, body=body)
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


def can_convene(user, body):
    """Who schedules and runs a body's meetings: its chair, vice-chair, convener or secretary
    (a TWG's lead holds one of those seats); the staff roles for the whole CoP's meetings."""
    if is_staff_role(user):
        return True
    return body is not None and holds_seat(user, body, roles=Seat.LEADING_ROLES)


def body_ids_of(user, on=None):
    """Bodies the user sits on today."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_cop_body_ids"):
        user._cop_body_ids = list(
            Seat.objects.current(on).filter(user=user).values_list("body_id", flat=True)
        )
    return user._cop_body_ids


def meetings_visible_to(user):
    """Public meetings for everyone; members' meetings for members who accepted the code of
    conduct; a body-only meeting for that body's current seat holders (and the staff roles)."""
    visible = Q(audience=Meeting.Audience.PUBLIC)
    if member_selectors.can_use_member_features(user) or is_staff_role(user):
        visible |= Q(audience=Meeting.Audience.MEMBERS)
    if is_staff_role(user):
        visible |= Q(audience=Meeting.Audience.BODY)
    elif user.is_authenticated:
        visible |= Q(audience=Meeting.Audience.BODY, body_id__in=body_ids_of(user))
    return Meeting.objects.filter(visible)


def upcoming(queryset, now=None):
    return queryset.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")


def oversight_committee():
    return Body.objects.filter(kind=Body.Kind.OVERSIGHT).first()
