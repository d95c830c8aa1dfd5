"""The bulletin in the admin: statuses are shown, and changed only by actions that call the
services."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Delivery, Edition, Submission, SubmissionEvent, Subscriber
from tests import factories
from tests.factories import admin_action, messages_of

pytestmark = pytest.mark.django_db
LEFT = timezone.now() - datetime.timedelta(days=30)


def reader(email="reader@example.org", status=Subscriber.Status.SUBSCRIBED):
    return Subscriber.objects.create(
        email=email,
        status=status,
        source=Subscriber.Source.PUBLIC,
        confirmed_at=timezone.now() if status == Subscriber.Status.SUBSCRIBED else None,
        unsubscribed_at=LEFT if status == Subscriber.Status.UNSUBSCRIBED else None,
    )


_years = itertools.count(2030)


def delivery(status, subscriber=None, **fields):
    edition = factories.published(year=next(_years))
    values = {"attempts": 5, "last_error": "550 No such user"}
    if status == Delivery.Status.SENT:
        values = {"attempts": 1, "sent_at": timezone.now()}
    values.update(fields)
    return Delivery.objects.create(
        edition=edition, subscriber=subscriber or reader(), status=status, **values
    )


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("edition", lambda: factories.edition()),
        ("submission", lambda: factories.submission()),
        ("subscriber", lambda: reader()),
        ("delivery", lambda: delivery(Delivery.Status.FAILED_PERMANENT)),
    ],
)
def test_the_change_form_shows_the_status_without_a_field_for_it(admin_client, model, make):
    obj = make()

    response = admin_client.get(reverse(f"admin:bulletin_{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="status"' not in html
    assert 'name="attempts"' not in html


def test_publishing_an_edition_from_the_admin_goes_through_the_service(
    admin_client, staff_user, mailoutbox, send_on_commit
):
    edition = factories.edition(items=1)
    submission = Submission.objects.get(edition_item__section__edition=edition)
    reader("reader@example.org")

    with send_on_commit():
        response = admin_action(admin_client, "bulletin_edition", "edition_publish", [edition])

    assert response.status_code == 302
    edition.refresh_from_db()
    submission.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    assert submission.status == Submission.Status.PUBLISHED
    event = submission.events.get(action=SubmissionEvent.Action.PUBLISHED)
    assert event.actor == staff_user
    told = [m for m in mailoutbox if "List-Unsubscribe" not in m.extra_headers]
    assert [m.to for m in told] == [[submission.submitted_by.email]]
    sent = sorted(m.to[0] for m in mailoutbox if "List-Unsubscribe" in m.extra_headers)
    assert sent == sorted(["reader@example.org", submission.submitted_by.email])
    assert messages_of(response) == [("success", "1 edition(s) published: sending has started.")]


def test_an_edition_published_since_the_list_was_shown_is_refused_and_not_published_again(
    admin_client, mailoutbox, send_on_commit
):
    edition = factories.published()
    published_at = Edition.objects.get(pk=edition.pk).published_at
    events = SubmissionEvent.objects.count()
    mailoutbox.clear()

    with send_on_commit():
        response = admin_action(admin_client, "bulletin_edition", "edition_publish", [edition])

    edition.refresh_from_db()
    assert edition.published_at == published_at
    assert SubmissionEvent.objects.count() == events
    assert mailoutbox == []
    assert messages_of(response) == [
        ("warning", f"{edition}: This edition is published: it can no longer change.")
    ]


def test_an_empty_edition_is_refused_and_the_others_are_published(admin_client, send_on_commit):
    empty = factories.edition(year=2027, quarter=1)
    ready = factories.edition(year=2027, quarter=2, items=1)

    with send_on_commit():
        response = admin_action(admin_client, "bulletin_edition", "edition_publish", [empty, ready])

    assert Edition.objects.get(pk=empty.pk).status == Edition.Status.DRAFT
    assert Edition.objects.get(pk=ready.pk).status == Edition.Status.PUBLISHED
    assert messages_of(response) == [
        ("warning", f"{empty}: Place at least one accepted item in the edition first."),
        ("success", "1 edition(s) published: sending has started."),
    ]


def test_unsubscribing_from_the_admin_drops_what_was_not_sent(admin_client):
    subscriber = reader()
    waiting = delivery(Delivery.Status.PENDING, subscriber, attempts=0, last_error="")
    sent = delivery(Delivery.Status.SENT, subscriber)

    response = admin_action(
        admin_client, "bulletin_subscriber", "subscriber_unsubscribe", [subscriber]
    )

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert not Delivery.objects.filter(pk=waiting.pk).exists()
    assert Delivery.objects.filter(pk=sent.pk).exists()
    assert messages_of(response) == [("success", "1 address(es) unsubscribed.")]


def test_an_address_already_unsubscribed_is_refused(admin_client):
    subscriber = reader(status=Subscriber.Status.UNSUBSCRIBED)

    response = admin_action(
        admin_client, "bulletin_subscriber", "subscriber_unsubscribe", [subscriber]
    )

    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == LEFT
    assert messages_of(response) == [
        ("warning", f"{subscriber}: This address is already unsubscribed.")
    ]


def test_a_failed_delivery_sent_again_from_the_admin_reaches_its_reader_once(
    admin_client, mailoutbox, send_on_commit
):
    failed = delivery(Delivery.Status.FAILED_PERMANENT)
    mailoutbox.clear()

    with send_on_commit():
        response = admin_action(admin_client, "bulletin_delivery", "delivery_retry", [failed])

    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert failed.attempts == 1
    assert [m.to for m in mailoutbox] == [[failed.subscriber.email]]
    assert messages_of(response) == [("success", "1 delivery(ies) will be sent again.")]


def test_retrying_waits_for_the_next_run_when_nothing_commits_yet(admin_client):
    failed = delivery(Delivery.Status.FAILED_TEMPORARY, next_attempt_at=timezone.now())

    admin_action(admin_client, "bulletin_delivery", "delivery_retry", [failed])

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (
        Delivery.Status.PENDING,
        0,
        None,
    )


@pytest.mark.parametrize("status", [Delivery.Status.SENT, Delivery.Status.PENDING])
def test_a_delivery_that_did_not_fail_is_not_sent_again(
    admin_client, mailoutbox, send_on_commit, status
):
    row = delivery(status)
    before = Delivery.objects.filter(pk=row.pk).values().get()
    mailoutbox.clear()

    with send_on_commit():
        response = admin_action(admin_client, "bulletin_delivery", "delivery_retry", [row])

    assert Delivery.objects.filter(pk=row.pk).values().get() == before
    assert mailoutbox == []
    label = row.get_status_display().lower()
    assert messages_of(response) == [
        ("warning", f"{row}: This delivery is {label}: only a failed delivery is sent again.")
    ]


def test_a_failed_delivery_to_an_address_that_left_is_not_sent_again(admin_client):
    row = delivery(Delivery.Status.FAILED_PERMANENT, reader(status=Subscriber.Status.UNSUBSCRIBED))

    response = admin_action(admin_client, "bulletin_delivery", "delivery_retry", [row])

    row.refresh_from_db()
    assert row.status == Delivery.Status.FAILED_PERMANENT
    assert messages_of(response) == [
        ("warning", f"{row}: This address no longer receives the bulletin.")
    ]


def test_deliveries_are_not_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:bulletin_delivery_add")).status_code == 403


def test_a_submission_is_accepted_from_the_admin_with_its_summary(
    admin_client, mailoutbox, send_on_commit
):
    item = factories.submission()

    page = admin_action(admin_client, "bulletin_submission", "submission_accept", [item])
    assert page.templates[0].name == "admin/core/action_reason.html"
    with send_on_commit():
        response = admin_action(
            admin_client,
            "bulletin_submission",
            "submission_accept",
            [item],
            post="yes",
            reason="Counties share what works in cash plus.",
        )

    item.refresh_from_db()
    assert (item.status, item.summary) == (
        Submission.Status.ACCEPTED,
        "Counties share what works in cash plus.",
    )
    assert item.events.last().action == SubmissionEvent.Action.ACCEPTED
    assert [m.to for m in mailoutbox] == [[item.submitted_by.email]]
    assert messages_of(response) == [("success", "1 item(s) accepted.")]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submission_decline", Submission.Status.DECLINED),
        ("submission_request_changes", Submission.Status.CHANGES_REQUESTED),
    ],
)
def test_a_submission_is_declined_or_sent_back_from_the_admin_with_a_note(
    admin_client, action, status
):
    item = factories.submission()

    admin_action(
        admin_client, "bulletin_submission", action, [item], post="yes", reason="Too long."
    )

    item.refresh_from_db()
    assert (item.status, item.note_to_submitter) == (status, "Too long.")


def test_a_submission_already_decided_is_not_decided_again_from_the_admin(admin_client):
    item = factories.accepted()

    response = admin_action(
        admin_client, "bulletin_submission", "submission_decline", [item], post="yes", reason="No."
    )

    item.refresh_from_db()
    assert item.status == Submission.Status.ACCEPTED
    assert [level for level, _text in messages_of(response)] == ["warning"]


def test_a_summary_left_empty_is_refused_and_nothing_changes(admin_client):
    item = factories.submission()

    response = admin_action(
        admin_client, "bulletin_submission", "submission_accept", [item], post="yes", reason=""
    )

    assert response.status_code == 200
    assert "Write the summary. Nothing was changed." in response.content.decode()
    item.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED and item.summary == ""
