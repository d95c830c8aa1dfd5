"""The demo's privileged accounts sign in with two-factor, as the portal asks of them
(decision 0028): each gets a TOTP authenticator, whose secret ``seed_demo`` prints beside
the password so that anyone trying the portal can add it to an authenticator app."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt

from committees import selectors as committee_selectors
from committees.models import Seat
from members import selectors as member_selectors


def is_privileged(user):
    """Staff, a staff group, or a seat that grants a right (reviewing, deciding, convening)."""
    return (
        user.is_staff
        or committee_selectors.is_staff_role(user)
        or member_selectors.can_review(user)
        or member_selectors.can_decide(user)
        or Seat.objects.current().filter(user=user, role__in=Seat.LEADING_ROLES).exists()
    )


def seed(users):
    """A TOTP authenticator for each privileged account (kept on a second run). Returns
    ``{email: secret}``."""
    secrets = {}
    for email, user in sorted(users.items()):
        if not is_privileged(user):
            continue
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        else:
            secret = decrypt(authenticator.data["secret"])
        secrets[email] = secret
    return secrets
