"""Closing an account: the person (with their password or second factor again) or the
administration team (on a verified request) anonymises the person everywhere, in one
transaction, and what the CoP must keep keeps its meaning."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse

from committees.models import Registration, Resolution, Seat
from core import personal_data
from members.models import ApplicationContact, MembershipApplication, Person
from privacy import services
from privacy.models import AccountClosure, Consent, PendingFileDeletion
from privacy.retention import purge_expired
from repository.models import Document
from tests.factories import PASSWORD, UserFactory, admin_action, admin_login, messages_of
from tests.factories.privacy import EMAIL, NAME, PHONE, person_who_did_everything

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def hits(*values):
    """Every (model, column) of every table where one of ``values`` appears."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            column = field.name
            rows = model._base_manager.all()
            if isinstance(field, models.JSONField):
                rows = rows.annotate(_text=Cast(column, models.TextField()))
                column = "_text"
            condition = Q()
            for value in values:
                condition |= Q(**{f"{column}__icontains": value})
            if rows.filter(condition).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_the_search_finds_a_person_before_closure():
    """The search below is not vacuous: before closing, it finds her in many places."""
    person_who_did_everything()
    found = hits(NAME, EMAIL, PHONE)
    for column in [
        "accounts.User.full_name",
        "members.ApplicationContact.email",
        "committees.Meeting.minutes",
        "repository.Document.authors",
        "discussions.Thread.title",
        "discussions.Thread.search_text",
        "discussions.Post.body",
        "discussions.Post.body_html",
        "discussions.Flag.reason",
        "discussions.ThreadEvent.note",
        "monitoring.JournalEntry.text",
        "monitoring.Recognition.citation",
        "admin.LogEntry.object_repr",
        "django_tasks_database.DBTaskResult.args_kwargs",
    ]:
        assert column in found


