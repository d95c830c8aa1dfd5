"""Compression of the portal's answers and the cache of whole public pages for visitors."""

import gzip
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from core import page_cache
from tests.factories import PDF_BYTES, OrganisationFactory, document, version

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


def hit(response):
    return response.get("X-Page-Cache") == "hit"


# Compression


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<!DOCTYPE html>" in html
    assert int(response["Content-Length"]) == len(response.content)


def test_a_page_is_plain_for_a_browser_that_does_not(client):
    response = client.get(reverse("home"))

    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!DOCTYPE html>" in response.content


def test_a_download_is_sent_as_it_is_stored(client):
    doc = document(visibility="public", with_file=False)
    version(doc, name="report.pdf")

    response = client.get(
        reverse("repository:download", args=[doc.slug]), HTTP_ACCEPT_ENCODING="gzip"
    )

    assert response.status_code == 200
    assert response.streaming
    assert not response.has_header("Content-Encoding")
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body == PDF_BYTES
    assert int(response["Content-Length"]) == len(PDF_BYTES)


def test_an_x_accel_redirect_download_is_left_to_the_web_server(client, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected/"
    doc = document(visibility="public")

    response = client.get(
        reverse("repository:download", args=[doc.slug]), HTTP_ACCEPT_ENCODING="gzip"
    )

    assert response["X-Accel-Redirect"].startswith("/protected/")
    assert not response.has_header("Content-Encoding")


# The page cache


def test_a_stored_page_is_served_without_queries(client, django_assert_num_queries):
    OrganisationFactory(name="Alpha Trust")
    first = client.get(reverse("members:directory"))
    assert not hit(first)

    with django_assert_num_queries(0):
        second = client.get(reverse("members:directory"))

    assert hit(second)
    assert second.content == first.content.replace(
        NONCE.search(first.content.decode())[1].encode(),
        NONCE.search(second.content.decode())[1].encode(),
    )


def test_a_head_request_is_answered_from_the_stored_page(client):
    client.get(reverse("home"))

    assert hit(client.head(reverse("home")))


def test_a_write_to_the_content_changes_the_next_page(client):
    OrganisationFactory(name="Alpha Trust")
    assert "Zeta Fund" not in client.get(reverse("members:directory")).content.decode()

    OrganisationFactory(name="Zeta Fund")

    response = client.get(reverse("members:directory"))
    assert not hit(response)
    assert "Zeta Fund" in response.content.decode()


def test_a_deletion_changes_the_next_page(client):
    organisation = OrganisationFactory(name="Alpha Trust")
    assert "Alpha Trust" in client.get(reverse("members:directory")).content.decode()

    organisation.delete()

    assert "Alpha Trust" not in client.get(reverse("members:directory")).content.decode()


def test_a_write_committed_later_bumps_the_version_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        before = page_cache._version()
        OrganisationFactory()
        during = page_cache._version()
    assert during > before
    for callback in callbacks:
        callback()
    assert page_cache._version() > during


def test_query_strings_and_languages_are_different_entries(client):
    OrganisationFactory(name="Alpha Trust", acronym="AT")
    OrganisationFactory(name="Beta Fund", acronym="BF")
    url = reverse("members:directory")

    alpha = client.get(url, {"q": "alpha"}).content.decode()
    beta = client.get(url, {"q": "beta"})
    assert not hit(beta)
    assert "Beta Fund" in beta.content.decode() and "Beta Fund" not in alpha
    assert hit(client.get(url, {"q": "alpha"}))

    english = client.get(reverse("home"))
    swahili = Client(HTTP_ACCEPT_LANGUAGE="sw").get(reverse("home"))
    assert not hit(swahili)
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="sw">' in swahili.content.decode()
    assert hit(Client(HTTP_ACCEPT_LANGUAGE="sw").get(reverse("home")))


def test_a_signed_in_person_never_gets_nor_fills_the_stored_page(client, user):
    visitor = Client()
    assert "Sign out" not in visitor.get(reverse("home")).content.decode()

    client.force_login(user)
    mine = client.get(reverse("home"))
    assert not hit(mine)
    assert "Sign out" in mine.content.decode()
    assert "My account" in mine.content.decode()

    # The visitor's next request is answered from the store, without the member's page.
    page_cache.bump_version()
    client.get(reverse("home"))  # a member first, on a fresh version
    again = visitor.get(reverse("home"))
    assert not hit(again)
    assert "Sign out" not in again.content.decode()
    assert hit(visitor.get(reverse("home")))


def test_each_answer_carries_its_own_script_nonce(client):
    client.get(reverse("home"))

    answers = [client.get(reverse("home")) for _ in range(2)]

    nonces = []
    for response in answers:
        assert hit(response)
        nonce = NONCE.search(response.content.decode())[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_page_with_a_pending_message_is_neither_served_nor_stored(client, user, password):
    client.get(reverse("home"))
    client.force_login(user)
    client.post(reverse("account_logout"))  # "You have signed out." waits in the session

    response = client.get(reverse("home"))

    assert not hit(response)
    assert "signed out" in response.content.decode()
    following = client.get(reverse("home"))
    assert "signed out" not in following.content.decode()


def test_a_page_that_used_the_csrf_token_is_not_stored():
    calls = []

    @page_cache.cache_public_page
    def view(request):
        calls.append(1)
        return HttpResponse(f'<form method="post">{get_token(request)}</form>')

    factory = RequestFactory()
    for _ in range(2):
        request = factory.get("/form/")
        request.user = AnonymousUser()
        assert view(request).status_code == 200
    assert len(calls) == 2


def test_only_a_200_is_stored():
    calls = []

    @page_cache.cache_public_page
    def view(request):
        calls.append(1)
        return HttpResponse("missing", status=404)

    for _ in range(2):
        request = RequestFactory().get("/gone/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2


def test_the_language_switch_works_from_a_stored_page_without_a_token():
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("home"))
    page = visitor.get(reverse("home"))
    assert hit(page)
    assert "csrfmiddlewaretoken" not in page.content.decode()

    response = visitor.post(reverse("accounts:set_language"), {"language": "sw", "next": "/"})

    assert response.status_code == 302
    assert '<html lang="sw">' in visitor.get(reverse("home")).content.decode()


def test_a_signed_in_persons_language_switch_still_needs_the_token(user):
    member = Client(enforce_csrf_checks=True)
    member.force_login(user)
    page = member.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    refused = member.post(reverse("accounts:set_language"), {"language": "sw"})
    accepted = member.post(
        reverse("accounts:set_language"), {"language": "sw", "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "sw"


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(reverse("home"))

    assert not hit(client.get(reverse("home")))


def test_a_cache_that_does_not_answer_leaves_pages_and_writes_working(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(page_cache.cache, "get", broken)
    monkeypatch.setattr(page_cache.cache, "incr", broken)
    monkeypatch.setattr(page_cache.cache, "set", broken)

    OrganisationFactory(name="Alpha Trust")
    response = client.get(reverse("members:directory"))

    assert response.status_code == 200
    assert "Alpha Trust" in response.content.decode()
