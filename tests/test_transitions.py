"""Every stateful model's transition table, walked through its services (decision 0027).

For each model, ``MACHINES`` says how to make an object in each state (through the services
where a short path exists, otherwise by setting the state on a fresh row: the walk is about
what the service does next, not how the row got there), which services lead to each state,
and which audit record (or trace, for models that keep none) a change leaves. The walk
tries every pair (from, to), from != to, plus the self-loops the table allows: exactly the
pairs in ``TRANSITIONS`` end in ``to`` and leave one more audit row; every other pair is
refused by every service that leads to ``to`` and changes nothing.
"""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bulletin import sending
from bulletin import services as bulletin_services
from bulletin.models import Delivery, Edition, Submission, Subscriber
from bulletin.subscriptions import services as subscription_services
from bulletin.subscriptions import tokens
from committees import services as committee_services
from committees.models import ActionItem, Meeting, Registration, Seat
from core.transitions import Transitions
from discussions import services as discussion_services
from discussions.models import Flag, Thread, ThreadEvent
from members import services as member_services
from members.models import (
    County,
    MembershipApplication,
    Nomination,
    Organisation,
    ReachFigure,
    ReachFigureEvent,
)
from monitoring import services as monitoring_services
from monitoring.models import QuarterlyReport
from monitoring.quarters import Quarter
from privacy import services as privacy_services
from privacy.models import DataExport, DataSubjectRequest
from repository import services as repository_services
from repository.models import Document
from tests import factories
from tests.factories.committees import past_meeting
from tests.factories.discussions import accepted_answer, answer, thread
from twg import services as twg_services
from twg.models import JoinRequest, WorkingGroup

pytestmark = pytest.mark.django_db

# Rows that record a state someone set (an audit trail), not objects with a workflow.
RECORDS = {"members.OrganisationStatusChange", "twg.StatusDecision", "committees.ActionNote"}
# The nomination moves with its application (its states are read by the application's
# services, never changed on their own).
PART_OF_ANOTHER_MACHINE = {"members.Nomination"}


def _set_state(obj, state, field="status"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: state})
    obj.refresh_from_db()
    return obj


# --- Organisations --------------------------------------------------------------------------


def _organisation(state):
    organisation = factories.OrganisationFactory(status=state)
    return SimpleNamespace(obj=organisation, actor=factories.administrator())


def _organisation_status(service):
    def move(ctx):
        service(
            organisation=ctx.obj,
            reason="Decided by the Oversight Committee.",
            acting_user=ctx.actor,
        )

    return move


ORGANISATION = {
    "make": _organisation,
    "moves": {
        Organisation.Status.ACTIVE: [_organisation_status(member_services.organisation_reinstate)],
        Organisation.Status.SUSPENDED: [_organisation_status(member_services.organisation_suspend)],
        Organisation.Status.TERMINATED: [
            _organisation_status(member_services.organisation_terminate)
        ],
    },
    "audit": lambda obj: obj.status_changes.count(),
}


# --- Membership applications ----------------------------------------------------------------

App = MembershipApplication


_names = itertools.count(1)


def _application(state):
    decider = factories.decider()
    name = f"Applicant {next(_names)}"
    if state == App.Status.DRAFT:
        application = factories.draft_application(name=name)
    elif state == App.Status.SUBMITTED:
        application = factories.submitted_application(name=name)
    else:
        application = factories.application_under_review(name=name)
        decision = {
            App.Status.MORE_INFORMATION: member_services.Decision.MORE_INFORMATION,
            App.Status.APPROVED: member_services.Decision.APPROVE,
            App.Status.DECLINED: member_services.Decision.DECLINE,
        }.get(state)
        if decision:
            member_services.application_decide(
                application=application, decision=decision, reason="Seen.", acting_user=decider
            )
    application.refresh_from_db()
    assert application.status == state
    return SimpleNamespace(obj=application, actor=decider)


def _submit(ctx):
    member_services.application_submit(
        application=ctx.obj, acting_user=ctx.obj.applicant, answer="Here is what you asked."
    )


def _submit_already_nominated(ctx):
    """Submitting once the nomination counts (the member invited the applicant)."""
    Nomination.objects.update_or_create(
        application=ctx.obj,
        defaults={"status": Nomination.Status.ENDORSED, "initiated_by_member": True},
    )
    _submit(ctx)