def test_closing_an_account_leaves_the_name_email_and_phone_nowhere(client):
    user = person_who_did_everything()
    client.force_login(user)
    assert Session.objects.count() == 1

    response = client.post(reverse("privacy:close"), {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:closed")
    assert hits(NAME, EMAIL, PHONE) == []
    assert Session.objects.count() == 0
    user.refresh_from_db()
    assert user.full_name == personal_data.FORMER_MEMBER
    assert not user.is_active
    assert not user.has_usable_password()
    assert AccountClosure.objects.get(user=user).by == AccountClosure.By.PERSON


def test_what_the_cop_must_keep_keeps_its_meaning():
    user = person_who_did_everything()
    resolutions = Resolution.objects.filter(recorded_by=user).count()
    attended = Registration.objects.filter(user=user, attended=True).count()
    documents = Document.objects.filter(uploaded_by=user).count()

    services.account_close(user=user, acting_user=user)

    assert Resolution.objects.filter(recorded_by=user).count() == resolutions == 1
    assert Registration.objects.filter(user=user, attended=True).count() == attended == 1
    assert Document.objects.filter(uploaded_by=user).count() == documents == 1
    assert Resolution.objects.get(recorded_by=user).text == "Former member to circulate the note."
    # Her seats end, her future registrations are cancelled, she leaves her organisation.
    assert (
        not Seat.objects.filter(user=user)
        .filter(Seat.current_q())
        .exclude(ends_on__isnull=False)
        .exists()
    )
    future = Registration.objects.filter(user=user, attended__isnull=True).get()
    assert future.status == Registration.Status.CANCELLED
    assert Person.objects.get(user=user).removed_at is not None
    # Her draft is gone; another's application she was named in stays, without her.
    assert not MembershipApplication.objects.filter(applicant=user).exists()
    assert ApplicationContact.objects.filter(full_name="Former member").count() == 1
    # The ledger stays as proof, every consent withdrawn by the closure.
    assert Consent.objects.filter(user=user).exists()
    assert not Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()


def test_discussions_and_monitoring_keep_the_communitys_records_without_her():
    from discussions import search
    from discussions.models import Flag, Follow, HelpfulMark, NotificationPreference, Post, Thread
    from monitoring.models import JournalEntry, QuarterSignIn, Recognition

    user = person_who_did_everything()
    posts = Post.objects.filter(author=user).count()

    services.account_close(user=user, acting_user=user)

    # Her question and answers stay, by "Former member", their words without her details.
    assert Post.objects.filter(author=user).count() == posts == 2
    asked = Thread.objects.get(asked_by=user)
    assert asked.title == "Former member asks: how do counties pay by M-Pesa?"
    assert asked.asked_by.full_name == personal_data.FORMER_MEMBER
    opening = asked.posts.get(is_opening=True)
    assert "Former member" in opening.body and "Former member" in opening.body_html
    assert "Former member" in asked.search_text
    # Search (the stored vector, on PostgreSQL) forgets her too.
    assert not search.matching(Thread.objects.all(), "Nyambura").exists()
    assert search.matching(Thread.objects.all(), "M-Pesa").filter(pk=asked.pk).exists()
    # Her helpful mark and her flag still count; what served only her is gone.
    assert HelpfulMark.objects.filter(user=user).count() == 1
    assert Flag.objects.get(flagged_by=user).reason == "Posts my number  without asking."
    assert not Follow.objects.filter(user=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    # The journal keeps her entry; the recognition granted to her goes, the one she
    # granted stays; her sign-in still counts in the quarter.
    assert JournalEntry.objects.get(author=user).title == "Lesson from Former member"
    assert not Recognition.objects.filter(user=user).exists()
    assert Recognition.objects.get(granted_by=user).citation == "Nominated by Former member."
    assert QuarterSignIn.objects.filter(user=user).count() == 1


def test_signing_in_after_closure_is_refused(client):
    user = person_who_did_everything()
    services.account_close(user=user, acting_user=user)

    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert not client.login(email=EMAIL, password=PASSWORD)


def test_closing_needs_the_password_again(client):
    user = person_who_did_everything()
    client.force_login(user)

    response = client.post(reverse("privacy:close"), {"password": "wrong", "understood": "on"})

    assert response.status_code == 200
    assert "Your account is still open" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.full_name == NAME
    assert not AccountClosure.objects.exists()


def test_closing_needs_the_box_ticked_and_something_typed(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("privacy:close"), {})

    content = response.content.decode()
    assert "Tick the box to confirm" in content
    assert "Enter your password to confirm" in content
    user.refresh_from_db()
    assert user.is_active


def test_a_code_from_the_authenticator_app_also_closes(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import decrypt, hotp_value, yield_hotp_counters_from_time

    user = person_who_did_everything()
    secret = decrypt(Authenticator.objects.get(user=user).data["secret"])
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    client.force_login(user)

    response = client.post(reverse("privacy:close"), {"code": code, "understood": "on"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active


def test_an_anonymous_visitor_cannot_close_anything(client):
    response = client.post(reverse("privacy:close"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_is_never_someone_else_to_the_service():
    """The view offers no id to name another account; the service refuses a non-staff
    person closing someone else's."""
    victim = UserFactory()
    intruder = UserFactory()
    with pytest.raises(PermissionDenied):
        services.account_close(user=victim, acting_user=intruder, reason="because")
    victim.refresh_from_db()
    assert victim.is_active


def test_staff_without_the_right_on_users_cannot_close_through_the_service():
    victim = UserFactory()
    with pytest.raises(PermissionDenied):
        services.account_close(
            user=victim, acting_user=UserFactory(is_staff=True), reason="A letter."
        )
    victim.refresh_from_db()
    assert victim.is_active


def test_closing_twice_is_refused():
    user = UserFactory()
    services.account_close(user=user, acting_user=user)
    with pytest.raises(ValidationError):
        services.account_close(user=user, acting_user=user)


def test_a_failing_eraser_leaves_the_person_untouched(monkeypatch):
    user = person_who_did_everything()
    contribution = next(c for c in personal_data.contributions() if c.app_label == "members")

    def broken(user, erasure):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(
        personal_data._registry,
        "members",
        personal_data.Contribution(
            app_label="members",
            models=contribution.models,
            export=contribution.export,
            erase=broken,
        ),
    )
    with pytest.raises(RuntimeError):
        services.account_close(user=user, acting_user=user)

    user.refresh_from_db()
    assert user.is_active and user.full_name == NAME and user.email == EMAIL
    assert not AccountClosure.objects.exists()
    assert hits(NAME) != []


class BrokenDeletes(FileSystemStorage):
    def delete(self, name):
        raise OSError("the storage is down")


def test_a_storage_error_deleting_files_leaves_the_person_fully_anonymised(
    monkeypatch, django_capture_on_commit_callbacks
):
    user = person_who_did_everything()
    from django.core.files import storage as storage_module

    broken = BrokenDeletes()
    monkeypatch.setattr(storage_module.default_storage, "_wrapped", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_close(user=user, acting_user=user)

    assert hits(NAME, EMAIL, PHONE) == []
    waiting = list(PendingFileDeletion.objects.values_list("path", flat=True))
    assert waiting  # her declined submission's file, her draft's document, her export
    assert all(broken.exists(path) for path in waiting)

    # Storage is back: the next purge deletes them, and a second purge finds nothing.
    monkeypatch.setattr(storage_module.default_storage, "_wrapped", FileSystemStorage())
    counts = purge_expired()
    assert counts["files_deleted"] == len(waiting)
    assert not PendingFileDeletion.objects.exists()
    assert not any(FileSystemStorage().exists(path) for path in waiting)
    assert purge_expired()["files_deleted"] == 0


def test_the_administration_team_closes_an_account_on_a_verified_request(client):
    user = person_who_did_everything()
    admin = UserFactory(is_staff=True, is_superuser=True)
    admin_login(client, admin)

    response = admin_action(
        client,
        "accounts_user",
        "close_accounts",
        [user],
        post="yes",
        reason="Letter of 3 December, identity checked against the staff list.",
    )

    assert response.status_code == 302
    assert ("success", "1 accounts closed.") in messages_of(response)
    closure = AccountClosure.objects.get(user=user)
    assert closure.by == AccountClosure.By.ADMINISTRATION
    assert closure.acting_user == admin
    assert hits(NAME, EMAIL, PHONE) == []


def test_the_admin_action_asks_for_the_request_first(client):
    user = UserFactory()
    admin_login(client, UserFactory(is_staff=True, is_superuser=True))

    response = admin_action(client, "accounts_user", "close_accounts", [user], post="yes")

    assert response.status_code == 200
    assert "Give the request and how it was verified" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_a_person_cannot_be_deleted_in_the_admin(client):
    user = person_who_did_everything()
    admin_login(client, UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:accounts_user_delete", args=[user.pk]))
    bulk = admin_action(client, "accounts_user", "delete_selected", [user], post="yes")

    assert page.status_code == 403
    assert bulk.status_code in (200, 302)
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_staff_member_without_the_right_cannot_close_accounts(client):
    user = UserFactory()
    staff = UserFactory(is_staff=True)
    admin_login(client, staff)

    admin_action(client, "accounts_user", "close_accounts", [user], post="yes", reason="x")

    user.refresh_from_db()
    assert user.is_active
