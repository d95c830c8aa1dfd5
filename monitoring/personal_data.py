"""Monitoring's part of a person's export and erasure (see ``core.personal_data``).

The CoP's monitoring records stay, kept or written by "Former member" (the account row is
anonymised): the journal, the maturity assessments, the weights, the chair's reports and
their audit trails, the stored snapshots (history is never rewritten). A quarter's sign-in
rows stay too, as attendance does in committees: they carry no name, and without them a
quarter computed again would count one active member fewer. The person's name, e-mail and
phone are taken out of every text where anyone wrote them.

A recognition granted *to* the person is deleted, not anonymised: its only purpose is to
honour that person in public (a certificate, a line on a profile), and "an award to a former
member" tells the CoP nothing while its citation and period still point at one person. What
the CoP must keep of it is already kept elsewhere: a report sent to the committees is filed
as a document, whose text the repository's eraser scrubs. Recognitions the person granted
(to others, as a member of the Oversight Committee) stay, granted by "Former member"."""

from django.db.models import Q

from core.personal_data import Contribution, record, register, scrub_column

from .models import (
    JournalEntry,
    JournalEvent,
    JournalFiling,
    MaturityAssessment,
    MaturityRating,
    ParticipationWeight,
    QuarterlyReport,
    QuarterSignIn,
    Recognition,
    ReportEvent,
    Snapshot,
)


def export(user):
    yield (
        "monitoring-sign-ins",
        (
            record(s, "year", "quarter", "first_at")
            for s in QuarterSignIn.objects.filter(user=user).order_by("year", "quarter")
        ),
    )
    yield (
        "monitoring-recognitions",
        (
            record(r, "award", "citation", "period_start", "period_end", "points", "granted_at")
            | {"granted_to_me": r.user_id == user.pk, "recipient": r.recipient_name}
            for r in Recognition.objects.filter(Q(user=user) | Q(granted_by=user))
            .select_related("organisation", "user")
            .order_by("pk")
        ),
    )
    yield (
        "monitoring-journal-entries",
        (
            record(e, "kind", "title", "text", "recorded_on", "visibility", "created_at")
            for e in JournalEntry.objects.filter(author=user)
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "monitoring-journal-actions",
        (
            record(e, "entry", "action", "at")
            for e in JournalEvent.objects.filter(actor=user).select_related("entry").order_by("pk")
        ),
    )
    yield (
        "monitoring-journals-filed",
        (
            record(f, "year", "quarter", "document", "entry_count", "filed_at")
            for f in JournalFiling.objects.filter(filed_by=user).select_related("document")
        ),
    )
    yield (
        "monitoring-maturity-assessments",
        (
            record(a, "year", "quarter", "note", "recorded_at")
            for a in MaturityAssessment.objects.filter(recorded_by=user).order_by("pk")
        ),
    )
    yield (
        "monitoring-snapshots-computed",
        (
            record(s, "year", "quarter", "version", "computed_at")
            for s in Snapshot.objects.filter(computed_by=user).order_by("pk")
        ),
    )
    yield (
        "monitoring-weights-set",
        (
            record(w, "activity", "points", "updated_at")
            for w in ParticipationWeight.objects.filter(updated_by=user)
        ),
    )
    yield (
        "monitoring-reports",
        (
            record(r, "year", "quarter", "commentary", "status", "sent_at")
            | {
                "sent_by_me": r.sent_by_id == user.pk,
                "last_edited_by_me": r.updated_by_id == user.pk,
            }
            for r in QuarterlyReport.objects.filter(Q(sent_by=user) | Q(updated_by=user))
        ),
    )
    yield (
        "monitoring-report-actions",
        (
            record(e, "report", "action", "at")
            for e in ReportEvent.objects.filter(actor=user).select_related("report")
        ),
    )


def erase(user, erasure):
    from django.db import transaction

    from core.page_cache import bump_version

    deleted, _rows = Recognition.objects.filter(user=user).delete()
    if deleted:
        # Profiles and pages that showed the recognition are cached.
        transaction.on_commit(bump_version)
    for model, name in [
        (Recognition, "award"),
        (Recognition, "citation"),
        (JournalEntry, "title"),
        (JournalEntry, "text"),
        (MaturityAssessment, "note"),
        (MaturityRating, "rationale"),
        (QuarterlyReport, "commentary"),
    ]:
        scrub_column(model, name, erasure)


register(
    Contribution(
        app_label="monitoring",
        models=(
            "monitoring.QuarterSignIn",
            "monitoring.Snapshot",
            "monitoring.JournalEntry",
            "monitoring.JournalEvent",
            "monitoring.JournalFiling",
            "monitoring.MaturityAssessment",
            "monitoring.ParticipationWeight",
            "monitoring.Recognition",
            "monitoring.QuarterlyReport",
            "monitoring.ReportEvent",
        ),
        export=export,
        erase=erase,
    )
)