def _nomination_answer(endorse):
    def move(ctx):
        nomination, _created = Nomination.objects.get_or_create(
            application=ctx.obj, defaults={"organisation": ctx.obj.nominating_organisation}
        )
        focal = factories.focal_person(ctx.obj.nominating_organisation).user
        member_services.nomination_respond(
            nomination=nomination, endorse=endorse, comment="We know them.", acting_user=focal
        )

    return move


def _waive(ctx):
    member_services.nomination_waive(
        application=ctx.obj, reason="Known to the committee.", acting_user=ctx.actor
    )


def _decide(decision):
    def move(ctx):
        member_services.application_decide(
            application=ctx.obj, decision=decision, reason="Discussed.", acting_user=ctx.actor
        )

    return move


APPLICATION = {
    "make": _application,
    "moves": {
        App.Status.SUBMITTED: [_submit],
        App.Status.UNDER_REVIEW: [
            _submit,
            _submit_already_nominated,
            _nomination_answer(True),
            _waive,
        ],
        App.Status.DRAFT: [_nomination_answer(False)],
        App.Status.APPROVED: [_decide(member_services.Decision.APPROVE)],
        App.Status.DECLINED: [_decide(member_services.Decision.DECLINE)],
        App.Status.MORE_INFORMATION: [_decide(member_services.Decision.MORE_INFORMATION)],
    },
    "audit": lambda obj: obj.events.count(),
}


# --- Meetings, registrations, action items --------------------------------------------------


def _meeting(state):
    meeting = _set_state(past_meeting(), state)
    return SimpleNamespace(obj=meeting, actor=factories.administrator())


def _meeting_cancel(ctx):
    committee_services.meeting_cancel(
        meeting=ctx.obj, acting_user=ctx.actor, reason="The venue is closed."
    )


def _meeting_record(ctx):
    committee_services.meeting_record(
        meeting=ctx.obj,
        acting_user=ctx.actor,
        attended_ids=[],
        attendee_emails=[],
        minutes="We agreed the work plan.",
    )


MEETING = {
    "make": _meeting,
    "moves": {
        Meeting.Status.CANCELLED: [_meeting_cancel],
        Meeting.Status.HELD: [_meeting_record],
    },
    # No audit model: the trace is the reason or the minutes the change stores.
    "audit": lambda obj: int(bool(obj.cancel_reason)) + int(bool(obj.minutes)),
}


def _registration(state):
    meeting = factories.meeting(audience=Meeting.Audience.PUBLIC, capacity=1)
    registration = factories.register(meeting, factories.member(), status=state)
    return SimpleNamespace(obj=registration, actor=registration.user)


def _register(full):
    def move(ctx):
        meeting = ctx.obj.meeting
        if full:
            factories.register(meeting, factories.member())
        else:
            Meeting.objects.filter(pk=meeting.pk).update(capacity=None)
        committee_services.registration_create(meeting=meeting, user=ctx.obj.user)

    return move


def _registration_cancel(ctx):
    committee_services.registration_cancel(meeting=ctx.obj.meeting, user=ctx.obj.user)


def _promote(ctx):
    """A place frees up: the convener gives the meeting more places."""
    committee_services.meeting_update(
        meeting=ctx.obj.meeting, acting_user=factories.administrator(), capacity=None
    )


REGISTRATION = {
    "make": _registration,
    "moves": {
        Registration.Status.CONFIRMED: [_register(full=False), _promote],
        Registration.Status.WAITLISTED: [_register(full=True)],
        Registration.Status.CANCELLED: [_registration_cancel],
    },
    # No audit model: the trace is the registration time, new when someone registers again.
    "audit": None,
}


def _action_item(state):
    action = factories.action_item(past_meeting(), status=state)
    return SimpleNamespace(obj=action, actor=action.owner_user)


def _note(status):
    def move(ctx):
        committee_services.action_note_add(
            action=ctx.obj, acting_user=ctx.actor, text="Progress.", status=status
        )

    return move


ACTION_ITEM = {
    "make": _action_item,
    "moves": {status: [_note(status)] for status in ActionItem.Status.values},
    "audit": lambda obj: obj.notes.count(),
}


