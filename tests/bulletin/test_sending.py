"""Distribution of an edition against a real SMTP server (aiosmtpd on 127.0.0.1): one
message or one recorded permanent failure per subscriber, whatever the server does."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bulletin import sending, services
from bulletin.models import Delivery, Subscriber
from bulletin.subscriptions import services as subscription_services
from bulletin.subscriptions import tokens
from tests import factories
from tests.bulletin.smtp_server import Recorder, SMTPServer, free_port
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

REFUSED = "nobody@example.org"


@pytest.fixture
def smtp_port(settings):
    """Django's SMTP backend pointed at a port nobody answers on (yet)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


def reader(email, status=Subscriber.Status.SUBSCRIBED):
    return Subscriber.objects.create(
        email=email,
        status=status,
        source=Subscriber.Source.PUBLIC,
        confirmed_at=timezone.now() if status == Subscriber.Status.SUBSCRIBED else None,
    )


def _statuses(edition):
    return dict(edition.deliveries.values_list("subscriber__email", "status"))


def test_server_down_then_temporary_errors_and_a_refusal_end_with_one_message_or_one_failure(
    smtp_port, settings
):
    edition = factories.published()
    for n in range(12):
        reader(f"reader{n}@example.org")
    reader(REFUSED)
    total = sending.create_deliveries(edition)
    assert total == 14  # twelve readers, the refused address and the submitter (a member)
    now = timezone.now()

    # 1. Nobody answers: the first batch is to be retried after the first delay; the run stops.
    report = sending.send_due(batch_size=4, now=now)
    assert report.sent == 0
    assert "ConnectionRefusedError" in report.connection_error
    retried = edition.deliveries.filter(status=Delivery.Status.FAILED_TEMPORARY)
    assert retried.count() == 4
    assert {(d.attempts, d.next_attempt_at) for d in retried} == {
        (1, now + datetime.timedelta(seconds=settings.BULLETIN_RETRY_DELAY))
    }
    assert edition.deliveries.filter(status=Delivery.Status.PENDING).count() == total - 4

    # 2. The server answers: five messages, then three temporary errors; one address refused.
    recorder = Recorder(
        refuse={REFUSED: "550 5.1.1 No such mailbox here"}, temporary_after=5, temporary_count=3
    )
    with SMTPServer(smtp_port, recorder):
        for hour in range(1, 6):
            sending.send_due(batch_size=4, now=now + datetime.timedelta(hours=hour))
            if not edition.deliveries.exclude(status__in=["sent", "failed-permanent"]).exists():
                break

    statuses = _statuses(edition)
    assert statuses.pop(REFUSED) == Delivery.Status.FAILED_PERMANENT
    assert set(statuses.values()) == {Delivery.Status.SENT}
    assert dict(recorder.received) == dict.fromkeys(statuses, 1)
    refused = edition.deliveries.get(subscriber__email=REFUSED)
    assert refused.last_error.startswith("550 5.1.1 No such mailbox")
    # Every message sent once, plus the four refused connections, the three 451s and the 550.
    attempts = sum(edition.deliveries.values_list("attempts", flat=True))
    assert attempts == len(statuses) + 4 + 3 + 1
    assert all(d.sent_at and d.message_id for d in edition.deliveries.filter(status="sent"))


