"""The home page comes alive: the milestones' headline total, the next public events, the
newest public documents and the latest edition; still from the page cache for visitors, and
fresh at once when a figure is verified or a document made public."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from committees.models import Meeting
from members import services as member_services
from repository import services as repository_services
from repository.models import Document
from tests.factories import (
    MeetingFactory,
    administrator,
    coordinator,
    document,
    reported_figure,
    verified_figure,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_home_page_shows_the_total_events_documents(client):
    verified_figure(year=2025, county="nairobi", reached=123456)
    MeetingFactory(title="Quarterly roundtable")
    MeetingFactory(title="Members' retreat", audience=Meeting.Audience.MEMBERS)
    document(title="Annual report 2025", visibility=Document.Visibility.PUBLIC)
    document(title="Members-only note", visibility=Document.Visibility.MEMBERS)

    html = client.get(HOME).content.decode()

    assert 'data-total="123456"' in html
    assert "123,456" in html
    assert "Quarterly roundtable" in html
    assert "Members' retreat" not in html
    assert "Annual report 2025" in html
    assert "Members-only note" not in html
    assert reverse("milestones:dashboard") in html
    assert "QUESTION OF THE MONTH" not in html  # the marked spot is a template comment


def test_a_figure_verified_shows_on_the_cached_home_page_at_once(client):
    verified_figure(year=2025, county="nairobi", reached=1000)
    waiting = reported_figure(year=2025, county="kisumu", reached=500)
    assert 'data-total="1000"' in client.get(HOME).content.decode()
    assert 'data-total="1000"' in client.get(HOME).content.decode()  # from the cache

    member_services.reach_figure_verify(figure=waiting, acting_user=administrator())

    assert 'data-total="1500"' in client.get(HOME).content.decode()


def test_a_document_made_public_shows_on_the_cached_home_page_at_once(client):
    pending = document(
        title="County strategy for Kilifi",
        visibility=Document.Visibility.PUBLIC,
        public_status=Document.PublicStatus.PENDING,
    )
    assert "County strategy for Kilifi" not in client.get(HOME).content.decode()

    repository_services.document_decide_public(
        document=pending, acting_user=coordinator(), approve=True
    )

    assert "County strategy for Kilifi" in client.get(HOME).content.decode()