# --- Working groups and join requests -------------------------------------------------------


def _working_group(state):
    group = factories.working_group(status=state)
    factories.seat(group.body, role=Seat.Role.CHAIR)
    return SimpleNamespace(obj=group, actor=factories.administrator())


def _decide_group(status):
    def move(ctx):
        twg_services.working_group_decide(
            working_group=ctx.obj,
            status=status,
            decided_on=timezone.localdate(),
            relevance="Relevant.",
            alignment="Aligned.",
            stakeholder_interest="Wanted.",
            acting_user=ctx.actor,
        )

    return move


WORKING_GROUP = {
    "make": _working_group,
    "moves": {
        WorkingGroup.Status.ESTABLISHED: [_decide_group(WorkingGroup.Status.ESTABLISHED)],
        WorkingGroup.Status.TERMINATED: [_decide_group(WorkingGroup.Status.TERMINATED)],
    },
    "audit": lambda obj: obj.decisions.count(),
}


def _join_request(state):
    group = factories.working_group()
    request = JoinRequest.objects.create(working_group=group, user=factories.member(), status=state)
    return SimpleNamespace(obj=request, actor=factories.administrator())


JOIN_REQUEST = {
    "make": _join_request,
    "moves": {
        JoinRequest.Status.APPROVED: [
            lambda ctx: twg_services.join_request_approve(
                join_request=ctx.obj, acting_user=ctx.actor
            )
        ],
        JoinRequest.Status.DECLINED: [
            lambda ctx: twg_services.join_request_decline(
                join_request=ctx.obj, note="The roster is full.", acting_user=ctx.actor
            )
        ],
    },
    # No audit model: who answered and when are on the row.
    "audit": lambda obj: int(obj.decided_at is not None),
}


# --- Documents ------------------------------------------------------------------------------

DOC = Document.PublicStatus


def _document(state):
    uploader = factories.member()
    visibility = Document.Visibility.MEMBERS if state == DOC.NOT_REQUESTED else "public"
    document = factories.document(uploaded_by=uploader, visibility=visibility)
    if state == Document.WITHDRAWN:
        document = _set_state(document, DOC.PENDING, "public_status")
        Document.objects.filter(pk=document.pk).update(
            withdrawn_at=timezone.now(), withdrawn_reason="Superseded."
        )
        document.refresh_from_db()
    elif state != DOC.NOT_REQUESTED:
        document = _set_state(document, state, "public_status")
    return SimpleNamespace(obj=document, actor=factories.coordinator(), uploader=uploader)


def _edit(visibility, *, by_coordinator):
    """The uploader (or a coordinator) edits the document, choosing ``visibility``."""

    def move(ctx):
        data = {name: getattr(ctx.obj, name) for name in repository_services.METADATA_FIELDS}
        data["visibility"] = visibility
        repository_services.document_update(
            document=ctx.obj,
            acting_user=ctx.actor if by_coordinator else ctx.uploader,
            data=data,
        )

    return move


def _decide_public(approve):
    def move(ctx):
        repository_services.document_decide_public(
            document=ctx.obj, acting_user=ctx.actor, approve=approve, note="Not for the public."
        )

    return move


def _withdraw(ctx):
    repository_services.document_withdraw(
        document=ctx.obj, acting_user=ctx.actor, reason="Superseded."
    )


DOCUMENT = {
    "make": _document,
    "moves": {
        DOC.NOT_REQUESTED: [_edit(Document.Visibility.MEMBERS, by_coordinator=False)],
        DOC.PENDING: [_edit(Document.Visibility.PUBLIC, by_coordinator=False)],
        DOC.APPROVED: [
            _decide_public(True),
            _edit(Document.Visibility.PUBLIC, by_coordinator=True),
        ],
        DOC.REFUSED: [_decide_public(False)],
        Document.WITHDRAWN: [_withdraw],
    },
    "audit": lambda obj: obj.events.count(),
}


# --- The bulletin ---------------------------------------------------------------------------


def _submission(state):
    coordinator = factories.coordinator()
    if state == Submission.Status.PUBLISHED:
        edition = factories.edition(coordinator, items=1)
        item = Submission.objects.get(edition_item__section__edition=edition)
        bulletin_services.edition_publish(edition=edition, acting_user=coordinator)
        item.refresh_from_db()
    elif state == Submission.Status.ACCEPTED:
        item = factories.accepted(by=coordinator)
    else:
        item = _set_state(factories.submission(), state)
    return SimpleNamespace(obj=item, actor=coordinator)


