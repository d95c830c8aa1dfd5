"""The results journal: writing, links only to what the author can open, public entries for
members and visitors, filters, the printed quarter, and filing in the repository."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committees.models import Meeting
from monitoring import services
from monitoring.models import JournalEntry, JournalEvent, JournalFiling
from monitoring.quarters import Quarter
from repository.models import Document
from tests.factories import (
    administrator,
    coordinator,
    document,
    member,
    oversight,
    past_meeting,
    seat,
    working_group,
)

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 12)


def entry(by=None, *, title="Cash plus works", recorded_on=MAY, public=False, **kwargs):
    by = by or coordinator()
    made = services.journal_entry_create(
        acting_user=by,
        kind=kwargs.pop("kind", JournalEntry.Kind.RESULT),
        title=title,
        text=kwargs.pop("text", "Households that also got training saved more."),
        recorded_on=recorded_on,
        **kwargs,
    )
    if public:
        services.journal_entry_set_visibility(
            entry=made, acting_user=by, visibility=JournalEntry.Visibility.PUBLIC
        )
    return made


def test_an_entry_is_filed_in_the_quarter_of_its_date_with_its_links():
    meeting = past_meeting()
    doc = document()
    made = entry(links={"meetings": [meeting], "documents": [doc]})
    assert (made.year, made.quarter) == (2026, 2)
    assert list(made.meetings.all()) == [meeting]
    assert list(made.documents.all()) == [doc]
    assert made.visibility == JournalEntry.Visibility.INTERNAL
    assert JournalEvent.objects.filter(entry=made, action="created").exists()


def test_only_the_staff_roles_write_the_journal():
    with pytest.raises(PermissionDenied):
        entry(member())
    with pytest.raises(PermissionDenied):
        entry(seat(oversight()).user)
    assert entry(administrator()).pk


def test_bad_input_stores_nothing():
    with pytest.raises(ValidationError) as error:
        services.journal_entry_create(
            acting_user=coordinator(),
            kind="gossip",
            title=" ",
            text="",
            recorded_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert set(error.value.message_dict) == {"kind", "title", "text", "recorded_on"}
    assert not JournalEntry.objects.exists()


def test_a_link_the_author_cannot_open_is_refused():
    committee_meeting = past_meeting(oversight(), audience=Meeting.Audience.BODY)
    user = coordinator()
    # A coordinator (not the administration team) does not see a committee-only meeting.
    with pytest.raises(ValidationError):
        entry(user, links={"meetings": [committee_meeting]})
    assert not JournalEntry.objects.exists()


def test_making_an_entry_public_twice_is_refused():
    made = entry(public=True)
    with pytest.raises(ValidationError):
        services.journal_entry_set_visibility(
            entry=made, acting_user=coordinator(), visibility=JournalEntry.Visibility.PUBLIC
        )
    assert made.events.filter(action="made-public").count() == 1


def test_members_and_visitors_see_only_public_entries(client):
    entry(title="Internal finding")
    public = entry(title="Shared lesson", public=True)
    internal = JournalEntry.objects.get(title="Internal finding")
    for user in (None, member()):
        if user:
            client.force_login(user)
        body = client.get(reverse("monitoring:journal")).content.decode()
        assert "Shared lesson" in body and "Internal finding" not in body
        assert client.get(internal.get_absolute_url()).status_code == 404
        assert client.get(public.get_absolute_url()).status_code == 200


def test_committee_members_see_every_entry(client):
    entry(title="Internal finding")
    client.force_login(seat(oversight()).user)
    assert "Internal finding" in client.get(reverse("monitoring:journal")).content.decode()


def test_a_reader_sees_only_the_links_they_may_open(client):
    members_doc = document(title="Members-only brief")
    public_doc = document(title="Public report", visibility=Document.Visibility.PUBLIC)
    made = entry(public=True, links={"documents": [members_doc, public_doc]})
    body = client.get(made.get_absolute_url()).content.decode()
    assert "Public report" in body and "Members-only brief" not in body
    client.force_login(member())
    body = client.get(made.get_absolute_url()).content.decode()
    assert "Members-only brief" in body


def test_the_journal_filters_by_working_group_topic_and_quarter(client):
    group = working_group(name="Financing TWG")
    entry(title="From the TWG", working_group=group, public=True)
    entry(title="From the spring", recorded_on=datetime.date(2026, 3, 2), public=True)
    url = reverse("monitoring:journal")
    body = client.get(url, {"working_group": group.pk}).content.decode()
    assert "From the TWG" in body and "From the spring" not in body
    body = client.get(url, {"quarter": "2026-q1"}).content.decode()
    assert "From the spring" in body and "From the TWG" not in body


def test_a_coordinator_writes_an_entry_in_the_form(client):
    user = coordinator()
    meeting = past_meeting()
    client.force_login(user)
    response = client.post(
        reverse("monitoring:journal_new"),
        {
            "kind": "lesson",
            "title": "Register early",
            "text": "County staff need the registry before the drought.",
            "recorded_on": "2026-05-20",
            "meetings": [meeting.pk],
        },
    )
    made = JournalEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert list(made.meetings.all()) == [meeting]


def test_the_form_answers_bad_input_with_a_message(client):
    client.force_login(coordinator())
    response = client.post(
        reverse("monitoring:journal_new"),
        {"kind": "lesson", "title": "", "text": "x", "recorded_on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_the_form_is_not_found_for_a_member(client):
    client.force_login(member())
    assert client.get(reverse("monitoring:journal_new")).status_code == 404


def test_the_quarter_prints_as_one_page(client):
    entry(title="First", public=True)
    entry(title="Second", kind=JournalEntry.Kind.POLICY_GAP, public=True)
    body = client.get(
        reverse("monitoring:journal_print", kwargs={"slug": "2026-q2"})
    ).content.decode()
    assert "Results journal, 2026 Q2" in body
    assert body.index("First") < body.index("Second")
    assert "Policy gap flagged" in body


def test_a_closed_quarter_is_filed_once_and_refiled_as_a_version():
    oversight()
    user = coordinator()
    entry(user, title="First")
    filing = services.journal_file_quarter(quarter=Quarter(2026, 2), acting_user=user)
    doc = filing.document
    assert doc.visibility == Document.Visibility.COMMITTEE
    assert doc.title == "Results journal, 2026 Q2"
    assert doc.versions.count() == 1
    # Unchanged: nothing new.
    services.journal_file_quarter(quarter=Quarter(2026, 2), acting_user=user)
    assert doc.versions.count() == 1
    entry(user, title="Late entry")
    services.journal_file_quarter(quarter=Quarter(2026, 2), acting_user=user)
    assert doc.versions.count() == 2
    assert JournalFiling.objects.count() == 1


def test_the_open_quarter_and_an_empty_one_are_not_filed():
    oversight()
    user = coordinator()
    with pytest.raises(ValidationError):
        services.journal_file_quarter(quarter=Quarter.current(), acting_user=user)
    with pytest.raises(ValidationError):
        services.journal_file_quarter(quarter=Quarter(2026, 1), acting_user=user)
    with pytest.raises(PermissionDenied):
        services.journal_file_quarter(quarter=Quarter(2026, 2), acting_user=member())
    assert not Document.objects.exists()


def test_the_journal_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    group = working_group()
    for number in range(25):
        entry(title=f"Entry {number}", working_group=group, public=True)
    client.force_login(member())
    # Session, user, staff-role check, seats (committee or not), the count and the page of
    # entries, the working groups and the pillars of the filter.
    with django_assert_num_queries(8):
        client.get(reverse("monitoring:journal"))


def test_the_form_offers_past_meetings_only():
    from monitoring.forms import JournalEntryForm
    from tests.factories import meeting

    held = past_meeting(title="Held already")
    coming = meeting(title="Still to come")
    choices = set(JournalEntryForm(user=coordinator()).fields["meetings"].queryset)
    assert held in choices and coming not in choices
