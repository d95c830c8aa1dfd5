"""The reviewers' queue and the page where recommendations and decisions are recorded.

Reviewing and deciding are permissions (``members.review_membershipapplication`` and
``members.decide_membershipapplication``); the committees app grants them through seats."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import two_factor

from .. import selectors, services
from ..forms.review import DecisionForm, RecommendationForm, WaiverForm
from ..models import MembershipApplication

App = MembershipApplication
QUEUE_PAGE_SIZE = 25
QUEUE_TABS = [
    (App.Status.UNDER_REVIEW, gettext_lazy("Under review")),
    (App.Status.SUBMITTED, gettext_lazy("Awaiting nomination")),
    (App.Status.MORE_INFORMATION, gettext_lazy("More information needed")),
    (App.Status.APPROVED, gettext_lazy("Approved")),
    (App.Status.DECLINED, gettext_lazy("Declined")),
]


def _reviewer_required(view):
    """Only reviewers and deciders; anyone else gets 404, so the queue's existence is not
    advertised to people who may not use it."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not (selectors.can_review(request.user) or selectors.can_decide(request.user)):
            raise Http404
        two_factor.require_second_factor(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_reviewer_required
def queue(request):
    status = request.GET.get("status") or App.Status.UNDER_REVIEW
    if status not in dict(QUEUE_TABS):
        status = App.Status.UNDER_REVIEW
    counts = selectors.review_counts()
    paginator = Paginator(selectors.review_queue(status=status), QUEUE_PAGE_SIZE)
    # The tab's count is the list's: no second count of the same rows (issue 7).
    paginator.count = counts.get(status, 0)
    page = paginator.get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in QUEUE_TABS]
    return render(
        request,
        "members/review/queue.html",
        {"page": page, "tabs": tabs, "status": status, "query": f"status={status}"},
    )


def _review_context(request, application, **forms):
    user = request.user
    current = [
        r for r in application.recommendations.all() if r.review_round == application.review_round
    ]
    mine = next((r for r in current if r.reviewer_id == user.pk), None)
    own = application.applicant_id == user.pk  # nobody reviews or decides their own
    can_review = (
        selectors.can_review(user) and application.status == App.Status.UNDER_REVIEW and not own
    )
    can_decide = selectors.can_decide(user) and not own
    return {
        "application": application,
        "recommendations": application.recommendations.all(),
        "current_recommendations": current,
        "events": application.events.all(),
        "recommendation_form": forms.get("recommendation_form")
        or (RecommendationForm(instance=mine) if can_review else None),
        "decision_form": forms.get("decision_form")
        or (
            DecisionForm() if can_decide and application.status == App.Status.UNDER_REVIEW else None
        ),
        "waiver_form": forms.get("waiver_form")
        or (WaiverForm() if can_decide and application.status == App.Status.SUBMITTED else None),
    }


def _load(pk):
    try:
        return selectors.application_for_review(pk)
    except App.DoesNotExist:
        raise Http404 from None


@_reviewer_required
def detail(request, pk):
    application = _load(pk)
    return render(request, "members/review/detail.html", _review_context(request, application))


def _act(request, application, form_name, form, action, success):
    """Run a service from a valid form; show the page again with the errors otherwise."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except services.AlreadyDecided as error:
            messages.warning(request, " ".join(error.messages))
            return redirect(application.get_review_url())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(application.get_review_url())
    return render(
        request,
        "members/review/detail.html",
        _review_context(request, application, **{form_name: form}),
    )


@_reviewer_required
@require_POST
def recommend(request, pk):
    application = _load(pk)
    if not selectors.can_review(request.user):
        raise Http404
    form = RecommendationForm(request.POST)
    return _act(
        request,
        application,
        "recommendation_form",
        form,
        lambda data: services.recommendation_record(
            application=application, reviewer=request.user, **data
        ),
        _("Your recommendation is recorded."),
    )


@_reviewer_required
@require_POST
def decide(request, pk):
    application = _load(pk)
    if not selectors.can_decide(request.user):
        raise Http404
    form = DecisionForm(request.POST)
    return _act(
        request,
        application,
        "decision_form",
        form,
        lambda data: services.application_decide(
            application=application, acting_user=request.user, **data
        ),
        _("The decision is recorded and the applicant is told by e-mail."),
    )


@_reviewer_required
@require_POST
def waive(request, pk):
    application = _load(pk)
    if not selectors.can_decide(request.user):
        raise Http404
    form = WaiverForm(request.POST)
    return _act(
        request,
        application,
        "waiver_form",
        form,
        lambda data: services.nomination_waive(
            application=application, acting_user=request.user, **data
        ),
        _("The nomination is waived; the application is now under review."),
    )
