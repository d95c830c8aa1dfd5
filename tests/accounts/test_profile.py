import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_saves_changes(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Jane  Wambui",
            "job_title": "Director",
            "phone": "+254 712 345678",
            "preferred_language": "sw",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.preferred_language) == (
        "Jane Wambui",
        "+254 712 345678",
        "sw",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"preferred_language": "fr"}, "preferred_language", "Select a valid choice"),
    ],
)
def test_profile_with_bad_input_explains_and_stores_nothing(client, user, change, field, message):
    client.force_login(user)
    data = {"full_name": "New Name", "job_title": "New", "phone": "", "preferred_language": "en"}

    response = client.post(reverse("accounts:profile"), {**data, **change})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    user.refresh_from_db()
    assert user.full_name != "New Name"


def test_language_switch_sets_the_cookie_and_the_account_preference(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:set_language"), {"language": "sw", "next": "/privacy/"}
    )

    assert response["Location"] == "/privacy/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sw"
    user.refresh_from_db()
    assert user.preferred_language == "sw"


def test_language_switch_refuses_an_outside_redirect(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "sw", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_language_switch_ignores_an_unknown_language(client):
    response = client.post(reverse("accounts:set_language"), {"language": "xx"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_person_gets_their_preferred_language(client, user):
    user.preferred_language = "sw"
    user.save()
    client.force_login(user)

    response = client.get(reverse("home"))

    assert '<html lang="sw">' in response.content.decode()


def test_the_language_switch_works_for_anonymous_visitors(client):
    client.post(reverse("accounts:set_language"), {"language": "sw"})

    assert '<html lang="sw">' in client.get(reverse("home")).content.decode()


def test_the_profile_service_takes_cleaned_values_not_a_form(user):
    from accounts import services

    saved = services.user_update_profile(
        user=user,
        full_name="Achieng Odhiambo",
        job_title="M&E officer",
        phone="+254 700 111222",
        preferred_language="sw",
    )

    user.refresh_from_db()
    assert saved.pk == user.pk
    assert (user.full_name, user.job_title, user.phone, user.preferred_language) == (
        "Achieng Odhiambo",
        "M&E officer",
        "+254 700 111222",
        "sw",
    )
