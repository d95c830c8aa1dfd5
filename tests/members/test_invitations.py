import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from members import selectors, services
from members.models import CodeOfConduct, Invitation, MembershipApplication, Organisation, Person
from tests.factories import PersonFactory, UserFactory, focal_person, make_invitation

pytestmark = pytest.mark.django_db

TOKEN = "a-secret-token"
URL = reverse("members:invitation", kwargs={"token": TOKEN})
User = get_user_model()


def signup_data(**changes):
    return {
        "full_name": "Wanjiru Kamau",
        "job_title": "M&E officer",
        "password1": "savanna-rain-2025",
        "password2": "savanna-rain-2025",
        "privacy_consent": "on",
        **changes,
    }


def test_unknown_token_answers_404(client):
    make_invitation()

    response = client.get(reverse("members:invitation", kwargs={"token": "guessed"}))

    assert response.status_code == 404


# --- Closed invitations -------------------------------------------------------------------


def test_expired_invitation_says_so_and_whom_to_ask(client):
    inviter = focal_person(user=UserFactory(full_name="Achieng Otieno"))
    make_invitation(organisation=inviter.organisation, invited_by=inviter.user, days=-1)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "can no longer be used" in html
    assert "It expired on" in html
    assert "Achieng Otieno" in html and inviter.user.email in html
    assert "form" not in response.context or response.context.get("form") is None


def test_withdrawn_invitation_says_so(client):
    invitation = make_invitation()
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    html = client.get(URL).content.decode()

    assert "It was withdrawn on" in html
    assert "ask the person who invited you" in html


def test_used_invitation_says_so_and_accepts_nothing(client, user):
    invitation = make_invitation(email=user.email)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    client.force_login(user)

    html = client.get(URL).content.decode()
    posted = client.post(URL)

    assert "It was already accepted on" in html
    assert posted.status_code == 200
    assert not Person.objects.filter(user=user).exists()


def test_expired_invitation_cannot_be_used_to_sign_up(client):
    make_invitation(days=-1)

    response = client.post(URL, signup_data())

    assert "It expired on" in response.content.decode()
    assert not User.objects.filter(email="new.colleague@example.org").exists()


# --- Visitor without an account -----------------------------------------------------------


def test_visitor_without_account_gets_a_prefilled_signup_form(client):
    make_invitation(full_name="Wanjiru Kamau")

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["form"].initial["full_name"] == "Wanjiru Kamau"
    html = response.content.decode()
    assert "new.colleague@example.org" in html
    assert 'name="password2"' in html and 'name="privacy_consent"' in html


def test_new_account_joins_the_organisation_then_reads_the_code(client):
    CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    invitation = make_invitation()
    organisation = invitation.organisation

    response = client.post(URL, signup_data())

    user = User.objects.get(email="new.colleague@example.org")
    assert user.privacy_consent_at is not None
    assert (user.full_name, user.job_title) == ("Wanjiru Kamau", "M&E officer")
    assert user.check_password("savanna-rain-2025")
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary and address.email == user.email
    person = Person.objects.get(user=user)
    assert person.organisation == organisation and not person.is_focal_person
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Signed in, and sent to the code of conduct, then to the organisation's profile.
    assert response["Location"] == (
        reverse("members:code_of_conduct") + "?next=" + organisation.get_absolute_url()
    )
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_new_account_goes_to_the_profile_when_there_is_no_code(client):
    invitation = make_invitation()

    response = client.post(URL, signup_data())

    assert response["Location"] == invitation.organisation.get_absolute_url()


