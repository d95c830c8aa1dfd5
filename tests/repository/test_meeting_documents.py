"""A meeting's minutes and recording become repository documents when the meeting is
recorded: of the right type, body and visibility, versioned, audited, and linked from the
meeting page."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from committees import services as committee_services
from committees.models import Body, Meeting
from repository import services
from repository.models import Document, DocumentEvent, DocumentVersion, MeetingDocument
from tests import factories

pytestmark = pytest.mark.django_db

MINUTES = "Ulinzi wa kijamii: the group agreed the county workplan."
VIDEO = "https://video.example.org/webinar-7"


@pytest.fixture
def group():
    return factories.working_group(name="Shock-responsive social protection")


@pytest.fixture
def lead(group):
    return factories.convener(group.body)


def record(meeting, user, *, minutes=MINUTES, recording_url=""):
    return committee_services.meeting_record(
        meeting=meeting,
        acting_user=user,
        attended_ids=[],
        attendee_emails=[],
        minutes=minutes,
        recording_url=recording_url,
    )


def record_url(meeting):
    return reverse("committees:meeting_record", args=[meeting.pk])


def minutes_of(meeting):
    return MeetingDocument.objects.get(meeting=meeting, part="minutes").document


def recording_of(meeting):
    return MeetingDocument.objects.get(meeting=meeting, part="recording").document


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def file_text(document, number=None):
    version = document.versions.get(number=number) if number else document.versions.first()
    with version.file.open("rb") as handle:
        return handle.read().decode("utf-8")


# --- What the document is ---------------------------------------------------------------------


def test_recording_a_twg_meeting_files_its_minutes_as_a_document(client, group, lead):
    meeting = factories.past_meeting(group.body, title="Workplan review", audience="members")
    client.force_login(lead)

    response = client.post(
        record_url(meeting), {"attendee_emails": "", "minutes": MINUTES, "recording_url": ""}
    )

    assert response.status_code == 302
    document = minutes_of(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    assert document.type == Document.Type.MINUTES
    assert document.title == f"Minutes: Workplan review, {day.day} {day:%B %Y}"
    assert document.published_on == day
    assert document.uploaded_by == lead
    assert list(document.topics.all()) == [group]
    assert document.authors == group.body.name
    version = document.versions.get()
    assert version.number == 1
    assert version.extension == "txt" and version.content_type == "text/plain"
    assert version.original_name == f"minutes-workplan-review-{day:%Y-%m-%d}.txt"
    text = file_text(document)
    assert text.startswith("Workplan review\n")
    assert MINUTES in text
    event = document.events.get()
    assert event.action == DocumentEvent.Action.UPLOADED and event.actor == lead
    assert not MeetingDocument.objects.filter(part="recording").exists()


@pytest.mark.parametrize(
    ("audience", "body_kind", "visibility", "has_body"),
    [
        ("public", "working-group", "public", False),
        ("members", "working-group", "members", False),
        ("body", "working-group", "twg", True),
        ("public", "oversight", "public", False),
        ("members", "oversight", "members", False),
        ("body", "oversight", "committee", True),
    ],
)
def test_the_document_is_seen_by_the_meetings_audience(
    group, audience, body_kind, visibility, has_body
):
    body = group.body if body_kind == "working-group" else factories.oversight()
    convener = factories.convener(group.body) if body == group.body else factories.convener(body)
    meeting = factories.past_meeting(body, audience=audience)

    record(meeting, convener)

    document = minutes_of(meeting)
    assert document.visibility == visibility
    assert document.body == (body if has_body else None)
    assert list(document.topics.all()) == ([group] if body == group.body else [])


def test_a_whole_cop_meeting_gives_a_national_document_without_body():
    coordinator = factories.coordinator()
    meeting = factories.past_meeting(None, kind="roundtable", audience="members")

    record(meeting, coordinator)

    document = minutes_of(meeting)
    assert document.visibility == Document.Visibility.MEMBERS
    assert document.body is None and document.national
    assert not document.topics.exists()


def test_public_minutes_wait_for_a_coordinator_when_a_lead_records_them(group, lead):
    meeting = factories.past_meeting(group.body, audience="public")

    record(meeting, lead)

    document = minutes_of(meeting)
    assert document.public_status == Document.PublicStatus.PENDING
    assert not document.is_public
    actions = list(document.events.values_list("action", "actor"))
    assert actions == [
        (DocumentEvent.Action.UPLOADED, lead.pk),
        (DocumentEvent.Action.PUBLIC_REQUESTED, lead.pk),
    ]


def test_public_minutes_recorded_by_a_coordinator_are_public_at_once():
    coordinator = factories.coordinator()
    meeting = factories.past_meeting(None, kind="webinar", audience="public")

    record(meeting, coordinator)

    assert minutes_of(meeting).is_public


def test_a_county_committee_meeting_gives_the_county(group):
    from members.models import County

    county = County.objects.get(name="Turkana")
    body = Body.objects.create(
        kind=Body.Kind.COUNTY, name="Turkana committee", slug="turkana", county=county
    )
    convener = factories.convener(body)
    meeting = factories.past_meeting(body, audience="body")

    record(meeting, convener)

    document = minutes_of(meeting)
    assert list(document.counties.all()) == [county]
    assert not document.national


def test_a_meeting_without_minutes_or_recording_files_nothing(group, lead):
    meeting = factories.past_meeting(group.body, kind="brown-bag")

    record(meeting, lead, minutes="")

    assert not Document.objects.exists()
    assert not MeetingDocument.objects.exists()


# --- Recording again --------------------------------------------------------------------------


def test_recording_new_minutes_makes_version_2_of_the_same_document(group, lead):
    meeting = factories.past_meeting(group.body)
    record(meeting, lead, minutes="First draft of the minutes.")
    document = minutes_of(meeting)
    other_lead = factories.convener(group.body, role="secretary")

    record(meeting, other_lead, minutes="Corrected minutes, as adopted.")

    assert Document.objects.count() == 1
    assert minutes_of(meeting).pk == document.pk
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert "Corrected minutes, as adopted." in file_text(document, 2)
    assert "First draft of the minutes." in file_text(document, 1)
    event = document.events.last()
    assert event.action == DocumentEvent.Action.NEW_VERSION
    assert event.actor == other_lead
    document.refresh_from_db()
    assert document.index_status == Document.IndexStatus.PENDING


def test_recording_the_same_minutes_again_keeps_one_version(group, lead):
    meeting = factories.past_meeting(group.body)
    record(meeting, lead)
    record(meeting, lead)

    document = minutes_of(meeting)
    assert document.versions.count() == 1
    assert document.events.count() == 1


def test_clearing_the_minutes_leaves_the_document_as_it_was(group, lead):
    meeting = factories.past_meeting(group.body)
    record(meeting, lead)

    record(meeting, lead, minutes="")

    document = minutes_of(meeting)
    assert not document.is_withdrawn
    assert document.versions.count() == 1


def test_a_recording_url_becomes_a_video_document_and_a_new_url_updates_it(group, lead):
    meeting = factories.past_meeting(group.body, kind="webinar", audience="members")
    record(meeting, lead, recording_url=VIDEO)

    video = recording_of(meeting)
    assert video.type == Document.Type.VIDEO
    assert video.external_url == VIDEO
    assert not video.versions.exists()
    assert video.title.startswith("Recording: ")
    assert minutes_of(meeting).pk != video.pk

    record(meeting, lead, recording_url="https://video.example.org/webinar-7-edited")

    video.refresh_from_db()
    assert video.external_url == "https://video.example.org/webinar-7-edited"
    assert Document.objects.filter(type=Document.Type.VIDEO).count() == 1
    event = video.events.last()
    assert event.action == DocumentEvent.Action.EDITED
    assert event.actor == lead
    assert "external link" in event.note


def test_a_held_meeting_edited_to_a_narrower_audience_narrows_its_documents(group, lead):
    meeting = factories.past_meeting(group.body, kind="webinar", audience="public")
    record(meeting, lead, recording_url=VIDEO)

    committee_services.meeting_update(meeting=meeting, acting_user=lead, audience="body")

    for document in (minutes_of(meeting), recording_of(meeting)):
        assert document.visibility == Document.Visibility.TWG
        assert document.body == group.body
        assert document.public_status == Document.PublicStatus.NOT_REQUESTED
        assert document.events.last().action == DocumentEvent.Action.EDITED


# --- Withdrawal -------------------------------------------------------------------------------


def test_withdrawn_minutes_are_not_brought_back_by_recording_again(client, group, lead):
    meeting = factories.past_meeting(group.body, status="held")
    record(meeting, lead)
    document = minutes_of(meeting)
    services.document_withdraw(
        document=document, acting_user=factories.coordinator(), reason="Names of beneficiaries."
    )

    record(meeting, lead, minutes="Minutes without the names.")

    document.refresh_from_db()
    assert document.is_withdrawn
    assert document.versions.count() == 1
    assert Document.objects.count() == 1
    # The convener is told on the meeting page, without a link to what they may not open.
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Names of beneficiaries." in page
    assert "does not bring it back" in page
    assert document.get_absolute_url() not in page
    # A member of the group who does not convene sees neither the link nor the reason.
    client.force_login(factories.seat(group.body).user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Names of beneficiaries." not in page
    assert document.get_absolute_url() not in page


# --- Who sees it ------------------------------------------------------------------------------


def test_twg_minutes_are_hidden_from_a_member_outside_the_group(client, group, lead):
    meeting = factories.past_meeting(group.body, audience="body")
    record(meeting, lead)
    document = minutes_of(meeting)
    detail = document.get_absolute_url()
    download = reverse("repository:download", args=[document.slug])

    client.force_login(factories.member())
    assert client.get(detail).status_code == 404
    assert client.get(download).status_code == 404
    assert document.title not in client.get(reverse("repository:list")).content.decode()

    client.force_login(factories.seat(group.body).user)
    assert client.get(detail).status_code == 200
    response = client.get(download)
    assert response.status_code == 200
    assert MINUTES in b"".join(response.streaming_content).decode()


def test_the_meeting_page_links_the_documents_its_visitor_may_see(client, group, lead):
    meeting = factories.past_meeting(group.body, kind="webinar", audience="public")
    record(meeting, lead, recording_url=VIDEO)
    minutes, video = minutes_of(meeting), recording_of(meeting)

    # A visitor: the minutes wait for approval, so there is nothing to link yet.
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert minutes.get_absolute_url() not in page

    client.force_login(factories.member())
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert minutes.get_absolute_url() in page and video.get_absolute_url() in page
    assert "Not public yet" in page

    services.document_decide_public(
        document=minutes, acting_user=factories.coordinator(), approve=True
    )
    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert minutes.get_absolute_url() in page
    assert video.get_absolute_url() not in page


def test_only_a_convener_of_the_body_files_a_meeting(group, lead):
    meeting = factories.past_meeting(group.body)
    record(meeting, lead)

    with pytest.raises(PermissionDenied):
        services.document_from_meeting(meeting=meeting, acting_user=factories.member())


def test_a_meeting_not_held_has_nothing_to_file(group, lead):
    from django.core.exceptions import ValidationError

    meeting = factories.past_meeting(group.body, minutes="Typed before the meeting.")

    with pytest.raises(ValidationError):
        services.document_from_meeting(meeting=meeting, acting_user=lead)
    assert not Document.objects.exists()


# --- Failures ---------------------------------------------------------------------------------


def test_a_rolled_back_recording_leaves_no_document(group, lead):
    meeting = factories.past_meeting(group.body, kind="webinar")

    with pytest.raises(RuntimeError), transaction.atomic():
        record(meeting, lead, recording_url=VIDEO)
        assert Document.objects.count() == 2
        raise RuntimeError("the request failed after recording")

    assert not Document.objects.exists()
    assert not MeetingDocument.objects.exists()
    assert not DocumentEvent.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_a_storage_failure_leaves_the_meeting_unrecorded_and_no_file(
    group, lead, settings, monkeypatch
):
    meeting = factories.past_meeting(group.body)

    def broken_save(self, name, content):
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", broken_save)
    with pytest.raises(OSError):
        record(meeting, lead)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.minutes == ""
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files(settings) == []


def test_a_failure_after_the_file_is_written_removes_it(group, lead, settings, monkeypatch):
    meeting = factories.past_meeting(group.body)

    def broken_create(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(MeetingDocument.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        record(meeting, lead)

    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_the_minutes_are_indexed_once_the_recording_commits(
    django_capture_on_commit_callbacks, group, lead
):
    meeting = factories.past_meeting(group.body)

    with django_capture_on_commit_callbacks(execute=True):
        record(meeting, lead)

    document = minutes_of(meeting)
    document.refresh_from_db()
    assert document.index_status == Document.IndexStatus.INDEXED
    assert MINUTES in document.text


# --- Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("recorded", [False, True])
def test_the_meeting_page_runs_a_fixed_number_of_queries_with_documents(
    client, django_assert_num_queries, group, lead, recorded
):
    meeting = factories.past_meeting(group.body, kind="webinar", audience="public")
    if recorded:
        record(meeting, factories.administrator(), recording_url=VIDEO)
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    # 1 the meeting with body and host, 2 resolutions, 3 action items, 4 registration
    # counts, 5 the documents made from the record, with whether the visitor may see each.
    with django_assert_num_queries(5):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["record_links"]) == (2 if recorded else 0)


@pytest.mark.parametrize("recorded", [False, True])
def test_a_member_sees_the_meeting_page_in_fixed_queries_with_documents(
    client, django_assert_num_queries, group, lead, recorded
):
    meeting = factories.past_meeting(group.body, kind="webinar", audience="members")
    if recorded:
        record(meeting, lead, recording_url=VIDEO)
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    client.force_login(factories.member())
    client.get(meeting.get_absolute_url())
    # 1 session, 2 user, 3 person and 4 code of conduct (member features), 5 administration
    # team check and 6 the user's seats (which meetings they see; since issue 7 also the
    # convener check, no query of its own), 7 the meeting, 8 resolutions, 9 action items,
    # 10 own registration, 11 counts, then the repository: 12 the staff-role check (is the
    # user a coordinator?) and 13 the documents made from the record, with whether the user
    # may see each.
    with django_assert_num_queries(13):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["record_links"]) == (2 if recorded else 0)


# --- Filing meetings recorded before ----------------------------------------------------------


def test_the_command_files_held_meetings_once(group, lead):
    from django.core.management import call_command

    held = factories.past_meeting(
        group.body, status="held", minutes="Recorded before the repository."
    )
    factories.past_meeting(group.body, status="held", kind="webinar", recording_url=VIDEO)
    factories.past_meeting(group.body, status="held")  # nothing to file
    factories.past_meeting(group.body, minutes="Not held yet.")
    admin = factories.administrator()

    out = io.StringIO()
    call_command("file_meeting_records", "--as", admin.email, stdout=out)
    call_command("file_meeting_records", "--as", admin.email, stdout=out)

    assert out.getvalue().count("Filed the record of 2 held meetings.") == 2
    assert MeetingDocument.objects.count() == 2
    document = minutes_of(held)
    assert document.versions.count() == 1
    assert document.events.get().actor == admin


def test_the_command_refuses_someone_outside_the_administration_team(lead):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("file_meeting_records", "--as", lead.email)
    assert not Document.objects.exists()


def test_filed_minutes_are_found_by_title_and_counted_under_their_topic(client, group, lead):
    meeting = factories.past_meeting(group.body, title="Workplan review", audience="members")
    record(meeting, lead)
    client.force_login(lead)

    page = client.get("/documents/", {"q": "workplan review", "topic": group.body.slug})

    document = minutes_of(meeting)
    assert document.facet_ids["topic"] == [group.pk]
    assert document.get_absolute_url() in page.content.decode()
    topic = next(f for f in page.context["facets"] if f.name == "topic")
    assert [(o.value, o.count) for o in topic.options] == [(group.body.slug, 1)]
