"""Distribution of a published edition by e-mail: resumable, never twice, nobody missed.

``services.edition_publish`` calls :func:`queue_edition` once the publishing transaction
commits. It writes one :class:`~bulletin.models.Delivery` row per edition and recipient (the
pair is unique, so queueing again adds nobody twice) and enqueues background tasks that each
send one batch. ``manage.py send_bulletin`` (cron, every few minutes) runs :func:`send_due`,
which picks up whatever is due: retries after temporary failures, rows a crashed worker left.

How one batch is sent (:func:`send_batch`):

1. **Claim.** In one short transaction the worker selects up to ``BULLETIN_SEND_BATCH``
   claimable rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (two workers never wait on, nor
   take, the same rows) and marks them ``sending`` with its own random ``claim_token`` and
   ``claimed_at``. The update repeats the claimable condition, so on SQLite (no row locks)
   a row two workers both selected still goes to one of them.
2. **Send** over ONE SMTP connection. Whenever a quarter of the lease has passed, the
   worker renews it on all its rows (``claimed_at = now`` where the token is still its own);
   if it stalled so long that another worker took rows over, it leaves those alone. Right
   after the server accepts a message, the row is marked ``sent`` in its own autocommitted
   UPDATE, conditional on the token. No transaction is held open during network I/O.
3. **Failures.** A recipient refused with 5xx → ``failed-permanent`` with the server's
   answer. A 4xx answer, a refused connection, a timeout or a dropped connection →
   ``failed-temporary``, ``attempts + 1``, ``next_attempt_at`` after an exponential
   back-off; after ``BULLETIN_MAX_ATTEMPTS`` the row is given up as ``failed-permanent``.
   When the connection itself fails, every row left in the batch gets the same treatment
   and the run stops (no point hammering a server that is down).

Never missed: a worker killed between steps leaves its rows ``sending``; once
``claimed_at`` is older than ``BULLETIN_SEND_LEASE`` they are claimable again.

The one remaining window: the server accepted a message and the worker died before its
UPDATE committed. That row is sent again after the lease: at most ONE message per killed
worker can be duplicated, because each row is committed before the next message starts.
Closing this window would need the SMTP server to take part in our transaction, which it
cannot; the alternative (mark sent before sending) turns the same crash into a missed
message instead, which we judge worse for a quarterly bulletin.
"""

import contextlib
import datetime
import secrets
import smtplib
from dataclasses import dataclass, field
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from core import mail
from members.models import Person

from . import selectors
from .models import Delivery, Edition, Subscriber
from .rendering import EditionStencils
from .subscriptions.tokens import unsubscribe_url

MAX_BACKOFF = datetime.timedelta(days=1)


# --- who receives an edition ------------------------------------------------------------


def _member_people():
    return Person.objects.with_member_access().select_related("user")


def subscribe_members(*, batch_size=None):
    """Members are subscribed by default: give every member who has no subscriber row yet
    one (an existing row, an opt-out included, is left as it is). Returns how many were
    added."""
    batch_size = batch_size or settings.BULLETIN_SEND_BATCH
    before = Subscriber.objects.count()
    missing = (
        _member_people()
        .filter(user__is_active=True)
        .exclude(Exists(Subscriber.objects.filter(user=OuterRef("user"))))
        .values_list("user_id", "user__email")
    )
    batch = []
    for user_id, email in missing.iterator(chunk_size=batch_size):
        if not email:
            continue
        batch.append(
            Subscriber(
                email=email.strip(),
                user_id=user_id,
                status=Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.MEMBER,
            )
        )
        if len(batch) >= batch_size:
            # A clash on the address (a public sign-up with the same e-mail) keeps that row.
            Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
    return Subscriber.objects.count() - before


def recipients():
    """Subscribers who receive an edition sent now: every subscribed address (confirmed
    public sign-ups, members who did not opt out), except members subscribed by default who
    are no longer members (their row stays, and counts again if they come back)."""
    is_member = Exists(_member_people().filter(user=OuterRef("user"), user__is_active=True))
    return Subscriber.objects.subscribed().filter(~Q(source=Subscriber.Source.MEMBER) | is_member)