def test_invitation_as_focal_person_makes_a_focal_person(client):
    make_invitation(make_focal_person=True)

    client.post(URL, signup_data())

    person = Person.objects.get(user__email="new.colleague@example.org")
    assert person.is_focal_person
    assert selectors.focal_organisation(person.user) == person.organisation


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password2": "something-else-2025"}, "The two passwords differ"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password1": "password1234", "password2": "password1234"}, "too common"),
        ({"password1": "3141592653589", "password2": "3141592653589"}, "entirely numeric"),
        (
            {"password1": "new.colleague1", "password2": "new.colleague1"},
            "too similar to the e-mail address",
        ),
        ({"privacy_consent": ""}, "agree to the privacy notice"),
        ({"full_name": " "}, "This field is required"),
    ],
)
def test_signup_bad_input_is_refused_and_creates_nothing(client, changes, message):
    invitation = make_invitation()

    response = client.post(URL, signup_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session


# --- Visitor with an account --------------------------------------------------------------


def test_visitor_with_an_account_is_asked_to_sign_in_and_come_back(client):
    UserFactory(email="new.colleague@example.org")
    make_invitation()

    response = client.get(URL)

    html = response.content.decode()
    assert "There is already an account for new.colleague@example.org" in html
    assert f'href="{reverse("account_login")}?next={URL}"' in html
    assert 'name="password1"' not in html


def test_visitor_with_an_account_cannot_create_a_second_one(client):
    existing = UserFactory(email="new.colleague@example.org")
    invitation = make_invitation()

    client.post(URL, signup_data())

    assert User.objects.filter(email__iexact=invitation.email).get() == existing
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# --- Signed in ----------------------------------------------------------------------------


def test_signed_in_invitee_sees_the_invitation_and_accepts_it(client):
    user = UserFactory(email="new.colleague@example.org")
    invitation = make_invitation()
    code = CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    code.acceptances.create(user=user)
    client.force_login(user)

    page = client.get(URL)
    html = page.content.decode()
    assert invitation.organisation.name in html
    assert "Accept the invitation" in html
    assert not Person.objects.filter(user=user).exists()  # a GET changes nothing

    response = client.post(URL)

    assert response["Location"] == invitation.organisation.get_absolute_url()
    person = Person.objects.get(user=user)
    assert person.organisation == invitation.organisation
    assert selectors.has_member_access(User.objects.get(pk=user.pk))


def test_signed_in_with_the_wrong_account_is_refused_with_a_message(client, user):
    invitation = make_invitation()
    client.force_login(user)

    page = client.get(URL).content.decode()
    assert f"You are signed in as {user.email}" in page

    response = client.post(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This invitation was sent to new.colleague@example.org" in html
    assert not Person.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_member_of_another_organisation_is_refused_with_a_message(client):
    member = PersonFactory(user=UserFactory(email="new.colleague@example.org"))
    invitation = make_invitation()
    client.force_login(member.user)

    response = client.post(URL)

    assert "You already belong to" in response.content.decode()
    member.refresh_from_db()
    assert member.organisation != invitation.organisation
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_removed_person_can_rejoin_with_a_new_invitation(client):
    person = PersonFactory(user=UserFactory(email="new.colleague@example.org"))
    Person.objects.filter(pk=person.pk).update(removed_at=timezone.now())
    invitation = make_invitation()
    client.force_login(person.user)

    client.post(URL)

    person.refresh_from_db()
    assert person.removed_at is None
    assert person.organisation == invitation.organisation


# --- Nominated organisations (apply) ------------------------------------------------------


@pytest.fixture
def nomination(mailoutbox, send_on_commit):
    """A focal person nominates an organisation; its contact is e-mailed a link."""
    nominator = focal_person()
    with send_on_commit():
        application = services.nominate_organisation(
            acting_user=nominator.user,
            organisation_name="Kilifi Women's Self-Help Network",
            category="national-ngo",
            contact_name="Halima Said",
            contact_email="halima@kilifi.example",
        )
    [message] = mailoutbox
    token = re.search(r"/members/invitations/(\S+)/", message.body).group(1)
    return application, message, token, nominator


def test_nomination_email_names_the_organisation_and_the_link(nomination, settings):
    application, message, token, nominator = nomination

    assert message.to == ["halima@kilifi.example"]
    assert "Kilifi Women's Self-Help Network" in message.subject
    assert "Dear Halima Said" in message.body
    assert nominator.organisation.name in message.body
    url = settings.SITE_URL + reverse("members:invitation", kwargs={"token": token})
    assert url in message.body
    assert services.invitation_for_token(token).application == application


def test_nominated_contact_creates_an_account_and_goes_to_the_application(client, nomination):
    application, _message, token, _nominator = nomination
    url = reverse("members:invitation", kwargs={"token": token})

    page = client.get(url).content.decode()
    assert "invites you to complete its membership application" in page
    response = client.post(url, signup_data(full_name="Halima Said"))

    user = User.objects.get(email="halima@kilifi.example")
    application.refresh_from_db()
    assert application.applicant == user
    assert response["Location"] == f"/members/applications/{application.pk}/edit/"
    assert not Person.objects.filter(user=user).exists()  # not a member until approved


def test_nominated_contact_with_an_account_accepts_when_signed_in(client, nomination):
    application, _message, token, _nominator = nomination
    user = UserFactory(email="halima@kilifi.example")
    client.force_login(user)

    response = client.post(reverse("members:invitation", kwargs={"token": token}))

    assert response["Location"] == f"/members/applications/{application.pk}/edit/"
    assert MembershipApplication.objects.get(pk=application.pk).applicant == user


def test_invitation_expires_after_the_configured_days(client, settings):
    focal = focal_person()
    settings.INVITATION_VALID_DAYS = 3

    invitation = services.colleague_invite(
        organisation=focal.organisation,
        email="x@example.org",
        full_name="X Y",
        acting_user=focal.user,
    )

    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=3), abs=timedelta(seconds=5)
    )


def test_an_invitation_to_a_suspended_organisation_is_refused(client):
    user = UserFactory(email="new.colleague@example.org")
    invitation = make_invitation()
    Organisation.objects.filter(pk=invitation.organisation_id).update(status="suspended")
    client.force_login(user)

    response = client.post(URL, follow=True)

    assert "is not an active member at the moment" in response.content.decode()
    assert not Person.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
