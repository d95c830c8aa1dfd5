"""Users: the factory, staff in a role, permissions, the admin's two-factor login, and its
actions posted as the changelist posts them."""

import time

import factory
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    job_title = "Programme officer"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth needs for login (pass verified=False to skip)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def outsider():
    """A signed-in user with no membership and no role."""
    return UserFactory()


def grant(user, *permissions):
    """Give ``user`` the "app_label.codename" permissions; each must exist."""
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    # Permissions are cached on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)
    return user


def staff_member(*permissions):
    """A staff user (not a superuser) holding the given "app_label.codename" permissions."""
    return grant(UserFactory(is_staff=True), *permissions)


def in_group(name):
    """A user in the staff group ``name`` (the groups are reference data)."""
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def coordinator():
    """A content coordinator: the moderator."""
    return in_group(CONTENT_COORDINATORS)


def administrator():
    """A member of the SPS administration team."""
    return in_group(ADMINISTRATION_TEAM)


def confirm_second_factor(client, user):
    """Give ``user`` a TOTP authenticator (if they have none) and mark ``client``'s session
    as one whose second factor was confirmed, as allauth does when the person enters their
    code at sign-in: the state a privileged page asks for (accounts/two_factor.py)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "type": Authenticator.Type.TOTP}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client


def admin_login(client, user):
    """Log ``user`` in with two-factor authentication set up and confirmed in the session,
    as the admin site requires."""
    Client.force_login(client, user)
    return confirm_second_factor(client, user)


class PortalClient(Client):
    """The test client of the suite (``client`` fixture). ``force_login`` signs the person in
    as the sign-in form would with their second factor entered (``second_factor=False``:
    with a password only, for the tests of the two-factor rule itself)."""

    def force_login(self, user, backend=None, *, second_factor=True):
        super().force_login(user, backend)
        if second_factor:
            confirm_second_factor(self, user)


def admin_action(client, model, action, objects, **data):
    """Run the admin action ``action`` from the changelist of ``model`` ("app_model") on
    ``objects``, as its form posts it; ``post="yes"`` and a ``reason`` answer the
    intermediate page of an action that asks one."""
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], **data},
    )


def messages_of(response):
    """The messages the admin left for the next page: ``[(level, text), ...]``."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
