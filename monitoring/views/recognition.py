"""/monitoring/recognition/: participation points, their weights, granted recognitions and
their certificates."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import two_factor
from core.forms import add_service_error

from .. import points, selectors, services
from ..forms import PeriodForm, RecognitionForm, WeightsForm
from ..models import Activity, Recognition

# How many people and organisations the points tables list.
TOP = 25


def recognition(request):
    user = request.user
    names = selectors.can_see_names(user)
    today = timezone.localdate()
    default = {"start": today - datetime.timedelta(days=365), "end": today}
    form = PeriodForm(request.GET or None, initial=default)
    period = default
    if request.GET and form.is_valid():
        period = form.cleaned_data
    weights = points.weights()
    people = organisations = []
    if names:
        people, organisations = points.scores(period["start"], period["end"])
    return render(
        request,
        "monitoring/recognition.html",
        {
            "names": names,
            "form": form,
            "period": period,
            "weights": [(label, weights[code]) for code, label in Activity.choices],
            "activities": Activity.choices,
            "people": people[:TOP],
            "organisations": organisations[:TOP],
            "recognitions": selectors.recognitions_for_list(),
            "can_grant": selectors.can_grant_recognition(user),
            "can_set_weights": selectors.can_set_weights(user),
        },
    )


@login_required
def weights(request):
    if not selectors.can_set_weights(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    form = WeightsForm(request.POST or None, current=points.weights())
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_set(acting_user=request.user, weights=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The weights are saved."))
            return HttpResponseRedirect(reverse("monitoring:recognition"))
    return render(request, "monitoring/weights_form.html", {"form": form})


@login_required
def grant(request):
    if not selectors.can_grant_recognition(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    form = RecognitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.recognition_grant(acting_user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(award)s is granted to %(name)s.")
                % {"award": made.award, "name": made.recipient_name},
            )
            return HttpResponseRedirect(reverse("monitoring:recognition"))
    return render(request, "monitoring/recognition_form.html", {"form": form})


def certificate(request, pk):
    try:
        item = selectors.recognition(pk)
    except Recognition.DoesNotExist:
        raise Http404 from None
    return render(request, "monitoring/certificate.html", {"recognition": item})
