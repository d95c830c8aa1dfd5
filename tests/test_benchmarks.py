"""The page benchmark's pieces (benchmarks/pages.py, benchmarks/_server.py), each run for a
moment: the minimal view, the query counter, the key pages picked from the database, the
load generator against the live server, and gunicorn with production settings. The page
weight in Chromium is tested in tests/browser/test_page_weight.py."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from benchmarks import _server, pages
from benchmarks import settings as benchmark_settings
from benchmarks.urls import MINIMAL_TEXT
from members.models import County
from repository.models import Document
from tests import factories
from tests.factories import OrganisationFactory, ProgrammeFactory, document, working_group


@pytest.fixture
def benchmark_urls(settings):
    """The portal's URLs plus /_minimal/, as the benchmark serves them."""
    settings.ROOT_URLCONF = benchmark_settings.ROOT_URLCONF
    settings.TEMPLATES = benchmark_settings.TEMPLATES


def test_minimal_view_renders_its_tiny_template_without_a_query(
    client, db, benchmark_urls, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/_minimal/")

    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["benchmarks/minimal.html"]
    assert f"<p>{MINIMAL_TEXT}</p>" in response.content.decode()


def test_query_counter_counts_the_session_and_the_user_when_signed_in(db, benchmark_urls, user):
    session_key = _server.database_session(user)

    assert pages.count_queries("/_minimal/") == (200, 0)
    # The session, then the user: the language middleware asks who is signed in.
    assert pages.count_queries("/_minimal/", session_key) == (200, 2)


def test_query_counter_agrees_with_the_directory_query_test(db):
    for _ in range(3):
        OrganisationFactory(pillars=["social-assistance"])

    # The five queries tests/members/test_directory.py pins, to render it; a visitor's
    # second request is served from the page cache, without any.
    assert pages.count_queries(reverse("members:directory"), page_cache=False) == (200, 5)
    assert pages.count_queries(reverse("members:directory")) == (200, 0)


def test_key_pages_are_picked_from_the_database_and_answer(client, reference_data):
    organisation = OrganisationFactory(pillars=["social-assistance"])
    organisation.counties.add(County.objects.get(slug="turkana"))
    ProgrammeFactory(organisation=organisation)
    OrganisationFactory()  # no programme: the profile shown is the one with programmes
    group = working_group()
    document(
        visibility=Document.Visibility.PUBLIC,
        published_on=datetime.date(2024, 3, 1),
        with_file=False,
    )
    edition = factories.published()

    found, notes = _server.key_pages()

    assert notes == []
    assert [page.name for page in found] == _server.PAGE_NAMES
    paths = {page.name: page.paths for page in found}
    assert paths["organisation"] == [organisation.get_absolute_url()]
    assert paths["twg"] == [group.get_absolute_url()]
    assert paths["bulletin"] == [edition.get_absolute_url()]
    assert "/members/?county=turkana&pillar=social-assistance" in paths["directory"]
    assert paths["list"] == ["/documents/?type=research&year=2024"]
    assert len(paths["search"]) == len(_server.SEARCHES)
    for page in found:
        for path in page.paths:
            resolve(urlsplit(path).path)
            if "anonymous" in page.who:
                assert client.get(path).status_code == 200, path
    review = next(page for page in found if page.name == "review")
    assert review.who == ("reviewer",)


def test_key_pages_without_data_are_left_out_with_a_note(db):
    found, notes = _server.key_pages(["document", "bulletin", "home"])

    assert [page.name for page in found] == ["home"]
    assert notes == [
        "Document page: skipped, nothing of the kind in the database",
        "Bulletin edition: skipped, nothing of the kind in the database",
    ]


def test_load_generator_counts_what_the_live_server_answers(live_server, benchmark_urls):
    address = urlsplit(live_server.url)

    # The window is about counting, not speed: long enough that the home page's first
    # render (its figures, on a machine busy with other tests) fits in it several times.
    result = pages.drive(
        address.hostname, address.port, ["/_minimal/", "/"], seconds=2.0, warmup=0.5
    )
    figures = pages.summarise(result)

    assert figures["requests"] > 2
    assert result["statuses"] == {200: figures["requests"]}
    assert 0 < figures["median_ms"] <= figures["p95_ms"]
    assert figures["rps"] == figures["requests"] / 2.0


def test_gunicorn_serves_the_minimal_view_with_production_settings(tmp_path, monkeypatch):
    # The minimal view reads nothing from the database: an empty SQLite file will do.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    for name, value in _server.production_environment(tmp_path / "static").items():
        monkeypatch.setenv(name, value)

    with _server.Server(workers=1) as server:
        status, headers, body = _server.get(server.host, server.port, "/_minimal/")
        without_proxy = _server.get(
            server.host, server.port, "/_minimal/", headers={"X-Forwarded-Proto": "http"}
        )
        result = pages.drive(
            server.host, server.port, ["/_minimal/"], seconds=0.3, warmup=0.1, concurrency=1
        )

    assert status == 200
    assert f"<p>{MINIMAL_TEXT}</p>" in body.decode()
    # Debug is off and the proxy said HTTPS: HSTS is sent, plain HTTP is redirected.
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert without_proxy[0] == 301
    assert set(result["statuses"]) == {200}