def _moderate(service, **data):
    def move(ctx):
        service(submission=ctx.obj, acting_user=ctx.actor, **data)

    return move


def _resubmit(ctx):
    item = ctx.obj
    bulletin_services.submission_update(
        submission=item,
        acting_user=item.submitted_by,
        kind=item.kind,
        title=item.title,
        description=item.description,
        link=item.link,
    )


def _place_and_publish(ctx):
    edition = factories.edition(ctx.actor, year=2030, quarter=2)
    section = edition.sections.get()
    bulletin_services.item_add(section=section, submission=ctx.obj, acting_user=ctx.actor)
    bulletin_services.edition_publish(edition=edition, acting_user=ctx.actor)


SUBMISSION = {
    "make": _submission,
    "moves": {
        Submission.Status.SUBMITTED: [_resubmit],
        Submission.Status.ACCEPTED: [_moderate(bulletin_services.submission_accept, summary="S.")],
        Submission.Status.DECLINED: [_moderate(bulletin_services.submission_decline, note="No.")],
        Submission.Status.CHANGES_REQUESTED: [
            _moderate(bulletin_services.submission_request_changes, note="Shorter.")
        ],
        Submission.Status.PUBLISHED: [_place_and_publish],
    },
    "audit": lambda obj: obj.events.count(),
}


def _edition(state):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    if state == Edition.Status.SCHEDULED:
        bulletin_services.edition_schedule(
            edition=edition,
            acting_user=coordinator,
            publish_at=timezone.now() + datetime.timedelta(days=1),
        )
    elif state == Edition.Status.PUBLISHED:
        bulletin_services.edition_publish(edition=edition, acting_user=coordinator)
    edition.refresh_from_db()
    return SimpleNamespace(obj=edition, actor=coordinator)


EDITION = {
    "make": _edition,
    "moves": {
        Edition.Status.SCHEDULED: [
            lambda ctx: bulletin_services.edition_schedule(
                edition=ctx.obj,
                acting_user=ctx.actor,
                publish_at=timezone.now() + datetime.timedelta(days=2),
            )
        ],
        Edition.Status.DRAFT: [
            lambda ctx: bulletin_services.edition_unschedule(edition=ctx.obj, acting_user=ctx.actor)
        ],
        Edition.Status.PUBLISHED: [
            lambda ctx: bulletin_services.edition_publish(edition=ctx.obj, acting_user=ctx.actor)
        ],
    },
    # No audit model for editions: the trace is the publication time, set or moved.
    "audit": None,
}


def _subscriber(state):
    subscriber = Subscriber.objects.create(
        email=f"reader{Subscriber.objects.count()}@example.org",
        status=state,
        unsubscribed_at=timezone.now() if state == Subscriber.Status.UNSUBSCRIBED else None,
    )
    return SimpleNamespace(obj=subscriber, actor=factories.coordinator())


def _confirm(ctx):
    _subscriber_row, changed = subscription_services.subscriber_confirm(
        token=tokens.confirm_token(ctx.obj)
    )
    if not changed:
        raise ValidationError("unchanged")


SUBSCRIBER = {
    "make": _subscriber,
    "moves": {
        Subscriber.Status.SUBSCRIBED: [_confirm],
        Subscriber.Status.UNSUBSCRIBED: [
            lambda ctx: subscription_services.subscriber_unsubscribe_by_staff(
                subscriber=ctx.obj, acting_user=ctx.actor
            )
        ],
    },
    "audit": None,  # the confirmation and unsubscription dates are the trace
}


def _delivery(state):
    edition = factories.published()
    subscriber = Subscriber.objects.create(
        email=f"reader{Subscriber.objects.count()}@example.org", status="subscribed"
    )
    now = timezone.now()
    delivery = Delivery.objects.create(
        edition=edition,
        subscriber=subscriber,
        status=state,
        sent_at=now if state == Delivery.Status.SENT else None,
        claimed_at=now if state == Delivery.Status.SENDING else None,
        next_attempt_at=now if state == Delivery.Status.FAILED_TEMPORARY else None,
    )
    return SimpleNamespace(obj=delivery, actor=factories.administrator())


