"""seed_demo files the minutes and recordings of the demo's held meetings as documents."""

import pytest

from committees.models import Meeting
from repository.models import Document, MeetingDocument

pytestmark = pytest.mark.django_db


def test_seed_demo_files_the_minutes_of_every_held_meeting():
    assert MeetingDocument.objects.count() > 0
    held = Meeting.objects.filter(status="held").exclude(minutes="")
    assert MeetingDocument.objects.filter(part="minutes").count() == held.count()
    # Body-only demo meetings stay with their body.
    steering = MeetingDocument.objects.get(meeting__body__kind="steering").document
    assert steering.visibility == Document.Visibility.COMMITTEE
