"""The bulletin's part of a person's export and erasure (see ``core.personal_data``).
Editions and the items in them are the CoP's: they stay, submitted by "Former member". The
subscription ends and its address is removed; files of declined submissions are deleted."""

from django.db.models import Q
from django.utils import timezone

from core.personal_data import Contribution, record, register, scrub_column, stored_file

from .models import Delivery, Edition, Submission, SubmissionEvent, Subscriber


def _subscribers(user, email):
    return Subscriber.objects.filter(Q(user=user) | Q(email__iexact=email))


def export(user):
    yield (
        "bulletin-submissions",
        (
            record(s, "kind", "title", "description", "status", "summary", "note_to_submitter")
            | record(s, "organisation", "file_name", "submitted_at")
            for s in Submission.objects.filter(submitted_by=user)
            .select_related("organisation")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "bulletin-moderation-actions",
        (
            record(e, "submission", "action", "note", "at")
            for e in SubmissionEvent.objects.filter(actor=user).select_related("submission")
        ),
    )
    yield (
        "bulletin-editions-created",
        (
            record(e, "title", "status", "published_at")
            for e in Edition.objects.filter(created_by=user)
        ),
    )
    yield (
        "bulletin-subscription",
        (
            record(s, "email", "status", "source", "created_at", "confirmed_at")
            | record(s, "unsubscribed_at")
            | {
                "editions_sent": [
                    record(d, "edition", "status", "sent_at")
                    for d in s.deliveries.select_related("edition")
                ]
            }
            for s in _subscribers(user, user.email)
        ),
    )


def files(user):
    submissions = Submission.objects.filter(submitted_by=user).exclude(file="")
    for submission in submissions.only("pk", "file", "file_name").iterator(chunk_size=200):
        yield from stored_file(f"bulletin/{submission.pk}-{submission.file_name}", submission.file)


def erase(user, erasure):
    now = timezone.now()
    for subscriber in _subscribers(user, erasure.email):
        subscriber.email = f"former-subscriber-{subscriber.pk}@closed.invalid"
        subscriber.user = None
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = now
        subscriber.save()
        subscriber.deliveries.filter(
            status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED_TEMPORARY]
        ).update(status=Delivery.Status.FAILED_PERMANENT, last_error="Account closed.")
    declined = Submission.objects.filter(
        submitted_by=user, status=Submission.Status.DECLINED
    ).exclude(file="")
    for submission in declined:
        erasure.delete_file(submission.file.storage, submission.file.name)
    declined.update(file="", file_name="", file_extension="", file_content_type="")
    for model, name in [
        (Submission, "title"),
        (Submission, "description"),
        (Submission, "summary"),
        (Submission, "note_to_submitter"),
        (SubmissionEvent, "note"),
        (Edition, "editorial"),
        (Delivery, "last_error"),
    ]:
        scrub_column(model, name, erasure)


register(
    Contribution(
        app_label="bulletin",
        models=(
            "bulletin.Submission",
            "bulletin.SubmissionEvent",
            "bulletin.Edition",
            "bulletin.Subscriber",
        ),
        export=export,
        erase=erase,
        files=files,
    )
)