def _claim(ctx):
    sending.claim(limit=10, now=timezone.now(), edition_id=ctx.obj.edition_id)
    ctx.obj.refresh_from_db()
    if ctx.obj.status != Delivery.Status.SENDING:
        raise ValidationError("not claimed")


DELIVERY = {
    "make": _delivery,
    "moves": {
        Delivery.Status.PENDING: [
            lambda ctx: sending.delivery_retry(delivery=ctx.obj, acting_user=ctx.actor)
        ],
        Delivery.Status.SENDING: [_claim],
    },
    "audit": None,  # the attempts, the error and the sending time are the trace
}


# --- Reach figures ---------------------------------------------------------------------------


def _reach_figure(state):
    focal = factories.focal_person()
    programme = factories.ProgrammeFactory(organisation=focal.organisation)
    figure = ReachFigure.objects.create(
        programme=programme,
        year=2025,
        county=County.objects.get(slug="turkana"),
        reached=12_000,
        source="Programme MIS, June 2025",
        status=state,
        reported_by=focal.user,
    )
    return SimpleNamespace(obj=figure, actor=factories.administrator(), focal=focal.user)


def _figure_verify(ctx):
    member_services.reach_figure_verify(figure=ctx.obj, acting_user=ctx.actor)


def _figure_return(ctx):
    member_services.reach_figure_return(
        figure=ctx.obj, note="The county total is above the MIS export.", acting_user=ctx.actor
    )


def _figure_correct(ctx):
    """The focal person changes the figure: a corrected figure waits for verification."""
    figure = ctx.obj
    member_services.programme_save(
        programme=figure.programme,
        acting_user=ctx.focal,
        figures=[
            {
                "pk": figure.pk,
                "year": figure.year,
                "county": figure.county,
                "unit": figure.unit,
                "reached": figure.reached + 500,
                "source": figure.source,
            }
        ],
    )


REACH_FIGURE = {
    "make": _reach_figure,
    "moves": {
        ReachFigure.Status.VERIFIED: [_figure_verify],
        ReachFigure.Status.RETURNED: [_figure_return],
        ReachFigure.Status.REPORTED: [_figure_correct],
    },
    "audit": lambda obj: ReachFigureEvent.objects.filter(figure=obj).count(),
}


# --- Discussions -----------------------------------------------------------------------------


def _thread(state):
    question = thread()
    post = accepted_answer(question) if state == Thread.Status.ANSWERED else answer(question)
    question.refresh_from_db()
    return SimpleNamespace(obj=question, actor=question.asked_by, post=post)


def _accept(ctx):
    discussion_services.answer_accept(post=ctx.post, acting_user=ctx.actor)


def _unaccept(ctx):
    discussion_services.answer_unaccept(thread=ctx.obj, acting_user=ctx.actor)


def _hide_answer(ctx):
    """A moderator hides the answer: hiding the accepted one takes the acceptance back."""
    discussion_services.post_hide(
        post=ctx.post, acting_user=factories.coordinator(), reason="Personal details."
    )


THREAD = {
    "make": _thread,
    "moves": {
        Thread.Status.ANSWERED: [_accept],
        Thread.Status.OPEN: [_unaccept, _hide_answer],
    },
    "audit": lambda obj: obj.events.count(),
}


def _flag(state):
    moderator = factories.coordinator()
    post = answer(thread())
    flag = discussion_services.flag_create(
        post=post, acting_user=factories.member(), reason="It names a beneficiary."
    )
    if state == Flag.Status.UPHELD:
        discussion_services.post_hide(post=post, acting_user=moderator, reason="Names.")
    elif state == Flag.Status.DISMISSED:
        discussion_services.flag_dismiss(flag=flag, acting_user=moderator)
    flag.refresh_from_db()
    return SimpleNamespace(obj=flag, actor=moderator)


FLAG = {
    "make": _flag,
    "moves": {
        Flag.Status.DISMISSED: [
            lambda ctx: discussion_services.flag_dismiss(
                flag=ctx.obj, acting_user=ctx.actor, note="Nothing wrong."
            )
        ],
        # Hiding the post upholds its open flags.
        Flag.Status.UPHELD: [
            lambda ctx: discussion_services.post_hide(
                post=ctx.obj.post, acting_user=ctx.actor, reason="Names a beneficiary."
            )
        ],
    },
    "audit": lambda obj: ThreadEvent.objects.filter(post=obj.post_id).count(),
}


