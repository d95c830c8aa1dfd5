"""The account's part of a person's export and erasure (see ``core.personal_data``): the
account itself, its e-mail addresses and its two-factor authenticators."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from core.personal_data import FORMER_MEMBER, Contribution, register, when


def export(user):
    yield (
        "accounts-account",
        [
            {
                "email": user.email,
                "full_name": user.full_name,
                "job_title": user.job_title,
                "phone": user.phone,
                "preferred_language": user.preferred_language,
                "date_joined": when(user.date_joined),
                "last_login": when(user.last_login),
                "privacy_consent_at": when(user.privacy_consent_at),
                "groups": list(user.groups.values_list("name", flat=True)),
            }
        ],
    )
    yield (
        "accounts-email-addresses",
        (
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).iterator()
        ),
    )
    # Only which kinds of second factor exist and when they were used: the secrets are not
    # the person's data to carry away, they are the lock on it.
    yield (
        "accounts-two-factor",
        (
            {
                "type": authenticator.get_type_display(),
                "created_at": when(authenticator.created_at),
                "last_used_at": when(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).iterator()
        ),
    )


def erase(user, erasure):
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.full_name = FORMER_MEMBER
    user.email = erasure.placeholder_email
    user.job_title = ""
    user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


register(
    Contribution(
        app_label="accounts",
        models=("accounts.User", "account.EmailAddress", "mfa.Authenticator"),
        export=export,
        erase=erase,
    )
)
