"""Users: the factory, staff in a role, permissions, the admin's two-factor login, and its
actions posted as the changelist posts them."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
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


def admin_login(client, user):
    """Log ``user`` in with two-factor authentication set up, as the admin site requires."""
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


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
