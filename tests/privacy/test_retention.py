"""purge_expired deletes what is past its retention period, files included, reports counts,
and finds nothing more the second time."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bulletin.models import Subscriber
from members.models import ApplicationDocument, Invitation, MembershipApplication
from privacy.retention import purge_expired
from tests.factories import draft_application, make_invitation

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=4000)


def _old_draft():
    application = draft_application()
    MembershipApplication.objects.filter(pk=application.pk).update(updated_at=LONG_AGO)
    return application


def test_an_old_draft_goes_with_its_files():
    old = _old_draft()
    recent = draft_application(name="Recent Draft Alliance")
    path = ApplicationDocument.objects.get(application=old).file.name
    assert default_storage.exists(path)

    counts = purge_expired()

    assert counts["draft_applications"] == 1
    assert not MembershipApplication.objects.filter(pk=old.pk).exists()
    assert MembershipApplication.objects.filter(pk=recent.pk).exists()
    assert not default_storage.exists(path)


def test_a_declined_application_goes_after_its_period(settings):
    application = draft_application()
    MembershipApplication.objects.filter(pk=application.pk).update(
        status=MembershipApplication.Status.DECLINED, decided_at=LONG_AGO
    )
    assert purge_expired()["closed_applications"] == 1
    assert not MembershipApplication.objects.filter(pk=application.pk).exists()


def test_the_period_is_a_setting(settings):
    _old_draft()
    settings.PRIVACY_RETENTION_DAYS = {"draft_applications": 100_000}
    assert purge_expired()["draft_applications"] == 0


def test_expired_invitations_unconfirmed_sign_ups_tasks_and_sessions_go():
    make_invitation(days=-400)
    make_invitation(token="fresh", days=3, email="fresh@example.org")
    Subscriber.objects.create(email="never@example.org", source="public")
    Subscriber.objects.filter(email="never@example.org").update(created_at=LONG_AGO)
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={},
        task_path="core.mail.deliver_email",
        backend_name="default",
        run_after=LONG_AGO,
        finished_at=LONG_AGO,
        exception_class_path="",
        traceback="",
    )
    store = SessionStore()
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=LONG_AGO)

    counts = purge_expired()

    assert counts["expired_invitations"] == 1
    assert Invitation.objects.get().email == "fresh@example.org"
    assert counts["unconfirmed_subscriptions"] == 1
    assert counts["task_results"] == 1
    assert counts["sessions"] == 1


def test_purging_twice_is_safe():
    _old_draft()
    make_invitation(days=-400)
    first = purge_expired()
    second = purge_expired()
    assert first["draft_applications"] == 1 and first["expired_invitations"] == 1
    assert all(count == 0 for count in second.values()), second


def test_the_command_reports_counts():
    _old_draft()
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "draft_applications: 1" in out.getvalue()
    assert "files_failed: 0" in out.getvalue()
