"""Reads for the pages of the CoP's committees: who sits on them now and who did before."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from members.models import Pillar

from .models import Body, Seat


def _current_seat_filter(prefix, on):
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


KIND_ORDER = [Body.Kind.STEERING, Body.Kind.OVERSIGHT, Body.Kind.ADMINISTRATION, Body.Kind.COUNTY]


def committees_for_list(on=None):
    """The committees (not the working groups) with the number of people sitting on each
    today (one query)."""
    on = on or timezone.localdate()
    return (
        Body.objects.committees()
        .select_related("county")
        .annotate(
            member_count=Count(
                "seats__user", filter=_current_seat_filter("seats__", on), distinct=True
            )
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
