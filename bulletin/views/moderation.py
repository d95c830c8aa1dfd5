"""The content coordinator's moderation of submissions (``/bulletin/moderation/...``): the
queue, the decision on a submission (accept with a summary, decline, ask for changes), and
editing an accepted item's summary. Anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error

from .. import selectors, services
from ..forms import DecisionForm, SummaryForm
from ..models import Submission
from ._common import _coordinator_only, _error_messages, _posted


@login_required
def queue(request):
    _coordinator_only(request)
    return render(
        request,
        "bulletin/queue.html",
        {
            "pending": list(selectors.moderation_queue()),
            "waiting": list(selectors.waiting_for_submitter()),
            "accepted": list(selectors.placeable_submissions()),
        },
    )


@login_required
def review(request, pk):
    _coordinator_only(request)
    try:
        submission = selectors.submission_for_coordinator(pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    form = DecisionForm(_posted(request))
    if request.method == "POST":
        if submission.status != Submission.Status.SUBMITTED:
            raise Http404
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                if decision == DecisionForm.ACCEPT:
                    services.submission_accept(
                        submission=submission,
                        acting_user=request.user,
                        summary=form.cleaned_data["summary"],
                    )
                    done = _("“%(title)s” is accepted.")
                elif decision == DecisionForm.DECLINE:
                    services.submission_decline(
                        submission=submission,
                        acting_user=request.user,
                        note=form.cleaned_data["note"],
                    )
                    done = _("“%(title)s” is declined.")
                else:
                    services.submission_request_changes(
                        submission=submission,
                        acting_user=request.user,
                        note=form.cleaned_data["note"],
                    )
                    done = _("The submitter of “%(title)s” is asked for changes.")
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done % {"title": submission.title})
                return HttpResponseRedirect(reverse("bulletin:queue"))
    return render(
        request,
        "bulletin/review.html",
        {
            "submission": submission,
            "events": submission.events.all(),
            "form": form,
            "summary_form": SummaryForm(initial={"summary": submission.summary}),
        },
    )


@login_required
@require_POST
def summary_edit(request, pk):
    _coordinator_only(request)
    submission = get_object_or_404(Submission, pk=pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.submission_update_summary(
                submission=submission,
                acting_user=request.user,
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The summary is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return HttpResponseRedirect(reverse("bulletin:review", kwargs={"pk": pk}))
