"""Background work of the bulletin: sending an edition's e-mails in batches.

``sending.queue_edition`` enqueues one :func:`send_deliveries` per batch when an edition is
published; with several workers the batches go out in parallel, each over its own SMTP
connection. ``manage.py send_bulletin`` (cron) runs :func:`send_due_deliveries` to pick up
retries and rows a crashed worker left behind."""

from django_tasks import task

from . import sending


@task()
def send_deliveries(*, edition_id=None, batch_size=None):
    """Send one batch of an edition's due deliveries. Returns the counts."""
    report = sending.send_batch(edition_id=edition_id, batch_size=batch_size)
    return {
        "sent": report.sent,
        "retry": report.failed_temporary,
        "failed": report.failed_permanent,
    }


@task()
def send_due_deliveries(*, edition_id=None, batch_size=None):
    """Send every due delivery, batch after batch. Returns the counts."""
    report = sending.send_due(edition_id=edition_id, batch_size=batch_size)
    return {
        "sent": report.sent,
        "retry": report.failed_temporary,
        "failed": report.failed_permanent,
    }
