"""The public dashboard: verified figures only, the counting rule, filters (unknown values
are a 404), a fixed number of queries, and a newly verified figure shown at once."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from members import services
from members.models import County, Organisation, Pillar, ReachFigure
from milestones import aggregates
from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    administrator,
    reported_figure,
    verified_figure,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("milestones:dashboard")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def client_get(url, **params):
    return Client().get(url, params)


def total(response):
    html = response.content.decode()
    marker = 'class="headline-figures__total" data-total="'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index('"', start)])


def test_only_verified_figures_count():
    verified_figure(year=2024, county="nairobi", reached=1000)
    reported_figure(year=2024, county="kisumu", reached=500)
    returned = reported_figure(year=2024, county="mombasa", reached=300)
    services.reach_figure_return(figure=returned, note="Check", acting_user=administrator())

    response = client_get(DASHBOARD)

    assert total(response) == 1000
    counties = {row["slug"]: row["total"] for row in aggregates.summary()["by_county"]}
    assert (counties["nairobi"], counties["kisumu"], counties["mombasa"]) == (1000, 0, 0)


def test_the_page_states_the_counting_rule_and_never_says_people_reached():
    verified_figure(reached=10)

    html = client_get(DASHBOARD).content.decode()

    assert "Beneficiaries reported" in html
    assert "counted twice" in html
    assert "people reached" not in html.lower()


def test_a_national_total_is_used_instead_of_the_county_figures_of_the_same_year():
    programme = ProgrammeFactory()
    verified_figure(programme, year=2024, county=None, reached=5000)
    verified_figure(programme, year=2024, county="nairobi", reached=1200)
    verified_figure(programme, year=2024, county="kisumu", reached=800)
    other = ProgrammeFactory()
    verified_figure(other, year=2024, county="kisumu", reached=100)

    data = aggregates.summary()

    assert data["total"] == 5100
    counties = {row["slug"]: row["total"] for row in data["by_county"]}
    assert counties["nairobi"] == 1200
    assert counties["kisumu"] == 900
    assert data["counties_covered"] == 2


def test_the_latest_year_is_shown_and_the_trend_has_every_year():
    programme = ProgrammeFactory()
    verified_figure(programme, year=2022, county="nairobi", reached=10)
    verified_figure(programme, year=2023, county="nairobi", reached=20)
    verified_figure(programme, year=2024, county="nairobi", reached=30)

    data = aggregates.summary()

    assert data["year"] == 2024
    assert data["total"] == 30
    assert data["trend"] == [
        {"year": 2022, "total": 10},
        {"year": 2023, "total": 20},
        {"year": 2024, "total": 30},
    ]


def test_figures_of_suspended_organisations_do_not_count():
    figure = verified_figure(reached=10)
    Organisation.objects.filter(pk=figure.programme.organisation_id).update(status="suspended")
    aggregates.bump_version()

    assert aggregates.summary()["total"] == 0


def test_filters_narrow_the_figures():
    social = Pillar.objects.get(slug="social-assistance")
    health = Pillar.objects.get(slug="health-insurance")
    ngo = OrganisationFactory(category=Organisation.Category.NATIONAL_NGO)
    verified_figure(ProgrammeFactory(pillar=social, organisation=ngo), county="nairobi", reached=7)
    agency = OrganisationFactory(category=Organisation.Category.UN_AGENCY)
    verified_figure(
        ProgrammeFactory(pillar=health, organisation=agency), county="kisumu", reached=11
    )

    assert total(client_get(DASHBOARD, pillar="health-insurance")) == 11
    assert total(client_get(DASHBOARD, county="nairobi")) == 7
    assert total(client_get(DASHBOARD, category="national-ngo")) == 7
    assert total(client_get(DASHBOARD, year="2024")) == 18
    assert "No verified figure matches" in client_get(DASHBOARD, year="2001").content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"pillar": "nope"},
        {"county": "atlantis"},
        {"category": "cartel"},
        {"year": "twenty"},
        {"year": "99999"},
        {"unit": "goats"},
    ],
)
def test_unknown_filter_values_are_a_404(params):
    assert client_get(DASHBOARD, **params).status_code == 404


def test_every_programme_links_to_its_organisation_page():
    figure = verified_figure(reached=10)
    programme = figure.programme

    html = client_get(DASHBOARD).content.decode()

    assert f'href="/members/{programme.organisation.slug}/#programme-{programme.pk}"' in html


def test_each_county_of_the_map_links_to_its_page():
    html = client_get(DASHBOARD).content.decode()

    for county in County.objects.all():
        assert f'href="{reverse("milestones:county", args=[county.slug])}"' in html
    assert html.count('class="county-map__tile"') == 47


def test_the_dashboard_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def figures(count, start):
        for i in range(count):
            verified_figure(year=2020 + i % 5, county=None, reached=start + i)

    figures(2, 10)
    cache.clear()
    # Reference: pillars, counties; the figures of the filters, and of all years (for the
    # year menu: the same read when no filter is set).
    with django_assert_num_queries(4):
        client.get(DASHBOARD + "?year=2021")
    figures(6, 100)
    cache.clear()
    with django_assert_num_queries(4):
        client.get(DASHBOARD + "?year=2021")
    cache.clear()
    with django_assert_num_queries(3):
        client.get(DASHBOARD)
    client.get(DASHBOARD + "?year=2021")
    # Warm: the page comes from the page cache, or its aggregates from their cache.
    with django_assert_num_queries(0):
        client.get(DASHBOARD + "?year=2021")
        client.get(DASHBOARD + "?year=2021&pillar=")


def test_a_newly_verified_figure_shows_at_once(client):
    verified_figure(year=2024, county="nairobi", reached=1000)
    assert total(client.get(DASHBOARD)) == 1000
    waiting = reported_figure(year=2024, county="kisumu", reached=234)
    assert total(client.get(DASHBOARD)) == 1000

    services.reach_figure_verify(figure=waiting, acting_user=administrator())

    assert total(client.get(DASHBOARD)) == 1234
    assert aggregates.summary()["total"] == 1234


def test_illustrative_figures_are_marked():
    figure = verified_figure(reached=10)
    ReachFigure.objects.filter(pk=figure.pk).update(illustrative=True)
    aggregates.bump_version()

    html = client_get(DASHBOARD).content.decode()

    assert "illustrative figures" in html
    assert 'badge text-bg-warning">illustrative' in html


def test_charts_have_titles_descriptions_and_no_inline_style_or_script():
    verified_figure(reached=10)

    html = client_get(DASHBOARD).content.decode()

    assert html.count('<svg class="chart"') == 3
    assert html.count("<title id=") == 4
    assert html.count("<desc id=") == 4
    main = html.split('<main id="main"')[1]
    assert "style=" not in main
    assert "<script" not in main


def test_the_programme_table_lists_the_largest_and_the_open_data_all(client):
    from milestones.views.dashboard import LISTED_PROGRAMMES

    for i in range(LISTED_PROGRAMMES + 2):
        verified_figure(ProgrammeFactory(name=f"Programme {i:03d}"), county=None, reached=100 + i)

    html = client.get(DASHBOARD).content.decode()
    rows = client.get(reverse("milestones:data", args=["programmes", "json"])).json()["rows"]

    assert "Programme 026" in html and "Programme 001" not in html
    assert f"The {LISTED_PROGRAMMES} largest of {LISTED_PROGRAMMES + 2} programmes" in html
    assert len(rows) == LISTED_PROGRAMMES + 2