def create_deliveries(edition, *, batch_size=None):
    """Create the pending Delivery rows of ``edition`` for its current recipients, in
    batches. Safe to run again: rows that exist are kept as they are. Returns how many rows
    the edition has."""
    batch_size = batch_size or settings.BULLETIN_SEND_BATCH
    subscribe_members(batch_size=batch_size)
    pks = recipients().order_by("pk").values_list("pk", flat=True)
    batch = []
    for pk in pks.iterator(chunk_size=batch_size):
        batch.append(Delivery(edition=edition, subscriber_id=pk))
        if len(batch) >= batch_size:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return Delivery.objects.filter(edition=edition).count()


def queue_edition(edition, *, batch_size=None):
    """Create the edition's Delivery rows, then enqueue one background task per batch of
    rows to send. Returns how many rows the edition has."""
    from .tasks import send_deliveries  # the task module imports this one

    batch_size = batch_size or settings.BULLETIN_SEND_BATCH
    total = create_deliveries(edition, batch_size=batch_size)
    waiting = Delivery.objects.filter(edition=edition, status=Delivery.Status.PENDING).count()
    for _ in range(-(-waiting // batch_size)):
        send_deliveries.enqueue(edition_id=edition.pk, batch_size=batch_size)
    return total


def delivery_retry(*, delivery, acting_user):
    """Send a failed delivery again (the administration team, once what made it fail is
    fixed): it waits to be sent with a fresh count of attempts, and a batch of its edition
    is enqueued once the transaction commits. Refused for any row not failed (a sent row
    set back would send the edition twice; a pending or sending one is on its way) and for
    a subscriber who no longer receives the bulletin."""
    from .tasks import send_deliveries  # the task module imports this one

    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("subscriber")
            .get(pk=delivery.pk)
        )
        if not delivery.can_transition(Delivery.Status.PENDING):
            raise ValidationError(
                gettext("This delivery is %(status)s: only a failed delivery is sent again.")
                % {"status": delivery.get_status_display().lower()},
                code="not_failed",
            )
        if delivery.subscriber.status != Subscriber.Status.SUBSCRIBED:
            raise ValidationError(
                gettext("This address no longer receives the bulletin."), code="unsubscribed"
            )
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.claimed_at = None
        delivery.claim_token = ""
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "claimed_at", "claim_token"]
        )
        edition_id = delivery.edition_id
        transaction.on_commit(lambda: send_deliveries.enqueue(edition_id=edition_id))
    return delivery


# --- sending ------------------------------------------------------------------------------


@dataclass
class SendReport:
    """What one run did: counts by outcome, and whether it stopped on a connection error."""

    sent: int = 0
    failed_temporary: int = 0
    failed_permanent: int = 0
    skipped: int = 0
    batches: int = 0
    connection_error: str = ""
    errors: list = field(default_factory=list)

    def add(self, other):
        for name in ("sent", "failed_temporary", "failed_permanent", "skipped", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.connection_error = other.connection_error or self.connection_error
        self.errors.extend(other.errors)

    def __str__(self):
        text = (
            f"{self.sent} sent, {self.failed_temporary} to retry, "
            f"{self.failed_permanent} failed permanently, {self.skipped} skipped "
            f"in {self.batches} batch(es)"
        )
        if self.connection_error:
            text += f"; stopped: {self.connection_error}"
        return text


class _Clock:
    """``timezone.now``, or a fixed time (tests and retries at a chosen moment)."""

    def __init__(self, now=None):
        self.fixed = now

    def __call__(self):
        return self.fixed or timezone.now()


def _lease():
    return datetime.timedelta(seconds=settings.BULLETIN_SEND_LEASE)


def backoff(attempts):
    """The wait before attempt ``attempts + 1``: the retry delay doubled at each attempt,
    at most a day."""
    delay = datetime.timedelta(seconds=settings.BULLETIN_RETRY_DELAY) * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_BACKOFF)


