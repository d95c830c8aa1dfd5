"""Reads of the privacy app: what a person sees of their own ledger and exports."""

from bulletin.subscriptions.selectors import subscription_of

from . import notices
from .models import Consent, DataExport


def consents_of(user):
    """The uses a person can switch on and off, each with whether it stands now and since
    when: ``[(purpose, label, on, since)]``. The bulletin's state is the bulletin's own."""
    standing = {}
    for consent in Consent.objects.filter(user=user, withdrawn_at__isnull=True).order_by(
        "given_at"
    ):
        standing[consent.purpose] = consent
    rows = []
    for purpose in Consent.WITHDRAWABLE:
        consent = standing.get(purpose)
        on = consent is not None
        if purpose == Consent.Purpose.BULLETIN:
            _subscriber, on = subscription_of(user)
        label = Consent.Purpose(purpose).label
        rows.append((purpose, label, on, consent.given_at if consent else None))
    return rows, standing.get(Consent.Purpose.ACCOUNT)


def ledger_of(user):
    return Consent.objects.filter(user=user).order_by("-given_at", "-pk")[:50]


def notice_read(user):
    return Consent.objects.filter(
        user=user,
        purpose=Consent.Purpose.NOTICE,
        notice_version=notices.current().version,
        withdrawn_at__isnull=True,
    ).first()


def exports_of(user):
    return DataExport.objects.filter(user=user).order_by("-requested_at")[:5]
