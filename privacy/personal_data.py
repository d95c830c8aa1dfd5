"""The privacy app's own part of a person's export and erasure: the ledger, exports, the
closure record and the registers (see ``core.personal_data``)."""

from django.utils import timezone

from core.personal_data import FORMER_MEMBER, Contribution, record, register, scrub_column

from .models import AccountClosure, Breach, Consent, DataExport, DataSubjectRequest


def export(user):
    yield (
        "privacy-consents",
        (
            record(c, "purpose", "notice_version", "method", "given_at", "withdrawn_at")
            for c in Consent.objects.filter(user=user).order_by("given_at")
        ),
    )
    yield (
        "privacy-exports",
        (
            record(e, "status", "requested_at", "ready_at", "downloaded_at")
            for e in DataExport.objects.filter(user=user)
        ),
    )


def erase(user, erasure):
    # The ledger stays as the proof of what was consented to, and when; what still stood
    # is withdrawn by the closure.
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_how=Consent.Method.CLOSURE
    )
    for data_export in DataExport.objects.filter(user=user).exclude(file=""):
        erasure.delete_file(data_export.file.storage, data_export.file.name)
    DataExport.objects.filter(user=user).delete()
    DataSubjectRequest.objects.filter(user=user).update(
        requester_name=FORMER_MEMBER, requester_email=""
    )
    if erasure.email:
        DataSubjectRequest.objects.filter(requester_email__iexact=erasure.email).update(
            requester_name=FORMER_MEMBER, requester_email=""
        )
    for name in ("details", "how_verified", "action_taken", "requester_name"):
        scrub_column(DataSubjectRequest, name, erasure)
    scrub_column(AccountClosure, "reason", erasure)
    for name in ("title", "description", "measures"):
        scrub_column(Breach, name, erasure)


register(
    Contribution(
        app_label="privacy",
        models=(
            "privacy.Consent",
            "privacy.DataExport",
            "privacy.AccountClosure",
            "privacy.DataSubjectRequest",
            "privacy.Breach",
        ),
        export=export,
        erase=erase,
    )
)
