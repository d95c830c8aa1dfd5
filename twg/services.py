"""Writes about Thematic Working Groups: join requests and their answers, the roster, and
the Oversight Committee's status decisions. Each function checks the caller may act, runs in
a transaction, locks the row it changes, and mails after commit."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import services as committee_services
from committees.models import Seat
from core import mail
from members import selectors as member_selectors

from . import selectors
from .models import JoinRequest, StatusDecision, WorkingGroup


def _url(name, working_group):
    return settings.SITE_URL + reverse(name, kwargs={"slug": working_group.body.slug})


def _close_seat(seat, today=None):
    """End a seat now. A term's end day still counts (``Seat.objects.current`` includes it),
    so the last day is yesterday; a seat that started today (or later) is deleted instead,
    as it holds no history. The person's places at the group's coming members-only meetings
    are given up."""
    today = today or timezone.localdate()
    user, body = seat.user, seat.body
    if seat.starts_on < today:
        seat.ends_on = today - datetime.timedelta(days=1)
        seat.save(update_fields=["ends_on"])
    else:
        seat.delete()
    committee_services.registrations_withdraw_lost_access(user=user, body=body)


# --- Join requests -------------------------------------------------------------------------


def join_request_create(*, working_group, user, motivation=""):
    """A member asks to join a group; its lead is told by e-mail."""
    if not member_selectors.can_use_member_features(user):
        raise PermissionDenied
    with transaction.atomic():
        working_group = (
            WorkingGroup.objects.select_for_update().select_related("body").get(pk=working_group.pk)
        )
        if working_group.status == WorkingGroup.Status.TERMINATED:
            raise ValidationError(
                _("%(name)s has been terminated: it takes no new members.")
                % {"name": working_group.name},
                code="terminated",
            )
        if selectors.current_seat_of(user, working_group):
            raise ValidationError(
                _("You are already on the roster of %(name)s.") % {"name": working_group.name},
                code="already_member",
            )
        if selectors.pending_request_of(user, working_group):
            raise ValidationError(
                _("Your request to join %(name)s is already waiting for the lead.")
                % {"name": working_group.name},
                code="pending",
            )
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(
                    working_group=working_group, user=user, motivation=motivation.strip()
                )
        except IntegrityError:
            raise ValidationError(
                _("Your request to join %(name)s is already waiting for the lead.")
                % {"name": working_group.name},
                code="pending",
            ) from None
        recipients = selectors.lead_emails(working_group)
        if recipients:
            mail.send_email(
                "twg/email/join_requested",
                recipients,
                {
                    "join_request": join_request,
                    "working_group": working_group,
                    "person": member_selectors.person_for(user),
                    "url": _url("twg:requests", working_group),
                },
            )
    return join_request


def _locked_pending(join_request, acting_user, to):
    working_group = join_request.working_group
    if not selectors.is_lead(acting_user, working_group):
        raise PermissionDenied
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("working_group__body", "user")
        .get(pk=join_request.pk)
    )
    if not join_request.can_transition(to):
        raise ValidationError(
            _("This request was already answered (%(status)s).")
            % {"status": join_request.get_status_display().lower()},
            code="answered",
        )
    return join_request


def _mail_answer(join_request):
    mail.send_email(
        "twg/email/join_answered",
        [join_request.user.email],
        {
            "join_request": join_request,
            "working_group": join_request.working_group,
            "url": _url("twg:detail", join_request.working_group),
        },
    )


def join_request_approve(*, join_request, acting_user):
    """The lead approves: the person gets a member's seat for their organisation."""
    with transaction.atomic():
        join_request = _locked_pending(join_request, acting_user, JoinRequest.Status.APPROVED)
        working_group = join_request.working_group
        applicant = join_request.user
        if working_group.status == WorkingGroup.Status.TERMINATED:
            raise ValidationError(
                _("%(name)s has been terminated: it takes no new members.")
                % {"name": working_group.name},
                code="terminated",
            )
        if not member_selectors.has_member_access(applicant):
            raise ValidationError(
                _("%(person)s is no longer a member of the CoP: decline the request instead.")
                % {"person": applicant},
                code="not_member",
            )
        seat = selectors.current_seat_of(applicant, working_group)
        if seat is None:
            person = member_selectors.person_for(applicant)
            seat = Seat.objects.create(
                body=working_group.body,
                user=applicant,
                organisation=person.organisation,
                role=Seat.Role.MEMBER,
                starts_on=timezone.localdate(),
            )
        join_request.status = JoinRequest.Status.APPROVED
        join_request.decided_by = acting_user
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_by", "decided_at"])
        _mail_answer(join_request)
    return seat


