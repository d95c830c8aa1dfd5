"""The retention periods enforced: each rule deletes what is past its period (files
through the queue of ``PendingFileDeletion``, so that a storage error is retried and a
database row never outlives or predeceases its file unnoticed). Every rule is idempotent:
run twice, the second run finds nothing."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bulletin.models import Delivery, Edition, Submission, Subscriber
from members.models import ApplicationDocument, Invitation, MembershipApplication

from . import conf, services
from .models import DataExport


def _cutoff(name, now):
    return now - timedelta(days=conf.retention_days(name))


def _delete_applications(queryset):
    deleted = 0
    for application in queryset.iterator():
        try:
            with transaction.atomic():
                paths = list(
                    ApplicationDocument.objects.filter(application=application).values_list(
                        "file", flat=True
                    )
                )
                application.delete()
                for path in paths:
                    services._queue_file_deletion(path)
        except ProtectedError:
            continue
        deleted += 1
    return deleted


def draft_applications(now):
    return _delete_applications(
        MembershipApplication.objects.filter(
            status=MembershipApplication.Status.DRAFT,
            updated_at__lt=_cutoff("draft_applications", now),
        )
    )


def closed_applications(now):
    return _delete_applications(
        MembershipApplication.objects.filter(
            status=MembershipApplication.Status.DECLINED,
            decided_at__lt=_cutoff("closed_applications", now),
        )
    )


def expired_invitations(now):
    deleted, _by_model = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=_cutoff("expired_invitations", now)
    ).delete()
    return deleted


def declined_submissions(now):
    deleted = 0
    rows = Submission.objects.filter(
        status=Submission.Status.DECLINED, submitted_at__lt=_cutoff("declined_submissions", now)
    )
    for submission in rows.iterator():
        try:
            with transaction.atomic():
                path = submission.file.name
                submission.delete()
                services._queue_file_deletion(path)
        except ProtectedError:
            continue
        deleted += 1
    return deleted


def bulletin_deliveries(now):
    deleted, _by_model = Delivery.objects.filter(
        status=Delivery.Status.SENT,
        edition__status=Edition.Status.PUBLISHED,
        sent_at__lt=_cutoff("bulletin_deliveries", now),
    ).delete()
    return deleted


def unconfirmed_subscriptions(now):
    deleted, _by_model = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        user__isnull=True,
        created_at__lt=_cutoff("unconfirmed_subscriptions", now),
    ).delete()
    return deleted


def task_results(now):
    deleted, _by_model = DBTaskResult.objects.filter(
        finished_at__isnull=False, finished_at__lt=_cutoff("task_results", now)
    ).delete()
    return deleted


def sessions(now):
    deleted, _by_model = Session.objects.filter(expire_date__lt=_cutoff("sessions", now)).delete()
    return deleted


def exports(now):
    """Archives past their link's life or kept longer than the period; the rows go too."""
    stale = DataExport.objects.filter(expires_at__lt=now) | DataExport.objects.filter(
        ready_at__lt=_cutoff("exports", now)
    )
    stale = stale | DataExport.objects.filter(status=DataExport.Status.DOWNLOADED)
    deleted = 0
    for export in stale.distinct().iterator():
        with transaction.atomic():
            path = export.file.name
            export.delete()
            services._queue_file_deletion(path)
        deleted += 1
    return deleted


RULES = {
    "draft_applications": draft_applications,
    "closed_applications": closed_applications,
    "expired_invitations": expired_invitations,
    "declined_submissions": declined_submissions,
    "bulletin_deliveries": bulletin_deliveries,
    "unconfirmed_subscriptions": unconfirmed_subscriptions,
    "task_results": task_results,
    "sessions": sessions,
    "exports": exports,
}


def purge_expired(now=None):
    """Run every rule, then retry the files still waiting. Returns ``{rule: count}`` with
    ``files_deleted`` and ``files_failed``."""
    now = now or timezone.now()
    counts = {name: rule(now) for name, rule in RULES.items()}
    counts["files_deleted"], counts["files_failed"] = services.delete_pending_files()
    return counts
