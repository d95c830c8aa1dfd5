"""Meetings, registrations and action items in the admin: their statuses are shown, and
changed only by actions that call the services (the cancellation e-mail, the waiting list)."""

import pytest
from django.urls import reverse

from committees import services
from committees.models import ActionNote, Meeting, Registration
from tests.factories import (
    action_item,
    admin_action,
    meeting,
    member,
    messages_of,
    past_meeting,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["meeting", "registration", "actionitem"])
def test_the_change_form_shows_the_status_without_a_field_for_it(admin_client, model):
    upcoming = meeting()
    obj = {
        "meeting": lambda: upcoming,
        "registration": lambda: register(upcoming, member()),
        "actionitem": lambda: action_item(upcoming),
    }[model]()

    response = admin_client.get(reverse(f"admin:committees_{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()


def test_cancelling_a_meeting_from_the_admin_asks_why_then_tells_those_registered(
    admin_client, mailoutbox, send_on_commit
):
    upcoming = meeting(title="Budget review")
    attendee = member()
    register(upcoming, attendee)

    page = admin_action(admin_client, "committees_meeting", "meeting_cancel", [upcoming])
    assert page.templates[0].name == "admin/core/action_reason.html"
    assert Meeting.objects.get(pk=upcoming.pk).status == Meeting.Status.SCHEDULED

    with send_on_commit():
        response = admin_action(
            admin_client,
            "committees_meeting",
            "meeting_cancel",
            [upcoming],
            post="yes",
            reason="The venue is closed.",
        )

    upcoming.refresh_from_db()
    assert (upcoming.status, upcoming.cancel_reason, upcoming.registration_open) == (
        Meeting.Status.CANCELLED,
        "The venue is closed.",
        False,
    )
    assert [m.to for m in mailoutbox] == [[attendee.email]]
    assert "The venue is closed." in mailoutbox[0].body
    assert messages_of(response) == [("success", "1 meeting(s) cancelled.")]


def test_a_meeting_cancelled_since_the_question_was_asked_is_refused_and_mailed_once(
    admin_client, staff_user, mailoutbox, send_on_commit
):
    upcoming = meeting()
    register(upcoming, member())
    page = admin_action(admin_client, "committees_meeting", "meeting_cancel", [upcoming])
    assert page.status_code == 200
    with send_on_commit():
        services.meeting_cancel(meeting=upcoming, acting_user=staff_user, reason="Storm.")
    assert len(mailoutbox) == 1

    with send_on_commit():
        response = admin_action(
            admin_client,
            "committees_meeting",
            "meeting_cancel",
            [upcoming],
            post="yes",
            reason="The venue is closed.",
        )

    upcoming.refresh_from_db()
    assert upcoming.cancel_reason == "Storm."
    assert len(mailoutbox) == 1
    assert messages_of(response) == [
        ("warning", f"{upcoming}: This meeting is cancelled: it cannot be cancelled.")
    ]


def test_a_held_meeting_is_not_cancelled_but_the_others_are(admin_client):
    held = past_meeting(title="Held one", status=Meeting.Status.HELD)
    upcoming = meeting(title="Upcoming one")

    response = admin_action(
        admin_client,
        "committees_meeting",
        "meeting_cancel",
        [held, upcoming],
        post="yes",
        reason="Rescheduled.",
    )

    assert Meeting.objects.get(pk=held.pk).status == Meeting.Status.HELD
    assert Meeting.objects.get(pk=upcoming.pk).status == Meeting.Status.CANCELLED
    assert messages_of(response) == [
        ("warning", f"{held}: This meeting is held: it cannot be cancelled."),
        ("success", "1 meeting(s) cancelled."),
    ]


def test_cancelling_a_registration_from_the_admin_moves_the_waiting_list_up(
    admin_client, mailoutbox, send_on_commit
):
    upcoming = meeting(capacity=1)
    placed = register(upcoming, member())
    waiting = register(upcoming, member(), status=Registration.Status.WAITLISTED)

    with send_on_commit():
        response = admin_action(
            admin_client, "committees_registration", "registration_cancel", [placed]
        )

    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert placed.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.user.email]]
    assert messages_of(response) == [("success", "1 registration(s) cancelled.")]


def test_a_cancelled_registration_is_not_cancelled_again(admin_client, mailoutbox):
    upcoming = meeting(capacity=1)
    gone = register(upcoming, member(), status=Registration.Status.CANCELLED)
    waiting = register(upcoming, member(), status=Registration.Status.WAITLISTED)

    response = admin_action(admin_client, "committees_registration", "registration_cancel", [gone])

    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED
    assert messages_of(response) == [
        ("warning", f"{gone}: This registration is already cancelled.")
    ]


def test_registrations_are_not_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:committees_registration_add")).status_code == 403


def test_an_action_items_progress_notes_are_read_only(admin_client):
    action = action_item(meeting())
    ActionNote.objects.create(action=action, author=member(), text="Started.", status="in-progress")

    html = admin_client.get(
        reverse("admin:committees_actionitem_change", args=[action.pk])
    ).content.decode()

    assert "Started." in html
    assert 'name="notes-0-status"' not in html
    assert 'name="notes-0-text"' not in html


def test_an_action_item_is_marked_done_from_the_admin_with_a_progress_note(admin_client):
    action = action_item(past_meeting())

    page = admin_action(admin_client, "committees_actionitem", "action_done", [action])
    assert page.templates[0].name == "admin/core/action_reason.html"

    response = admin_action(
        admin_client,
        "committees_actionitem",
        "action_done",
        [action],
        post="yes",
        reason="The note was shared with the Treasury.",
    )

    action.refresh_from_db()
    assert action.status == "done"
    note = ActionNote.objects.get(action=action)
    assert (note.text, note.status) == ("The note was shared with the Treasury.", "done")
    assert messages_of(response) == [("success", "1 action(s) done.")]


def test_the_admin_refuses_a_move_the_action_items_table_does_not_allow(admin_client):
    """A dropped action is reopened, not marked done straight away."""
    action = action_item(past_meeting(), status="dropped")

    response = admin_action(
        admin_client,
        "committees_actionitem",
        "action_done",
        [action],
        post="yes",
        reason="Done after all.",
    )

    action.refresh_from_db()
    assert action.status == "dropped" and not ActionNote.objects.exists()
    [(level, text)] = messages_of(response)
    assert level == "warning" and "cannot become done" in text


def test_an_empty_progress_note_is_refused_and_nothing_changes(admin_client):
    action = action_item(past_meeting())

    response = admin_action(
        admin_client, "committees_actionitem", "action_start", [action], post="yes", reason=" "
    )

    assert response.status_code == 200
    assert "Write what has been done. Nothing was changed." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open" and not ActionNote.objects.exists()