# --- Monitoring -------------------------------------------------------------------------------

_quarters = itertools.count(0)


def _report(state):
    factories.seat(factories.oversight(), role=Seat.Role.CHAIR)
    team = factories.administrator()
    number = next(_quarters)
    quarter = Quarter(2025 - number // 4, number % 4 + 1)
    monitoring_services.report_save_commentary(
        quarter=quarter, acting_user=team, commentary="A quarter of steady work."
    )
    if state == QuarterlyReport.Status.SENT:
        monitoring_services.report_send(quarter=quarter, acting_user=team)
    report = QuarterlyReport.objects.get(year=quarter.year, quarter=quarter.number)
    return SimpleNamespace(obj=report, actor=team, quarter=quarter)


QUARTERLY_REPORT = {
    "make": _report,
    "moves": {
        QuarterlyReport.Status.SENT: [
            lambda ctx: monitoring_services.report_send(quarter=ctx.quarter, acting_user=ctx.actor)
        ],
    },
    "audit": lambda obj: obj.events.count(),
}


# --- Privacy ----------------------------------------------------------------------------------


def _export(state):
    token = f"link-{next(_names)}"
    now = timezone.now()
    opened = state in (DataExport.Status.READY, DataExport.Status.DOWNLOADED)
    export = DataExport.objects.create(
        user=factories.member(),
        status=state,
        token_hash=privacy_services._hash(token),
        ready_at=None if state == DataExport.Status.PENDING else now,
        expires_at=now + datetime.timedelta(hours=1) if opened else None,
        downloaded_at=now if state == DataExport.Status.DOWNLOADED else None,
    )
    return SimpleNamespace(obj=export, actor=export.user, token=token)


def _download(late):
    def move(ctx):
        now = timezone.now() + datetime.timedelta(days=2 if late else 0)
        try:
            privacy_services.export_claim(user=ctx.actor, token=ctx.token, now=now)
        except ValidationError as error:
            if error.code != "expired":
                raise  # a late link is marked expired, then refused: the mark stays

    return move


DATA_EXPORT = {
    "make": _export,
    "moves": {
        # Entered by the background task (privacy.tasks.build_export), called here as it does.
        DataExport.Status.READY: [
            lambda ctx: privacy_services.export_ready(
                export=ctx.obj, path="privacy/exports/walk.zip", size=2048
            )
        ],
        DataExport.Status.FAILED: [lambda ctx: privacy_services.export_failed(export=ctx.obj)],
        DataExport.Status.DOWNLOADED: [_download(late=False)],
        DataExport.Status.EXPIRED: [_download(late=True)],
    },
    # No audit model: the ready and download times are on the row, a failure in the log and
    # the task's result.
    "audit": None,
}


def _subject_request(state):
    request = DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.ACCESS,
        requester_name="Amina Wanjiru",
        details="A copy of what the CoP keeps about me.",
        status=state,
        action_taken="" if state == DataSubjectRequest.Status.OPEN else "Answered by letter.",
        done_on=None if state == DataSubjectRequest.Status.OPEN else timezone.localdate(),
    )
    return SimpleNamespace(obj=request, actor=factories.administrator())


def _answer_request(refused):
    def move(ctx):
        privacy_services.request_answer(
            request=ctx.obj,
            action_taken="Sent the copy by e-mail." if not refused else "Not the requester.",
            refused=refused,
            acting_user=ctx.actor,
        )

    return move


DATA_SUBJECT_REQUEST = {
    "make": _subject_request,
    "moves": {
        DataSubjectRequest.Status.DONE: [_answer_request(refused=False)],
        DataSubjectRequest.Status.REFUSED: [_answer_request(refused=True)],
    },
    # No audit model: the answer's date and the action taken are the trace.
    "audit": lambda obj: int(obj.done_on is not None),
}


