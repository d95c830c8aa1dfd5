"""The bulletin's milestone block: worked out when an edition is published, stored with it,
verified figures only; the bulletin reaches it through its registry, not an import."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from bulletin import blocks
from tests.factories import published, reported_figure, verified_figure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def this_quarter():
    today = timezone.localdate()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}


def test_the_block_is_registered_by_milestones():
    assert "milestones" in blocks._PROVIDERS


def test_publishing_stores_the_quarters_verified_highlights(client):
    verified_figure(year=2025, county="turkana", reached=41000)
    reported_figure(year=2025, county="wajir", reached=171000)

    issue = published(**this_quarter())

    stored = issue.automatic_blocks
    assert [block["key"] for block in stored] == ["milestones"]
    text = " ".join(line["text"] for line in stored[0]["lines"])
    assert "41,000 in Turkana" in text
    assert "171,000" not in text and "171,000" not in stored[0]["intro"]
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "Milestones of the quarter" in html
    assert "41,000 in Turkana" in html


def test_the_stored_block_does_not_change_after_publication(client):
    verified_figure(year=2025, county="turkana", reached=41000)
    issue = published(**this_quarter())

    verified_figure(year=2025, county="kisumu", reached=777)

    html = client.get(issue.get_absolute_url()).content.decode()
    assert "41,000 in Turkana" in html
    assert "777" not in html


def test_no_block_without_verified_figures():
    reported_figure(reached=10)

    assert published(**this_quarter()).automatic_blocks == []