def test_each_message_has_both_parts_an_unsubscribe_link_and_the_one_click_headers(smtp_port):
    edition = factories.published()
    subscriber = reader("reader@example.org")
    sending.create_deliveries(edition)
    recorder = Recorder()

    with SMTPServer(smtp_port, recorder):
        sending.send_due()

    (message,) = [m for m in recorder.messages if m["To"] == "reader@example.org"]
    link = tokens.unsubscribe_url(subscriber)
    assert message["List-Unsubscribe"].strip() == f"<{link}>"  # folded if long
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == edition.deliveries.get(subscriber=subscriber).message_id
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text
    assert f'href="{link}"' in html
    assert edition.title in text and edition.title in html

    # What the mail provider does with the header: one POST, no cookie, no CSRF token.
    path = re.sub(r"^https?://[^/]+", "", link)
    assert Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_an_address_is_given_up_after_the_last_attempt(smtp_port, settings):
    settings.BULLETIN_MAX_ATTEMPTS = 3
    edition = factories.published()
    reader("reader@example.org")
    sending.create_deliveries(edition)
    now = timezone.now()

    for day in range(4):
        sending.send_due(now=now + datetime.timedelta(days=day))

    delivery = edition.deliveries.get(subscriber__email="reader@example.org")
    assert delivery.status == Delivery.Status.FAILED_PERMANENT
    assert delivery.attempts == 3
    assert delivery.last_error.startswith("Gave up after 3 attempts: ConnectionRefusedError")


def test_the_retry_delay_doubles_up_to_a_day(settings):
    settings.BULLETIN_RETRY_DELAY = 60
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert sending.backoff(40) == datetime.timedelta(days=1)


def test_a_claimed_row_is_taken_over_only_after_the_lease(settings):
    settings.BULLETIN_SEND_LEASE = 600
    edition = factories.published()
    reader("reader@example.org")
    sending.create_deliveries(edition)
    rows = edition.deliveries.all()
    now = timezone.now()

    first = sending.claim(limit=100, now=now)
    assert set(rows.values_list("status", "claim_token")) == {("sending", first)}

    # A second worker a moment later gets nothing: the first one is still at work.
    second = sending.claim(limit=100, now=now + datetime.timedelta(seconds=599))
    assert not rows.filter(claim_token=second).exists()

    # Once the lease ran out, the rows are the next worker's; the first one's claim is void.
    third = sending.claim(limit=100, now=now + datetime.timedelta(seconds=601))
    assert set(rows.values_list("claim_token", flat=True)) == {third}
    assert sending._mine(rows.first(), first).update(status="sent", sent_at=now) == 0


def test_only_published_editions_are_sent(smtp_port):
    edition = factories.edition(items=1)
    reader("reader@example.org")
    sending.create_deliveries(edition)
    recorder = Recorder()

    with SMTPServer(smtp_port, recorder):
        report = sending.send_due()

    assert report.batches == 0
    assert recorder.messages == []


def test_who_receives_an_edition(smtp_port):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    member = PersonFactory().user
    opted_out = PersonFactory().user
    subscription_services.member_set_subscribed(acting_user=opted_out, subscribed=False)
    former = PersonFactory(removed_at=timezone.now()).user
    subscription_services.member_set_subscribed(acting_user=former, subscribed=True)
    reader("confirmed@example.org")
    reader("unconfirmed@example.org", status=Subscriber.Status.PENDING)
    submitter = edition.sections.get().items.get().submission.submitted_by
    services.edition_publish(edition=edition, acting_user=coordinator)

    assert sending.create_deliveries(edition) == 3
    assert sending.create_deliveries(edition) == 3  # again: nobody twice
    recipients = set(edition.deliveries.values_list("subscriber__email", flat=True))
    assert recipients == {member.email, submitter.email, "confirmed@example.org"}


def test_publishing_sends_the_edition_to_every_recipient_in_the_background(
    send_on_commit, mailoutbox
):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    for n in range(5):
        reader(f"reader{n}@example.org")

    with send_on_commit():
        services.edition_publish(edition=edition, acting_user=coordinator)

    editions = [m for m in mailoutbox if "List-Unsubscribe" in m.extra_headers]
    submitter = edition.sections.get().items.get().submission.submitted_by
    assert sorted(m.to[0] for m in editions) == sorted(
        [f"reader{n}@example.org" for n in range(5)] + [submitter.email]
    )
    assert set(edition.deliveries.values_list("status", flat=True)) == {"sent"}


