import pytest
from django.contrib.auth.models import Group, Permission

from members import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reviewers_are_found_through_user_permission_group_and_superuser_status():
    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(codename="review_membershipapplication"))
    in_group = UserFactory()
    in_group.groups.add(Group.objects.get(name="Administration team"))
    superuser = UserFactory(is_superuser=True)
    UserFactory()  # no permission
    inactive = UserFactory(is_active=False, is_superuser=True)

    recipients = services._users_with(services.REVIEW_PERMISSION)

    assert sorted(recipients) == sorted([direct.email, in_group.email, superuser.email])
    assert inactive.email not in recipients
