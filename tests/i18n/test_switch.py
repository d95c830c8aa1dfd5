"""The language switch on every page, its memory, and what search engines are told
(issue 18)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from repository.models import Document
from tests import factories
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


@pytest.mark.parametrize("name", ["home", "privacy", "bulletin:subscribe", "members:directory"])
def test_every_page_offers_the_other_language_as_one_button_without_javascript(client, name):
    page = _html(client.get(reverse(name)))

    form = re.search(r'<form method="post" action="/me/language/".*?</form>', page, re.S).group()
    assert re.search(r'<button type="submit" name="language" value="sw" lang="sw"', form)
    assert 'lang="en" aria-current="true">English</span>' in form
    assert f'name="next" value="{reverse(name)}"' in form


def test_a_visitor_switches_and_the_cookie_keeps_kiswahili_on_the_next_pages(client):
    response = client.post(reverse("accounts:set_language"), {"language": "sw", "next": "/"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sw"
    page = _html(client.get(reverse("members:directory")))
    assert '<html lang="sw">' in page
    assert "Orodha ya wanachama" in page
    assert 'value="en" lang="en"' in page  # the way back


def test_a_member_switch_is_kept_on_the_account_for_every_browser(client):
    member = UserFactory(password=PASSWORD)
    client.force_login(member)
    token = client.get(reverse("home")).cookies["csrftoken"].value

    client.post(
        reverse("accounts:set_language"),
        {"language": "sw", "next": "/", "csrfmiddlewaretoken": token},
    )

    member.refresh_from_db()
    assert member.preferred_language == "sw"
    other_browser = client.__class__()
    other_browser.force_login(User.objects.get(pk=member.pk))
    assert '<html lang="sw">' in _html(other_browser.get(reverse("home")))


def test_the_head_names_each_language_version_and_the_default(client):
    page = _html(client.get(reverse("repository:list") + "?q=cash&page=1"))

    base = "http://testserver/documents/"
    assert (
        f'<link rel="alternate" hreflang="en" href="{base}?q=cash&amp;page=1&amp;lang=en">' in page
    )
    assert (
        f'<link rel="alternate" hreflang="sw" href="{base}?q=cash&amp;page=1&amp;lang=sw">' in page
    )
    assert f'<link rel="alternate" hreflang="x-default" href="{base}?q=cash&amp;page=1">' in page


def test_a_language_address_is_in_that_language_whatever_the_cookie(client):
    client.post(reverse("accounts:set_language"), {"language": "sw", "next": "/"})

    english = _html(client.get(reverse("home") + "?lang=en"))
    kiswahili = _html(client.get(reverse("home") + "?lang=sw"))

    assert '<html lang="en">' in english and '<html lang="sw">' in kiswahili
    # Following an alternate changes no preference: the cookie's language stays.
    assert '<html lang="sw">' in _html(client.get(reverse("home")))


def test_switching_from_a_language_address_does_not_return_to_it(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "sw", "next": "/documents/?q=x&lang=en"}
    )

    assert response["Location"] == "/documents/?q=x"


def test_a_document_in_the_other_language_carries_its_own_lang(client):
    english = factories.document(
        title="Social protection sector review",
        visibility=Document.Visibility.PUBLIC,
        language=Document.Language.ENGLISH,
    )
    swahili = factories.document(
        title="Mwongozo wa uhawilishaji fedha",
        visibility=Document.Visibility.PUBLIC,
        language=Document.Language.KISWAHILI,
    )

    en_page = _html(client.get(reverse("repository:list") + "?lang=en"))
    sw_page = _html(client.get(reverse("repository:list") + "?lang=sw"))

    assert f'lang="sw"><a href="{swahili.get_absolute_url()}"' in en_page
    assert f'lang="en"><a href="{english.get_absolute_url()}"' in sw_page
    assert f'<h2 class="h5 mb-1"><a href="{swahili.get_absolute_url()}"' in sw_page
    detail = _html(client.get(english.get_absolute_url() + "?lang=sw"))
    assert '<h1 lang="en">Social protection sector review</h1>' in detail
