"""Rights that come from seats. Read at every request from the seats current that day, so a
term that ends takes its rights with it at the person's next request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db.models import Q

from members import selectors as member_selectors

from .models import Body, Seat
from .selectors import granting_seats

REVIEW = member_selectors.REVIEW_PERMISSION
DECIDE = member_selectors.DECIDE_PERMISSION

# Which seats grant which permissions: (body kind, roles or None for any role).
GRANTS = {
    REVIEW: [(Body.Kind.OVERSIGHT, None), (Body.Kind.ADMINISTRATION, None)],
    DECIDE: [(Body.Kind.OVERSIGHT, [Seat.Role.CHAIR]), (Body.Kind.ADMINISTRATION, None)],
}


def _seat_filter(permission):
    condition = Q(pk__in=[])
    for kind, roles in GRANTS.get(permission, []):
        part = Q(body__kind=kind)
        if roles:
            part &= Q(role__in=roles)
        condition |= part
    return condition


class SeatBackend(BaseBackend):
    """Authorisation only (it authenticates nobody)."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_seat_perm_cache"):
            seats = [(kind, role) for _body, kind, role in granting_seats(user_obj)]
            granted = set()
            for permission, rules in GRANTS.items():
                for kind, roles in rules:
                    if any(k == kind and (roles is None or r in roles) for k, r in seats):
                        granted.add(permission)
            user_obj._seat_perm_cache = granted
        return user_obj._seat_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        """Users whose current seat grants ``perm`` (for notifications)."""
        users = get_user_model().objects.filter(
            pk__in=Seat.objects.granting().filter(_seat_filter(perm)).values("user")
        )
        return users.filter(is_active=True) if is_active else users
