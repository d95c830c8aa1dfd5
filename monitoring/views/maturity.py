"""/monitoring/maturity/: the history of the CoP's stage, one assessment, and recording one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import two_factor
from core.forms import add_service_error

from .. import selectors, services
from ..forms import MaturityForm
from ..indicators.registry import all_figures
from ..models import Dimension, MaturityAssessment, Stage


def _require_reader(user):
    if not selectors.can_view_scorecard(user):
        raise Http404


@login_required
def history(request):
    _require_reader(request.user)
    assessments = selectors.maturity_history()
    rows = []
    for assessment in assessments:
        stages = {rating.dimension: rating for rating in assessment.ratings.all()}
        rows.append((assessment, [stages.get(code) for code in Dimension.values]))
    return render(
        request,
        "monitoring/maturity.html",
        {
            "rows": rows,
            "dimensions": Dimension.choices,
            "stages": Stage.choices,
            "can_assess": selectors.can_assess_maturity(request.user),
        },
    )


@login_required
def assessment(request, pk):
    _require_reader(request.user)
    try:
        item = selectors.maturity_assessment(pk=pk, user=request.user)
    except MaturityAssessment.DoesNotExist:
        raise Http404 from None
    labels = {f"{provider.key}.{figure.key}": figure.label for provider, figure in all_figures()}
    ratings = [
        (rating, [labels.get(key, key) for key in rating.indicators])
        for rating in item.ordered_ratings()
    ]
    return render(
        request,
        "monitoring/maturity_assessment.html",
        {"assessment": item, "ratings": ratings},
    )


@login_required
def assess(request):
    if not selectors.can_assess_maturity(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    form = MaturityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.maturity_assess(acting_user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The stage of %(quarter)s is recorded.") % {"quarter": made.period}
            )
            return HttpResponseRedirect(
                reverse("monitoring:maturity_assessment", kwargs={"pk": made.pk})
            )
    return render(request, "monitoring/maturity_form.html", {"form": form})