MACHINES = {
    Organisation: ORGANISATION,
    ReachFigure: REACH_FIGURE,
    MembershipApplication: APPLICATION,
    Meeting: MEETING,
    Registration: REGISTRATION,
    ActionItem: ACTION_ITEM,
    WorkingGroup: WORKING_GROUP,
    JoinRequest: JOIN_REQUEST,
    Document: DOCUMENT,
    Submission: SUBMISSION,
    Edition: EDITION,
    Subscriber: SUBSCRIBER,
    Delivery: DELIVERY,
    Thread: THREAD,
    Flag: FLAG,
    QuarterlyReport: QUARTERLY_REPORT,
    DataExport: DATA_EXPORT,
    DataSubjectRequest: DATA_SUBJECT_REQUEST,
}


def _states(model):
    return list(model.TRANSITIONS)


def _pairs():
    for model, machine in MACHINES.items():
        for source, target in itertools.product(_states(model), machine["moves"]):
            if source == target and target not in model.TRANSITIONS[source]:
                continue  # staying put is not a transition (an action's note may keep it)
            yield pytest.param(model, source, target, id=f"{model.__name__}:{source}->{target}")


def _label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_with_a_status_has_one_table_over_all_its_states():
    found = set()
    for model in apps.get_models():
        ours = str(settings.BASE_DIR) in str(model._meta.app_config.path)
        if not ours or "site-packages" in str(model._meta.app_config.path):
            continue
        if _label(model) in RECORDS | PART_OF_ANOTHER_MACHINE:
            continue
        field = next((f for f in model._meta.fields if f.name == "status" and f.choices), None)
        if field is None:
            continue
        found.add(model)
        assert issubclass(model, Transitions), f"{_label(model)} has no transition table"
        assert model in MACHINES, f"{_label(model)}'s table is not walked here"
        states = {value for value, _label_ in field.choices}
        assert set(model.TRANSITIONS) == states, _label(model)
        for source, targets in model.TRANSITIONS.items():
            assert set(targets) <= states, f"{_label(model)}: {source} -> {targets}"
    # Documents keep their state in two fields (public status, withdrawal): walked too.
    assert found | {Document} == set(MACHINES)


def test_a_state_no_service_leads_to_has_no_way_in():
    """The walk covers every target of every table: a state reached by no service listed
    here is reached by no transition either."""
    for model, machine in MACHINES.items():
        reached = {t for targets in model.TRANSITIONS.values() for t in targets}
        unwalked = reached - set(machine["moves"])
        # A delivery's outcome is set by the sending worker, in bulk (bulletin/sending.py),
        # and walked by tests/bulletin/test_sending*.py.
        if model is Delivery:
            unwalked -= {Delivery.Status.SENT, *sending_outcomes()}
        assert not unwalked, f"{model.__name__}: no service here leads to {unwalked}"


def sending_outcomes():
    return {Delivery.Status.FAILED_TEMPORARY, Delivery.Status.FAILED_PERMANENT}


def _attempt(move, ctx, model):
    """Run ``move`` in a savepoint; return the state it left, or None when refused (and
    then nothing was changed)."""
    obj = ctx.obj
    try:
        with transaction.atomic():
            move(ctx)
    except (ValidationError, PermissionDenied):
        return None
    fresh = model.objects.get(pk=obj.pk)
    return fresh.state


@pytest.mark.parametrize(("model", "source", "target"), list(_pairs()))
def test_exactly_the_allowed_transitions_pass_each_with_its_audit_row(
    model, source, target, mailoutbox
):
    machine = MACHINES[model]
    allowed = target in model.TRANSITIONS[source]
    outcomes = []
    for move in machine["moves"][target]:
        ctx = machine["make"](source)
        assert ctx.obj.state == source
        assert ctx.obj.can_transition(target) is allowed
        audit = machine["audit"]
        before = audit(ctx.obj) if audit else None
        left = _attempt(move, ctx, model)
        fresh = model.objects.get(pk=ctx.obj.pk)
        if left is None:
            assert fresh.state == source, "a refused change must change nothing"
            if audit:
                assert audit(fresh) == before, "a refused change must leave no audit row"
        elif left == target and audit:
            assert audit(fresh) > before, "the change must leave its audit row"
        outcomes.append(left)
    if allowed:
        assert target in outcomes, f"no service moved {source} to {target}: {outcomes}"
    else:
        assert target not in outcomes, f"{source} -> {target} is not in the table"