def test_someone_who_unsubscribes_before_the_send_receives_nothing(smtp_port):
    edition = factories.published()
    subscriber = reader("reader@example.org")
    sending.create_deliveries(edition)
    subscription_services.subscriber_unsubscribe(token=tokens.unsubscribe_token(subscriber))
    recorder = Recorder()

    with SMTPServer(smtp_port, recorder):
        sending.send_due()

    assert "reader@example.org" not in recorder.received
    assert not edition.deliveries.filter(subscriber=subscriber).exists()


def test_a_member_receives_it_at_their_current_account_address(smtp_port):
    edition = factories.published()
    member = PersonFactory().user
    sending.create_deliveries(edition)
    member.email = "moved@example.org"
    member.save()
    recorder = Recorder()

    with SMTPServer(smtp_port, recorder):
        sending.send_due()

    assert recorder.received["moved@example.org"] == 1


# --- the coordinator's view --------------------------------------------------------------


def _failed_edition():
    edition = factories.published()
    for n in range(3):
        reader(f"reader{n}@example.org")
    sending.create_deliveries(edition)
    now = timezone.now()
    rows = list(edition.deliveries.order_by("pk"))
    Delivery.objects.filter(pk=rows[0].pk).update(status="sent", sent_at=now, attempts=1)
    Delivery.objects.filter(pk=rows[1].pk).update(
        status="failed-permanent", attempts=1, last_error="550 5.1.1 <b>No such mailbox</b>"
    )
    Delivery.objects.filter(pk=rows[2].pk).update(
        status="failed-temporary", attempts=2, last_error="451 try later", next_attempt_at=now
    )
    return edition, rows


def test_the_coordinator_sees_progress_and_each_failed_address_with_its_error(
    client, django_assert_num_queries
):
    edition, rows = _failed_edition()
    coordinator = factories.coordinator()
    assert client.login(email=coordinator.email, password=PASSWORD)
    url = reverse("bulletin:deliveries", kwargs={"pk": edition.pk})

    # session, user, the user's staff groups, the edition, the counts by status, the failed
    # rows with their subscribers.
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()

    total = edition.deliveries.count()
    assert f"1 of {total} messages sent" in page
    assert rows[1].subscriber.email in page
    assert "550 5.1.1 &lt;b&gt;No such mailbox&lt;/b&gt;" in page
    assert rows[2].subscriber.email in page and "451 try later" in page


def test_the_progress_page_costs_the_same_with_more_failures(client, django_assert_num_queries):
    edition, _rows = _failed_edition()
    for n in range(20):
        subscriber = reader(f"more{n}@example.org")
        Delivery.objects.create(
            edition=edition, subscriber=subscriber, status="failed-permanent", last_error="550"
        )
    coordinator = factories.coordinator()
    assert client.login(email=coordinator.email, password=PASSWORD)

    with django_assert_num_queries(6):  # as above
        client.get(reverse("bulletin:deliveries", kwargs={"pk": edition.pk}))


def test_only_coordinators_see_the_distribution(client):
    edition, _rows = _failed_edition()
    url = reverse("bulletin:deliveries", kwargs={"pk": edition.pk})

    assert client.get(url).status_code == 302  # to sign in
    member = factories.member()
    assert client.login(email=member.email, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_a_draft_has_no_distribution_page(client):
    edition = factories.edition(items=1)
    coordinator = factories.coordinator()
    assert client.login(email=coordinator.email, password=PASSWORD)

    assert client.get(reverse("bulletin:deliveries", kwargs={"pk": edition.pk})).status_code == 404


def test_a_worker_that_stalled_past_its_lease_leaves_the_rows_taken_over(settings):
    settings.BULLETIN_SEND_LEASE = 600
    edition = factories.published()
    reader("reader@example.org")
    sending.create_deliveries(edition)
    now = timezone.now()
    slow = sending.claim(limit=100, now=now)
    mine = list(edition.deliveries.filter(claim_token=slow))
    later = now + datetime.timedelta(seconds=601)
    sending.claim(limit=100, now=later)  # another worker takes them over

    held = sending._Claim(slow, mine, clock=lambda: later, claimed_at=now)

    assert [held.holds(delivery) for delivery in mine] == [False] * len(mine)
