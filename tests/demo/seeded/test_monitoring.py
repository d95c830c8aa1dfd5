"""seed_demo's monitoring: a year of quarterly snapshots with members to count, the Oversight
Committee's assessments, journal entries (some public) and two recognitions."""

import pytest

from monitoring.models import JournalEntry, MaturityAssessment, Recognition, Snapshot
from monitoring.quarters import Quarter

pytestmark = pytest.mark.django_db


def test_seed_demo_stores_a_year_of_snapshots_with_members(demo):
    quarters = Quarter.current().previous().last(4)
    for quarter in quarters:
        snapshot = Snapshot.objects.of(quarter).get(is_latest=True)
        figures = snapshot.data["blocks"]["membership"]["figures"]
        assert figures["member_organisations"] > 0
    assert MaturityAssessment.objects.count() == 4
    assert "4 quarterly snapshots, 4 maturity assessments" in demo.output


def test_seed_demo_writes_the_journal_and_two_recognitions(demo, client):
    assert JournalEntry.objects.public().exists()
    assert JournalEntry.objects.exclude(visibility="public").exists()
    assert JournalEntry.objects.filter(meetings__isnull=False).exists()
    recognitions = list(Recognition.objects.all())
    assert len(recognitions) == 2
    organisation = next(r.organisation for r in recognitions if r.organisation)
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "Sustained participation award" in body
