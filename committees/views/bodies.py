"""Public pages of the CoP's committees: who sits on them, for which organisation, and since
when. Roles, organisations and terms are public (the CoP's governance is open to see); the
names of the people holding the seats are shown to members only, like the rest of the
directory's personal details."""

from django.http import Http404
from django.shortcuts import render

from .. import selectors
from ..models import Body

UPCOMING_SHOWN = 10


def bodies(request):
    return render(
        request,
        "committees/bodies.html",
        {
            "bodies": list(selectors.committees_for_list()),
            "sees_all_actions": selectors.is_staff_role(request.user),
        },
    )


def body_detail(request, slug):
    try:
        body = selectors.committee_by_slug(slug)
    except Body.DoesNotExist:
        raise Http404 from None
    composition = None
    if body.kind == Body.Kind.OVERSIGHT:
        composition = selectors.oversight_composition(body)
    return render(
        request,
        "committees/body_detail.html",
        {
            "body": body,
            "seats": selectors.current_seats(body),
            "past_seats": selectors.past_seats(body),
            "composition": composition,
            "show_names": selectors.can_see_names(request.user),
            "meetings": list(
                selectors.upcoming(selectors.meetings_visible_to(request.user).filter(body=body))[
                    :UPCOMING_SHOWN
                ]
            ),
            "can_convene": selectors.can_convene(request.user, body),
        },
    )
