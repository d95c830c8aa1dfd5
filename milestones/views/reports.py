"""The administration team's page of reach reports (``/milestones/reports/``): the figures
waiting for verification, each verified or returned with a note through the members
services, the figures returned, and who has and has not reported a year. Anyone else gets a
404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from members import services as member_services
from members.models import ReachFigure

from .. import selectors


def _team_only(request):
    if not selectors.can_verify(request.user):
        raise Http404
    two_factor.require_second_factor(request)


@login_required
def overview(request):
    _team_only(request)
    default = selectors.reporting_year()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1963 <= int(year) <= 2100 else default
    organisations = selectors.reporting_overview(year)
    return render(
        request,
        "milestones/reports.html",
        {
            "waiting": selectors.figures_waiting(),
            "returned": selectors.figures_returned(),
            "year": year,
            "years": range(default, default - 6, -1),
            "organisations": organisations,
            "not_reported": sum(1 for o in organisations if not o.reported),
        },
    )


def _figure(pk):
    return get_object_or_404(ReachFigure.objects.select_related("programme", "county"), pk=pk)


def _back():
    return HttpResponseRedirect(reverse("milestones:reports"))


@login_required
@require_POST
def verify(request, pk):
    _team_only(request)
    figure = _figure(pk)
    try:
        member_services.reach_figure_verify(figure=figure, acting_user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Not allowed.")])))
    else:
        messages.success(request, _("Verified: %(figure)s.") % {"figure": figure})
    return _back()


@login_required
@require_POST
def return_figure(request, pk):
    _team_only(request)
    figure = _figure(pk)
    try:
        member_services.reach_figure_return(
            figure=figure, note=request.POST.get("note", ""), acting_user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Not allowed.")])))
    else:
        messages.success(request, _("Returned: %(figure)s.") % {"figure": figure})
    return _back()
