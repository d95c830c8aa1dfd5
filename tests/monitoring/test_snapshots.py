"""Snapshots: one per quarter while nothing changes, a new version when late data does, the
scheduled command, and who may compute."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from committees.models import Registration
from monitoring import services
from monitoring.models import QuarterSignIn, Snapshot
from monitoring.quarters import Quarter
from tests.factories import administrator, coordinator, member
from tests.factories.monitoring import Q2, quarter_of_activity

pytestmark = pytest.mark.django_db


def test_taking_the_same_quarter_twice_gives_one_snapshot():
    quarter_of_activity()
    first, created = services.snapshot_take(quarter=Q2)
    again, created_again = services.snapshot_take(quarter=Q2)
    assert created and not created_again
    assert again.pk == first.pk
    assert Snapshot.objects.of(Q2).count() == 1


def test_late_data_makes_a_new_version_and_keeps_the_old_one():
    fixture = quarter_of_activity()
    first, _ = services.snapshot_take(quarter=Q2)
    # The attendance of a2 at M1 is recorded late.
    Registration.objects.filter(
        meeting=fixture.meetings["M1"], user=fixture.people["a2"].user
    ).update(attended=True)
    second, created = services.snapshot_take(quarter=Q2)
    assert created and second.version == 2
    first.refresh_from_db()
    assert not first.is_latest and second.is_latest
    assert first.data["blocks"]["meetings"]["figures"]["attendances"] == 2
    assert second.data["blocks"]["meetings"]["figures"]["attendances"] == 3
    assert "meetings.attendances" in second.changed
    assert "documents.downloads_reading" not in second.changed


def test_a_closed_quarter_keeps_its_first_download_reading():
    fixture = quarter_of_activity()
    services.snapshot_take(quarter=Q2)
    from repository.models import Document

    Document.objects.update(download_count=100)
    Registration.objects.filter(meeting=fixture.meetings["M1"]).update(attended=True)
    second, _ = services.snapshot_take(quarter=Q2)
    assert second.data["blocks"]["documents"]["figures"]["downloads_reading"] == 10


def test_the_next_quarter_counts_its_downloads_from_the_stored_reading():
    quarter_of_activity()
    services.snapshot_take(quarter=Q2)
    from repository.models import Document

    Document.objects.filter(title="TWG note").update(download_count=8)
    q3, _ = services.snapshot_take(quarter=Quarter(2026, 3))
    assert q3.data["blocks"]["documents"]["figures"]["downloads"] == 5


def test_a_quarter_still_to_come_is_refused():
    with pytest.raises(ValidationError):
        services.snapshot_take(quarter=Quarter.current().next())
    assert not Snapshot.objects.exists()


def test_only_the_administration_team_computes_a_quarter_by_hand():
    with pytest.raises(PermissionDenied):
        services.snapshot_take(quarter=Q2, acting_user=coordinator())
    with pytest.raises(PermissionDenied):
        services.snapshot_take(quarter=Q2, acting_user=member())
    snapshot, _ = services.snapshot_take(quarter=Q2, acting_user=administrator())
    assert snapshot.computed_by is not None


def test_the_command_stores_the_last_closed_quarter_by_default(capsys):
    call_command("snapshot_indicators")
    previous = Quarter.current().previous()
    assert Snapshot.objects.of(previous).count() == 1
    call_command("snapshot_indicators")
    assert Snapshot.objects.of(previous).count() == 1
    assert "unchanged since version 1" in capsys.readouterr().out


def test_the_command_takes_named_quarters_and_refuses_bad_ones():
    call_command("snapshot_indicators", quarter=["2026-q1", "2026-q2"])
    assert Snapshot.objects.count() == 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("snapshot_indicators", quarter=["2026-5"])


def test_signing_in_is_recorded_once_a_quarter(client, user, password):
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    current = Quarter.current()
    assert (
        QuarterSignIn.objects.filter(user=user, year=current.year, quarter=current.number).count()
        == 1
    )
