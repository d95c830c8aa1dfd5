"""The privacy app's settings, with the defaults the notice states. Each can be set in the
Django settings (``PRIVACY_RETENTION_DAYS = {"sessions": 30}`` changes one period and keeps
the others); the notice reads its figures from here, so it always says what is enforced."""

from django.conf import settings

from core.personal_data import CONTACT_DEFAULTS, contact

# Days after which ``purge_expired`` deletes what it names (see docs/privacy.md).
RETENTION_DAYS = {
    # Applications that were declined, withdrawn or left in draft, with their files.
    "closed_applications": 365,
    "draft_applications": 180,
    # Invitations never accepted, counted from their expiry.
    "expired_invitations": 90,
    # Bulletin delivery records of sent editions, and public sign-ups never confirmed.
    "bulletin_deliveries": 365,
    "unconfirmed_subscriptions": 30,
    # Results of finished background tasks (an e-mail task holds the message).
    "task_results": 14,
    # Expired sign-in sessions.
    "sessions": 0,
    # Data-export archives, from the moment they were ready.
    "exports": 7,
    # Declined bulletin submissions and their files.
    "declined_submissions": 365,
}

# Days to answer each kind of request (Data Protection (General) Regulations, 2021).
REQUEST_DEADLINE_DAYS = {
    "access": 7,
    "correction": 14,
    "erasure": 14,
    "objection": 14,
    "portability": 30,
}

DEFAULTS = {
    "PRIVACY_EXPORT_LINK_HOURS": 72,
}


def retention_days(name):
    return {**RETENTION_DAYS, **getattr(settings, "PRIVACY_RETENTION_DAYS", {})}[name]


def retention():
    return {**RETENTION_DAYS, **getattr(settings, "PRIVACY_RETENTION_DAYS", {})}


def request_deadline_days(kind):
    overrides = getattr(settings, "PRIVACY_REQUEST_DEADLINE_DAYS", {})
    return {**REQUEST_DEADLINE_DAYS, **overrides}.get(kind, 30)


def get(name):
    if name in CONTACT_DEFAULTS:
        return contact(name)
    return getattr(settings, name, DEFAULTS[name])
