"""Open data: each table as CSV and JSON, the same numbers as the dashboard, the licence and
the last verification, verified figures only."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from members import services
from milestones import aggregates
from tests.factories import ProgrammeFactory, administrator, reported_figure, verified_figure

pytestmark = pytest.mark.django_db

TABLES = ["years", "pillars", "programmes", "counties"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def figures():
    programme = ProgrammeFactory(name="Inua Jamii")
    verified_figure(programme, year=2023, county=None, reached=700)
    verified_figure(programme, year=2024, county="nairobi", reached=40)
    verified_figure(programme, year=2024, county="kilifi", reached=25)
    waiting = reported_figure(programme, year=2024, county="kitui", reached=9999)
    returned = reported_figure(programme, year=2024, county="meru", reached=8888)
    services.reach_figure_return(figure=returned, note="Check", acting_user=administrator())
    return waiting


def get_json(client, table, **params):
    response = client.get(reverse("milestones:data", args=[table, "json"]), params)
    assert response.status_code == 200
    return json.loads(response.content)


def get_csv(client, table, **params):
    response = client.get(reverse("milestones:data", args=[table, "csv"]), params)
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    meta = dict(line[2:].split(": ", 1) for line in lines if line.startswith("# "))
    body = "\n".join(line for line in lines if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    return meta, rows


@pytest.mark.parametrize("table", TABLES)
def test_json_and_csv_carry_the_same_numbers_as_the_page(client, figures, table):
    data = get_json(client, table)
    meta, rows = get_csv(client, table)

    assert data["licence"] == meta["licence"] == "CC-BY-4.0"
    assert data["last_verified"] == meta["last_verified"]
    assert [row["beneficiaries_reported"] for row in data["rows"]] == [
        int(row["beneficiaries_reported"]) for row in rows
    ]
    html = client.get(reverse("milestones:dashboard")).content.decode()
    for row in data["rows"]:
        if row["beneficiaries_reported"]:
            assert f"{row['beneficiaries_reported']:,}" in html


def test_the_tables_hold_only_verified_figures(client, figures):
    years = get_json(client, "years")["rows"]
    counties = {
        row["county"]: row["beneficiaries_reported"] for row in get_json(client, "counties")["rows"]
    }

    assert years == [
        {"year": 2023, "beneficiaries_reported": 700},
        {"year": 2024, "beneficiaries_reported": 65},
    ]
    assert counties["kitui"] == counties["meru"] == 0
    assert counties["nairobi"] == 40
    assert len(counties) == 47


def test_the_last_verification_date_follows_a_new_verification(client, figures):
    before = get_json(client, "years")["last_verified"]

    services.reach_figure_verify(figure=figures, acting_user=administrator())

    after = get_json(client, "years")
    assert after["last_verified"] > before
    assert after["rows"][-1]["beneficiaries_reported"] == 65 + 9999
    assert aggregates.summary()["total"] == 65 + 9999


def test_filters_apply_to_the_open_data(client, figures):
    rows = get_json(client, "counties", year="2023")["rows"]
    assert all(row["beneficiaries_reported"] == 0 for row in rows)  # 2023 was national only


@pytest.mark.parametrize(
    ("table", "fmt", "params"),
    [("nope", "json", {}), ("years", "xml", {}), ("years", "json", {"pillar": "x"})],
)
def test_unknown_tables_formats_and_filters_are_a_404(client, table, fmt, params):
    response = client.get(reverse("milestones:data", args=[table, fmt]), params)
    assert response.status_code == 404


def test_open_data_runs_a_fixed_number_of_queries(client, figures, django_assert_num_queries):
    cache.clear()
    # pillars, counties, the figures.
    with django_assert_num_queries(3):
        client.get(reverse("milestones:data", args=["programmes", "json"]))
