"""Meeting reminders: sent once, and again after the meeting moves."""

import datetime

import pytest

from committees import services, tasks
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_moved_meeting_is_reminded_again(send_on_commit):
    body = factories.BodyFactory()
    lead = factories.convener(body)
    sitting = factories.meeting(body, starts_in=factories.DAY)
    factories.register(sitting, factories.member())
    with send_on_commit():
        tasks.send_meeting_reminders.call(today=datetime.date.today().isoformat())
    sitting.refresh_from_db()
    assert sitting.reminded_at is not None

    services.meeting_update(
        meeting=sitting,
        acting_user=lead,
        starts_at=sitting.starts_at + 7 * factories.DAY,
        ends_at=sitting.ends_at + 7 * factories.DAY,
    )
    sitting.refresh_from_db()
    assert sitting.reminded_at is None
