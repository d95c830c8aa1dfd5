"""Meeting pages: scheduling, the meeting page, registration, recording what happened, and
the follow-up of action items. Every meeting is found through ``meetings_visible_to``; what a
person may not see or run is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from core.forms import add_service_error
from members import selectors as member_selectors

from .. import selectors, services, signals
from ..forms import (
    ActionFilterForm,
    ActionItemForm,
    ActionNoteForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingRecordForm,
    ResolutionForm,
)
from ..models import ActionItem, Body, Meeting


def _visible_meeting(request, pk):
    try:
        return selectors.meetings_visible_to(request.user).select_related("body", "host").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _convened_meeting(request, pk):
    """A meeting the user may see and convene (404 otherwise)."""
    meeting = _visible_meeting(request, pk)
    if not selectors.can_convene(request.user, meeting.body):
        raise Http404
    two_factor.require_second_factor(request)
    return meeting


# --- Scheduling -----------------------------------------------------------------------------


@login_required
def meeting_new(request):
    slug = request.GET.get("body", "")
    body = get_object_or_404(Body, slug=slug) if slug else None
    if not selectors.can_convene(request.user, body):
        raise Http404
    two_factor.require_second_factor(request)
    initial = {}
    if body is not None and body.kind == Body.Kind.WORKING_GROUP:
        initial["kind"] = Meeting.Kind.TWG
    elif body is not None:
        initial["kind"] = Meeting.Kind.COMMITTEE
    form = MeetingForm(request.POST or None, body=body, series=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.meeting_schedule(
                acting_user=request.user,
                body=body,
                months=form.cleaned_data.get("months") or 1,
                **form.service_arguments(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if len(meetings) > 1:
                messages.success(
                    request,
                    _("%(count)d monthly meetings are scheduled.") % {"count": len(meetings)},
                )
            else:
                messages.success(request, _("The meeting is scheduled."))
            return HttpResponseRedirect(meetings[0].get_absolute_url())
    return render(
        request,
        "committees/meeting_form.html",
        {"form": form, "body": body, "rotation": selectors.hosting_rotation(limit=5)},
    )


@login_required
def meeting_edit(request, pk):
    meeting = _convened_meeting(request, pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Http404
    form = MeetingForm(request.POST or None, instance=meeting, body=meeting.body)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, acting_user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "committees/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "rotation": selectors.hosting_rotation(limit=5),
        },
    )


@login_required
def meeting_cancel(request, pk):
    meeting = _convened_meeting(request, pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise Http404
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is cancelled; those registered are told."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(request, "committees/meeting_cancel.html", {"form": form, "meeting": meeting})


# --- The meeting page -----------------------------------------------------------------------


def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_for_page(pk=pk, user=request.user)
    except Meeting.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    # A convener sees the registrations and the record's links once this session confirmed
    # their second factor; before that, the page as a member sees it and a link to confirm.
    convenes = selectors.can_convene(request.user, meeting.body)
    can_convene = convenes and two_factor.second_factor_confirmed(request)
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "now": now,
            "has_started": meeting.starts_at <= now,
            "has_ended": meeting.ends_at <= now,
            "can_convene": can_convene,
            "second_factor_url": two_factor.step_url(request.get_full_path())
            if convenes and not can_convene
            else "",
            "registration": selectors.registration_of(request.user, meeting),
            "counts": selectors.registration_counts(meeting),
            "registrations": selectors.meeting_registrations(meeting) if can_convene else [],
            "may_register": _may_register(request.user, meeting),
            "show_names": selectors.can_see_names(request.user),
            # Apps above this one (the repository) link what they made from the record.
            "record_links": signals.links_for_meeting_page(meeting=meeting, user=request.user)
            if meeting.status == Meeting.Status.HELD
            else [],
        },
    )


def _may_register(user, meeting):
    """Whether to offer the registration button (the service decides again)."""
    if not user.is_authenticated:
        return False
    if meeting.audience == Meeting.Audience.MEMBERS:
        return member_selectors.can_use_member_features(user) or selectors.is_staff_role(user)
    return True


@require_POST
@login_required
def meeting_register(request, pk):
    meeting = _visible_meeting(request, pk)
    if not _may_register(request.user, meeting):
        raise Http404
    try:
        registration = services.registration_create(meeting=meeting, user=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if registration.status == registration.Status.CONFIRMED:
            messages.success(request, _("You are registered: your place is confirmed."))
        else:
            messages.info(
                request,
                _(
                    "The meeting is full: you are on the waiting list, and we will e-mail you "
                    "if a place frees up."
                ),
            )
    return HttpResponseRedirect(meeting.get_absolute_url())


@require_POST
@login_required
def meeting_unregister(request, pk):
    # One's own registration can be given up even for a meeting one may no longer see.
    meeting = Meeting.objects.filter(pk=pk, registrations__user=request.user).first()
    if meeting is None:
        meeting = _visible_meeting(request, pk)
    try:
        services.registration_cancel(meeting=meeting, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return HttpResponseRedirect(meeting.get_absolute_url())


# --- After the meeting ----------------------------------------------------------------------


@login_required
def meeting_record(request, pk):
    meeting = _convened_meeting(request, pk)
    if meeting.status == Meeting.Status.CANCELLED or meeting.starts_at > timezone.now():
        messages.error(request, _("A meeting is recorded once it has taken place."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    registrations = selectors.meeting_registrations(meeting)
    form = MeetingRecordForm(request.POST or None, meeting=meeting, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                meeting=meeting,
                acting_user=request.user,
                attended_ids=form.cleaned_data["attended"],
                attendee_emails=form.cleaned_data["attendee_emails"],
                minutes=form.cleaned_data["minutes"],
                recording_url=form.cleaned_data.get("recording_url", ""),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is recorded as held."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(request, "committees/meeting_record.html", {"form": form, "meeting": meeting})


@login_required
def meeting_resolution_add(request, pk):
    meeting = _convened_meeting(request, pk)
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_add(
                meeting=meeting, acting_user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The resolution is recorded."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request, "committees/meeting_resolution_form.html", {"form": form, "meeting": meeting}
    )


@login_required
def meeting_action_add(request, pk):
    meeting = _convened_meeting(request, pk)
    form = ActionItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_add(
                meeting=meeting, acting_user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The action item is recorded; its owner is told."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request, "committees/meeting_action_form.html", {"form": form, "meeting": meeting}
    )


# --- Action items -------------------------------------------------------------------------


def action_detail(request, pk):
    try:
        action = selectors.action_for_page(pk=pk, user=request.user)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    may_note = selectors.is_action_owner(request.user, action) or selectors.can_convene(
        request.user, action.meeting.body
    )
    form = ActionNoteForm(request.POST or None, action=action) if may_note else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.action_note_add(
                    action=action,
                    acting_user=request.user,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your progress note is saved."))
                return HttpResponseRedirect(reverse("committees:action", kwargs={"pk": action.pk}))
    return render(
        request,
        "committees/action_detail.html",
        {
            "action": action,
            "form": form,
            "today": timezone.localdate(),
            "show_names": selectors.can_see_names(request.user),
        },
    )


def action_list(request):
    """The coordinator's overview: every open action the viewer may open, overdue marked."""
    if not selectors.can_follow_actions(request.user):
        raise Http404
    bodies = list(Body.objects.order_by("name"))
    form = ActionFilterForm(request.GET or None, bodies=bodies)
    body, whole_cop, status = None, False, None
    if form.is_valid():
        slug = form.cleaned_data["body"]
        whole_cop = slug == ActionFilterForm.WHOLE_COP
        body = next((b for b in bodies if b.slug == slug), None)
        status = form.cleaned_data["status"] or None
    actions = list(
        selectors.open_actions(user=request.user, body=body, whole_cop=whole_cop, status=status)
    )
    today = timezone.localdate()
    return render(
        request,
        "committees/action_list.html",
        {
            "form": form,
            "actions": actions,
            "today": today,
            "overdue_count": sum(1 for action in actions if action.due_on < today),
            "sees_every_body": selectors.is_administration(request.user),
        },
    )