def join_request_decline(*, join_request, note, acting_user):
    """The lead declines, saying why; the person is told."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why you decline the request."), code="note_required")
    with transaction.atomic():
        join_request = _locked_pending(join_request, acting_user, JoinRequest.Status.DECLINED)
        join_request.status = JoinRequest.Status.DECLINED
        join_request.note = note
        join_request.decided_by = acting_user
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "note", "decided_by", "decided_at"])
        _mail_answer(join_request)
    return join_request


# --- Roster --------------------------------------------------------------------------------


def roster_remove(*, seat, acting_user):
    """The lead takes a member off the roster (their rights end at once). Leading seats are
    handed over by the administration team, not here."""
    working_group = seat.body.working_group
    if not selectors.is_lead(acting_user, working_group):
        raise PermissionDenied
    with transaction.atomic():
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        if seat.user_id == acting_user.pk:
            raise ValidationError(_("To leave the group yourself, use Leave."), code="self")
        if seat.role != Seat.Role.MEMBER:
            raise ValidationError(
                _("A leading seat is handed over by the administration team."), code="leading"
            )
        if not seat.is_current():
            raise ValidationError(_("This seat has already ended."), code="ended")
        _close_seat(seat)


def working_group_leave(*, working_group, user):
    """A member leaves: their member's seat ends now. A lead hands over their seat first."""
    with transaction.atomic():
        seats = list(
            Seat.objects.current().select_for_update().filter(body=working_group.body, user=user)
        )
        if not seats:
            raise ValidationError(
                _("You are not on the roster of %(name)s.") % {"name": working_group.name},
                code="not_member",
            )
        if any(seat.role != Seat.Role.MEMBER for seat in seats):
            raise ValidationError(
                _(
                    "You hold a leading seat in %(name)s. Ask the administration team to hand it "
                    "over before you leave."
                )
                % {"name": working_group.name},
                code="leading",
            )
        for seat in seats:
            _close_seat(seat)


# --- Status decisions ----------------------------------------------------------------------


def working_group_decide(
    *,
    working_group,
    status,
    decided_on,
    relevance,
    alignment,
    stakeholder_interest,
    acting_user,
):
    """Record the Oversight Committee's decision changing a group's status."""
    if not selectors.can_decide(acting_user):
        raise PermissionDenied
    reasons = {
        "relevance": (relevance or "").strip(),
        "alignment": (alignment or "").strip(),
        "stakeholder_interest": (stakeholder_interest or "").strip(),
    }
    if not all(reasons.values()):
        raise ValidationError(
            _("Give the three reasons: relevance, alignment and stakeholder interest."),
            code="reasons_required",
        )
    if decided_on > timezone.localdate():
        raise ValidationError(
            _("A decision is recorded once taken: give today or an earlier date."),
            code="future_date",
        )
    with transaction.atomic():
        working_group = (
            WorkingGroup.objects.select_for_update().select_related("body").get(pk=working_group.pk)
        )
        if not working_group.can_transition(status):
            raise ValidationError(
                _("The group is %(current)s: it cannot become %(new)s.")
                % {
                    "current": working_group.get_status_display().lower(),
                    "new": WorkingGroup.Status(status).label.lower(),
                },
                code="invalid_transition",
            )
        if status == WorkingGroup.Status.ESTABLISHED:
            missing = []
            if working_group.lead_agency_id is None:
                missing.append(_("a lead agency"))
            if selectors.chair_of(selectors.roster(working_group)) is None:
                missing.append(_("a chair with a current seat"))
            if missing:
                raise ValidationError(
                    _("To establish the group, it first needs %(missing)s.")
                    % {"missing": _(" and ").join(missing)},
                    code="not_ready",
                )
        decision = StatusDecision.objects.create(
            working_group=working_group,
            status=status,
            decided_on=decided_on,
            recorded_by=acting_user,
            **reasons,
        )
        working_group.status = status
        working_group.save(update_fields=["status"])
        if status == WorkingGroup.Status.TERMINATED:
            # Nobody leads or meets in a terminated group any more.
            committee_services.body_wind_up(
                body=working_group.body,
                reason=_("%(name)s was terminated by the Oversight Committee.")
                % {"name": working_group.name},
            )
    return decision
