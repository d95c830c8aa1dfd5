"""The document search answers any query string without a server error: unknown slugs in
every facet, wrong types, out-of-range pages, control characters, repeated parameters. An
unknown option is no match (an empty page, 200), not a 500; on PostgreSQL the empty choice
once became a bare integer in the facet counts' SQL."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = [
    {"topic": "nosuch"},
    {"pillar": "nosuch"},
    {"county": "nosuch"},
    {"publisher": "nosuch"},
    {"county": ["nosuch", "national"]},
    {"topic": "nosuch", "pillar": "nosuch", "q": "cash"},
    {"topic": "nosuch", "q": '"cash transfer"'},
    {"year": "abc"},
    {"year": "-1"},
    {"year": "99999999999"},
    {"type": "nosuch"},
    {"language": "xx"},
    {"sort": "nosuch"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999999999999999999"},
    {"page": "abc"},
    {"q": "\x01\x1f cash \x7f"},
    {"q": "x" * 5000},
    {"q": "-"},
    {"q": '"'},
    {"q": "or or -"},
    {"q": ["cash", "transfer"]},
]


@pytest.fixture
def documents():
    factories.document(title="Cash transfer review", visibility="public", public_status="approved")


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: repr(p)[:40])
@pytest.mark.parametrize("as_member", [False, True], ids=["visitor", "member"])
def test_any_query_string_answers_without_a_server_error(client, documents, params, as_member):
    if as_member:
        client.force_login(factories.member())

    response = client.get(reverse("repository:list"), params)

    assert response.status_code in (200, 400, 404), response.status_code


@pytest.mark.parametrize("facet", ["topic", "pillar", "county", "publisher"])
def test_an_unknown_option_matches_nothing(client, documents, facet):
    response = client.get(reverse("repository:list"), {facet: "nosuch"})

    assert response.status_code == 200
    assert response.context["results"].count == 0