def claim(*, limit, now, edition_id=None):
    """Claim up to ``limit`` due rows for this worker; returns the worker's claim token."""
    token = secrets.token_hex(16)
    claimable = Delivery.objects.claimable(now=now, lease=_lease()).filter(
        edition__status=Edition.Status.PUBLISHED
    )
    if edition_id is not None:
        claimable = claimable.filter(edition_id=edition_id)
    with transaction.atomic():
        pks = list(
            claimable.select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if pks:
            claimable.filter(pk__in=pks).update(
                status=Delivery.Status.SENDING, claimed_at=now, claim_token=token
            )
    return token


def _mine(delivery, token):
    return Delivery.objects.filter(
        pk=delivery.pk, claim_token=token, status=Delivery.Status.SENDING
    )


def _classify(error):
    """``(permanent, connection_lost, message)`` for an exception raised while sending."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()), (None, b""))
        text = f"{code} {_decode(answer)}"
        return (code is not None and code >= 500), code == 421, text
    if isinstance(error, smtplib.SMTPSenderRefused):
        # The server refuses our sender address: that is the portal's problem, not this
        # recipient's, so it is retried rather than given up.
        return False, error.smtp_code == 421, f"{error.smtp_code} {_decode(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        return code >= 500, code == 421, f"{code} {_decode(error.smtp_error)}"
    # Disconnected, refused, timed out, reset: the connection is gone.
    return False, True, f"{type(error).__name__}: {error}"


def _decode(answer):
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)


def _fail(queryset, *, permanent, error, now):
    """Record a failed attempt on the rows of ``queryset`` (each still claimed by us).
    Returns ``(given up, to retry)``."""
    error = error[:2000]
    if permanent:
        given_up = queryset.update(
            status=Delivery.Status.FAILED_PERMANENT,
            attempts=F("attempts") + 1,
            last_error=error,
            next_attempt_at=None,
            claim_token="",
        )
        return given_up, 0
    given_up = queryset.filter(attempts__gte=settings.BULLETIN_MAX_ATTEMPTS - 1).update(
        status=Delivery.Status.FAILED_PERMANENT,
        attempts=F("attempts") + 1,
        last_error=f"Gave up after {settings.BULLETIN_MAX_ATTEMPTS} attempts: {error}"[:2000],
        next_attempt_at=None,
        claim_token="",
    )
    retried = 0
    # One UPDATE per attempts value: the back-off depends on it.
    for attempts in sorted(set(queryset.values_list("attempts", flat=True))):
        retried += queryset.filter(attempts=attempts).update(
            status=Delivery.Status.FAILED_TEMPORARY,
            attempts=attempts + 1,
            last_error=error,
            next_attempt_at=now + backoff(attempts + 1),
            claim_token="",
        )
    return given_up, retried


def _address(subscriber):
    """A member's current account address (it may have changed since the row was made)."""
    if subscriber.user_id and subscriber.user.email:
        return subscriber.user.email
    return subscriber.email


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or DNS_NAME.get_fqdn()


def build_edition_message(delivery, context, *, connection=None):
    """The message of one delivery: HTML and plain text from ``rendering``, a visible
    unsubscribe link, and the RFC 8058 one-click unsubscribe headers."""
    subscriber = delivery.subscriber
    link = unsubscribe_url(subscriber)
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Kenya Social Protection Bulletin <bulletin.{_site_host()}>",
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
        "Message-ID": make_msgid(domain=DNS_NAME.get_fqdn()),
    }
    if not isinstance(context, EditionStencils):
        context = EditionStencils(delivery.edition, context)
    subject, text, html = context.message_for(subscriber, subscriber.email, link)
    rendered = mail.RenderedEmail(subject=subject, text=text, html=html, headers=headers)
    return mail.build_message(rendered, [_address(subscriber)], connection=connection)


