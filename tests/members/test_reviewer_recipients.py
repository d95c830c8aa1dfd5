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


def test_each_reviewer_gets_their_own_review_notice(send_on_commit):
    from django.core import mail

    from tests.factories import application_under_review, reviewer

    reviewers = [reviewer(), reviewer(), reviewer()]
    with send_on_commit():
        application = application_under_review()

    notices = [m for m in mail.outbox if "Application to review" in m.subject]
    assert sorted(m.to[0] for m in notices) == sorted(r.email for r in reviewers)
    for message in notices:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert application.display_name in message.subject
