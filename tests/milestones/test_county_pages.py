"""County pages: the county's figures, programmes, organisations, coming public meetings and
public documents (through each app's visibility), printable, with a fixed query count."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from committees.models import Body, Meeting
from members.models import County
from repository.models import Document
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    ProgrammeFactory,
    document,
    reported_figure,
    verified_figure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(slug):
    return reverse("milestones:county", args=[slug])


def test_the_county_page_shows_its_verified_figures_and_programmes(client):
    turkana = County.objects.get(slug="turkana")
    programme = ProgrammeFactory(name="Hunger Safety Net")
    programme.counties.add(turkana)
    verified_figure(programme, year=2024, county="turkana", reached=40100)
    verified_figure(programme, year=2024, county="wajir", reached=999)
    reported_figure(programme, year=2023, county="turkana", reached=777)

    html = client.get(url("turkana")).content.decode()

    assert "Turkana County" in html
    assert 'data-total="40100"' in html
    assert "777" not in html
    assert "Hunger Safety Net" in html
    assert programme.organisation.name in html
    assert 'href="/static/css/milestones-print.css' in html or "milestones-print" in html


def test_an_unknown_county_is_a_404(client):
    assert client.get(url("atlantis")).status_code == 404
    assert client.get(url("nairobi") + "?unit=goats").status_code == 404


def test_coming_public_meetings_and_public_documents_of_the_county_show(client):
    kisumu = County.objects.get(slug="kisumu")
    body = BodyFactory(kind=Body.Kind.COUNTY, county=kisumu, name="Kisumu County Committee")
    MeetingFactory(body=body, title="Kisumu roundtable")
    MeetingFactory(body=body, title="Kisumu members only", audience=Meeting.Audience.MEMBERS)
    public = document(title="Kisumu county strategy", visibility=Document.Visibility.PUBLIC)
    public.counties.add(kisumu)
    private = document(title="Kisumu members note", visibility=Document.Visibility.MEMBERS)
    private.counties.add(kisumu)

    html = client.get(url("kisumu")).content.decode()

    assert "Kisumu roundtable" in html
    assert "Kisumu members only" not in html
    assert "Kisumu county strategy" in html
    assert "Kisumu members note" not in html


def test_the_county_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def fill(count):
        for i in range(count):
            programme = ProgrammeFactory()
            programme.counties.add(County.objects.get(slug="nakuru"))
            verified_figure(programme, year=2020 + i % 4, county="nakuru", reached=10 + i)

    fill(2)
    cache.clear()
    # Reference: pillars, counties; the county; its figures; programmes; organisations;
    # meetings; documents.
    with django_assert_num_queries(8):
        client.get(url("nakuru"))
    fill(5)
    cache.clear()
    with django_assert_num_queries(8):
        client.get(url("nakuru"))