class _Claim:
    """The rows one worker holds. The lease is renewed, for all of them in one UPDATE,
    whenever a quarter of it has passed; a renewal that finds fewer rows than expected
    means the worker stalled past its lease and another one took rows over: those are
    left to it."""

    def __init__(self, token, deliveries, *, clock, claimed_at):
        self.token = token
        self.clock = clock
        self.held = {delivery.pk for delivery in deliveries}
        self.renewed_at = claimed_at
        self.every = _lease() / 4

    @property
    def rows(self):
        return Delivery.objects.filter(claim_token=self.token, status=Delivery.Status.SENDING)

    def holds(self, delivery):
        now = self.clock()
        if now - self.renewed_at >= self.every or now < self.renewed_at:
            if self.rows.update(claimed_at=now) < len(self.held):
                self.held = set(self.rows.values_list("pk", flat=True))
            self.renewed_at = now
        return delivery.pk in self.held

    def release(self, delivery):
        self.held.discard(delivery.pk)


def send_batch(*, edition_id=None, batch_size=None, now=None, contexts=None):
    """Claim one batch of due rows and send it over one SMTP connection. Returns a
    :class:`SendReport`. ``contexts`` caches each edition's rendering context across the
    batches of one run."""
    clock = _Clock(now)
    report = SendReport()
    claimed_at = clock()
    token = claim(
        limit=batch_size or settings.BULLETIN_SEND_BATCH, now=claimed_at, edition_id=edition_id
    )
    deliveries = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related("edition", "subscriber__user")
        .order_by("pk")
    )
    if not deliveries:
        return report
    report.batches = 1
    held = _Claim(token, deliveries, clock=clock, claimed_at=claimed_at)
    remaining = held.rows
    contexts = {} if contexts is None else contexts
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _permanent, _lost, message = _classify(error)
        given_up, retried = _fail(remaining, permanent=False, error=message, now=clock())
        report.failed_permanent += given_up
        report.failed_temporary += retried
        report.connection_error = message
        return report
    try:
        for delivery in deliveries:
            subscriber = delivery.subscriber
            if not held.holds(delivery):
                # Another worker took it over (we stalled past our lease): it is theirs.
                report.skipped += 1
                continue
            held.release(delivery)
            if subscriber.status != Subscriber.Status.SUBSCRIBED:
                # Unsubscribed after the row was made: nothing to send, nothing to keep.
                _mine(delivery, token).delete()
                report.skipped += 1
                continue
            if delivery.edition_id not in contexts:
                contexts[delivery.edition_id] = EditionStencils(delivery.edition)
            message = build_edition_message(
                delivery, contexts[delivery.edition_id], connection=connection
            )
            try:
                connection.send_messages([message])
            except (OSError, smtplib.SMTPException) as error:
                permanent, lost, text = _classify(error)
                report.errors.append((_address(subscriber), text))
                if lost:
                    given_up, retried = _fail(remaining, permanent=False, error=text, now=clock())
                    report.failed_permanent += given_up
                    report.failed_temporary += retried
                    report.connection_error = text
                    break
                given_up, retried = _fail(
                    _mine(delivery, token), permanent=permanent, error=text, now=clock()
                )
                report.failed_permanent += given_up
                report.failed_temporary += retried
                continue
            # Accepted by the server: record it at once (autocommit), before the next one.
            _mine(delivery, token).update(
                status=Delivery.Status.SENT,
                sent_at=clock(),
                attempts=F("attempts") + 1,
                message_id=message.extra_headers["Message-ID"],
                last_error="",
                next_attempt_at=None,
                claim_token="",
            )
            report.sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return report


def send_due(*, edition_id=None, batch_size=None, now=None, max_batches=None):
    """Send batches until nothing is due (or the SMTP server cannot be reached). What a cron
    job or a worker runs: ``manage.py send_bulletin``."""
    report = SendReport()
    contexts = {}
    while max_batches is None or report.batches < max_batches:
        batch = send_batch(edition_id=edition_id, batch_size=batch_size, now=now, contexts=contexts)
        report.add(batch)
        if not batch.batches or batch.connection_error:
            break
    return report
