"""Pages of the Thematic Working Groups: the list, a group's page, joining and leaving, the
lead's requests and roster, and the Oversight Committee's status decisions."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from committees.models import Seat
from core.page_cache import cache_public_page

from . import selectors, services
from .forms import DecisionForm, DeclineForm, JoinForm
from .models import JoinRequest, WorkingGroup
from .signals import page_feeds

# Meetings and open action items a group's page lists; the events page has them all.
PAGE_LIST_SIZE = 10


def _working_group(slug):
    try:
        return selectors.working_group_by_slug(slug)
    except WorkingGroup.DoesNotExist:
        raise Http404 from None


def lead_required(view):
    """Let through the group's lead (and the staff roles); anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        working_group = _working_group(slug)
        if not selectors.is_lead(request.user, working_group):
            raise Http404
        two_factor.require_second_factor(request)
        return view(request, working_group, *args, **kwargs)

    return wrapper


def _error_text(error):
    return " ".join(error.messages)


def _detail_url(working_group):
    return reverse("twg:detail", kwargs={"slug": working_group.body.slug})


def _requests_url(working_group):
    return reverse("twg:requests", kwargs={"slug": working_group.body.slug})


def working_group_list(request):
    return render(
        request,
        "twg/list.html",
        {"working_groups": list(selectors.working_groups_for_list())},
    )


@cache_public_page
def working_group_detail(request, slug):
    working_group = _working_group(slug)
    user = request.user
    roster = selectors.roster(working_group)
    upcoming, past, actions = selectors.meetings_of(working_group, user, limit=PAGE_LIST_SIZE)
    my_seat = next((seat for seat in roster if seat.user_id == user.pk), None)
    can_join = selectors.can_join(user)
    return render(
        request,
        "twg/detail.html",
        {
            "working_group": working_group,
            "body": working_group.body,
            "roster": roster,
            "chair": selectors.chair_of(roster),
            "decisions": working_group.decisions.all(),
            "upcoming": upcoming[:PAGE_LIST_SIZE],
            "past": past[:PAGE_LIST_SIZE],
            "actions": actions[:PAGE_LIST_SIZE],
            "more_upcoming": len(upcoming) > PAGE_LIST_SIZE,
            "more_past": len(past) > PAGE_LIST_SIZE,
            "more_actions": len(actions) > PAGE_LIST_SIZE,
            "show_names": can_join,
            "my_seat": my_seat,
            "pending": None
            if my_seat or not can_join
            else selectors.pending_request_of(user, working_group),
            "can_join": can_join,
            "is_lead": selectors.is_lead(user, working_group),
            "can_decide": selectors.can_decide(user),
            "join_form": JoinForm(),
            "feeds": [
                offer
                for _receiver, offer in page_feeds.send(
                    sender=WorkingGroup, working_group=working_group, user=user, request=request
                )
                if offer
            ],
        },
    )


@login_required
@require_POST
def join(request, slug):
    working_group = _working_group(slug)
    form = JoinForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(_detail_url(working_group))
    try:
        services.join_request_create(
            working_group=working_group,
            user=request.user,
            motivation=form.cleaned_data["motivation"],
        )
    except PermissionDenied:
        messages.error(
            request,
            _("Only members of the CoP who accepted the code of conduct can join a working group."),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Your request has gone to the lead. You will get the answer by e-mail."),
        )
    return HttpResponseRedirect(_detail_url(working_group))


@login_required
@require_POST
def leave(request, slug):
    working_group = _working_group(slug)
    try:
        services.working_group_leave(working_group=working_group, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You have left %(name)s.") % {"name": working_group.name})
    return HttpResponseRedirect(_detail_url(working_group))


@lead_required
def join_requests(request, working_group):
    roster = selectors.roster(working_group)
    return render(
        request,
        "twg/requests.html",
        {
            "working_group": working_group,
            "pending_requests": selectors.pending_requests(working_group),
            "roster": roster,
            "member_role": Seat.Role.MEMBER,
        },
    )


def _pending_request(working_group, pk):
    return get_object_or_404(
        JoinRequest.objects.select_related("user", "working_group__body"),
        pk=pk,
        working_group=working_group,
        status=JoinRequest.Status.PENDING,
    )


@require_POST
@lead_required
def join_request_approve(request, working_group, pk):
    join_request = _pending_request(working_group, pk)
    try:
        services.join_request_approve(join_request=join_request, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(person)s is now on the roster.") % {"person": join_request.user},
        )
    return HttpResponseRedirect(_requests_url(working_group))


@lead_required
def join_request_decline(request, working_group, pk):
    join_request = _pending_request(working_group, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_decline(
                join_request=join_request,
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("The request of %(person)s was declined; they have been told.")
                % {"person": join_request.user},
            )
            return HttpResponseRedirect(_requests_url(working_group))
    return render(
        request,
        "twg/decline.html",
        {"working_group": working_group, "join_request": join_request, "form": form},
    )


@require_POST
@lead_required
def roster_remove(request, working_group, seat_pk):
    seat = get_object_or_404(
        Seat.objects.current().select_related("user", "body__working_group"),
        pk=seat_pk,
        body=working_group.body,
    )
    try:
        services.roster_remove(seat=seat, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("%(person)s is no longer on the roster.") % {"person": seat.user}
        )
    return HttpResponseRedirect(_requests_url(working_group))


@login_required
def decide(request, slug):
    if not selectors.can_decide(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    working_group = _working_group(slug)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.working_group_decide(
                working_group=working_group, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("The decision has been recorded: %(name)s is now %(status)s.")
                % {
                    "name": working_group.name,
                    "status": WorkingGroup.Status(form.cleaned_data["status"]).label.lower(),
                },
            )
            return HttpResponseRedirect(_detail_url(working_group))
    return render(
        request,
        "twg/decide.html",
        {"working_group": working_group, "form": form},
    )
