"""Submissions, moderation, editions and publishing, through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bulletin import services
from bulletin.models import Edition, EditionItem, Submission, SubmissionEvent, Subscriber
from tests import factories
from tests.factories import UserFactory, document

pytestmark = pytest.mark.django_db


def test_submission_records_the_organisation_and_an_event():
    user = factories.member()
    item = factories.submission(user, title="Graduation pilots in Marsabit")
    assert item.status == Submission.Status.SUBMITTED
    assert item.organisation == user.person.organisation
    assert list(item.events.values_list("action", flat=True)) == ["submitted"]


def test_submission_without_link_file_or_document_is_refused_and_stores_nothing():
    with pytest.raises(ValidationError) as error:
        factories.submission(link="")
    assert error.value.code == "no_source"
    assert not Submission.objects.exists()


def test_the_database_also_refuses_a_submission_without_a_source():
    from django.db import IntegrityError

    user = factories.member()
    with pytest.raises(IntegrityError):
        Submission.objects.create(kind="news", title="x", description="y", submitted_by=user)


def test_submission_may_point_at_a_document_the_member_can_see():
    user = factories.member()
    doc = document(visibility="members")
    item = factories.submission(user, link="", document=doc)
    assert item.document == doc


def test_submission_may_not_point_at_a_document_the_member_cannot_see():
    hidden = document(visibility="public", public_status="pending")
    outsider = UserFactory()  # not a member: cannot submit at all
    with pytest.raises(PermissionDenied):
        factories.submission(outsider, link="", document=hidden)
    user = factories.member()
    withdrawn = document(visibility="members", withdrawn_at=timezone.now(), withdrawn_reason="x")
    with pytest.raises(ValidationError):
        factories.submission(user, link="", document=withdrawn)
    assert not Submission.objects.exists()


def test_markup_in_plain_fields_is_removed_when_saved():
    item = factories.submission(
        title="<script>alert(1)</script>Cash transfers <b>work</b>",
        description='<img src=x onerror="alert(1)">Evidence from 2024 & 2025',
    )
    assert item.title == "Cash transfers work"
    assert item.description == "Evidence from 2024 & 2025"


def test_accepting_needs_a_summary():
    item = factories.submission()
    with pytest.raises(ValidationError) as error:
        services.submission_accept(
            submission=item, acting_user=factories.coordinator(), summary=" "
        )
    assert "summary" in error.value.error_dict
    item.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED
    assert not item.events.filter(action="accepted").exists()


def test_accepting_records_summary_event_and_mails_the_submitter(send_on_commit, mailoutbox):
    user = factories.member()
    item = factories.submission(user, title="Child grants")
    coordinator = factories.coordinator()
    with send_on_commit():
        services.submission_accept(
            submission=item, acting_user=coordinator, summary="Grants keep children in school."
        )
    item.refresh_from_db()
    assert item.status == Submission.Status.ACCEPTED
    assert item.summary == "Grants keep children in school."
    assert item.events.get(action="accepted").actor == coordinator
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert "Grants keep children in school." in mailoutbox[0].body


def test_declining_needs_a_note_and_mails_it(send_on_commit, mailoutbox):
    item = factories.submission()
    coordinator = factories.coordinator()
    with pytest.raises(ValidationError):
        services.submission_decline(submission=item, acting_user=coordinator, note="")
    with send_on_commit():
        services.submission_decline(
            submission=item, acting_user=coordinator, note="Out of the sector's scope."
        )
    item.refresh_from_db()
    assert item.status == Submission.Status.DECLINED
    assert "Out of the sector's scope." in mailoutbox[0].body


def test_only_staff_roles_moderate():
    item = factories.submission()
    for user in (factories.member(), item.submitted_by, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.submission_accept(submission=item, acting_user=user, summary="x")
    services.submission_accept(
        submission=item, acting_user=factories.administrator(), summary="Fine."
    )


def test_a_decided_item_cannot_be_decided_again():
    item = factories.accepted()
    with pytest.raises(ValidationError) as error:
        services.submission_decline(
            submission=item, acting_user=factories.coordinator(), note="Changed my mind"
        )
    assert error.value.code == "decided"
    item.refresh_from_db()
    assert item.status == Submission.Status.ACCEPTED


def test_changes_requested_then_resubmitted_goes_back_to_the_queue(send_on_commit, mailoutbox):
    user = factories.member()
    item = factories.submission(user)
    with send_on_commit():
        services.submission_request_changes(
            submission=item, acting_user=factories.coordinator(), note="Add the report's year."
        )
    assert "Add the report's year." in mailoutbox[0].body
    services.submission_update(
        submission=item,
        acting_user=user,
        kind=item.kind,
        title="Study report 2025",
        description=item.description,
        link=item.link,
    )
    item.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED
    assert item.title == "Study report 2025"
    assert list(item.events.values_list("action", flat=True)) == [
        "submitted",
        "changes-requested",
        "resubmitted",
    ]


def test_only_the_submitter_edits_and_only_before_a_decision():
    user = factories.member()
    item = factories.submission(user)
    values = {"kind": "news", "title": "New", "description": "d", "link": "https://x.org"}
    with pytest.raises(PermissionDenied):
        services.submission_update(submission=item, acting_user=factories.member(), **values)
    services.submission_accept(submission=item, acting_user=factories.coordinator(), summary="S")
    with pytest.raises(ValidationError):
        services.submission_update(submission=item, acting_user=user, **values)
    item.refresh_from_db()
    assert item.title != "New"


def test_one_edition_per_quarter():
    coordinator = factories.coordinator()
    first = services.edition_create(acting_user=coordinator, year=2027, quarter=1)
    assert (first.title, first.slug) == ("2027 Q1", "2027-q1")
    with pytest.raises(ValidationError) as error:
        services.edition_create(acting_user=coordinator, year=2027, quarter=1)
    assert error.value.code == "exists"
    with pytest.raises(ValidationError):
        services.edition_create(acting_user=coordinator, year=2027, quarter=5)
    assert Edition.objects.count() == 1


def test_members_cannot_build_or_publish_editions():
    edition = factories.edition(items=1)
    user = factories.member()
    with pytest.raises(PermissionDenied):
        services.edition_create(acting_user=user, year=2028, quarter=1)
    with pytest.raises(PermissionDenied):
        services.edition_publish(edition=edition, acting_user=user)
    with pytest.raises(PermissionDenied):
        services.edition_update(edition=edition, acting_user=user, title="x", editorial="y")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_the_editorial_is_sanitised_when_saved():
    edition = factories.edition()
    services.edition_update(
        edition=edition,
        acting_user=factories.coordinator(),
        title="2027 Q1",
        editorial='<p onclick="x()">Hello <a href="javascript:alert(1)">there</a></p>'
        '<script>alert(2)</script><iframe src="https://evil.example"></iframe>'
        '<p style="color:red"><strong>Bold</strong></p>',
    )
    edition.refresh_from_db()
    assert edition.editorial == (
        '<p>Hello <a rel="noopener noreferrer">there</a></p><p><strong>Bold</strong></p>'
    )


def test_an_item_is_placed_in_one_edition_at_most():
    coordinator = factories.coordinator()
    first = factories.edition(coordinator, quarter=1)
    second = factories.edition(coordinator, quarter=2)
    item = factories.accepted()
    services.item_add(section=first.sections.get(), submission=item, acting_user=coordinator)
    with pytest.raises(ValidationError) as error:
        services.item_add(section=second.sections.get(), submission=item, acting_user=coordinator)
    assert error.value.code == "already_placed"
    assert EditionItem.objects.count() == 1


def test_only_accepted_items_are_placed():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator)
    with pytest.raises(ValidationError):
        services.item_add(
            section=edition.sections.get(),
            submission=factories.submission(),
            acting_user=coordinator,
        )


def test_moving_items_and_sections():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, sections=("News", "Research"), items=3)
    news, research = edition.sections.order_by("position")
    first, second, third = news.items.order_by("position")
    services.item_move(item=third, acting_user=coordinator, direction="up")
    assert list(news.items.order_by("position")) == [first, third, second]
    services.item_move(item=first, acting_user=coordinator, direction="up")  # already first
    assert list(news.items.order_by("position")) == [first, third, second]
    services.section_move(section=research, acting_user=coordinator, direction="up")
    assert list(edition.sections.order_by("position")) == [research, news]


def test_deleting_a_section_frees_its_items():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=2)
    services.section_delete(section=edition.sections.get(), acting_user=coordinator)
    assert Submission.objects.placeable().count() == 2


def test_an_empty_edition_cannot_be_published():
    edition = factories.edition()
    with pytest.raises(ValidationError) as error:
        services.edition_publish(edition=edition, acting_user=factories.coordinator())
    assert error.value.code == "empty"
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_publishing_publishes_items_tells_submitters_and_queues_deliveries(
    send_on_commit, mailoutbox
):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=2)
    reader = Subscriber.objects.create(
        email="reader@example.org", status="subscribed", source="public"
    )
    with send_on_commit():
        services.edition_publish(edition=edition, acting_user=coordinator)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    assert edition.published_at is not None
    assert set(Submission.objects.values_list("status", flat=True)) == {"published"}
    assert SubmissionEvent.objects.filter(action="published", actor=coordinator).count() == 2
    # One to each submitter; the edition itself went out through bulletin.sending.
    assert len([m for m in mailoutbox if "List-Unsubscribe" not in m.extra_headers]) == 2
    # Both submitters are members: subscribed by default. The public reader too.
    recipients = set(edition.deliveries.values_list("subscriber__email", flat=True))
    submitters = set(Submission.objects.values_list("submitted_by__email", flat=True))
    assert recipients == submitters | {reader.email}
    # The immediate task backend of the tests sends at once.
    assert set(edition.deliveries.values_list("status", flat=True)) == {"sent"}


def test_a_published_edition_no_longer_changes():
    coordinator = factories.coordinator()
    edition = factories.published(coordinator)
    with pytest.raises(ValidationError):
        services.edition_publish(edition=edition, acting_user=coordinator)
    with pytest.raises(ValidationError):
        services.edition_update(edition=edition, acting_user=coordinator, title="x", editorial="")
    with pytest.raises(ValidationError):
        services.section_add(edition=edition, acting_user=coordinator, title="More")


def test_scheduling_needs_a_future_time():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    with pytest.raises(ValidationError):
        services.edition_schedule(
            edition=edition,
            acting_user=coordinator,
            publish_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_due_editions_are_published_once(send_on_commit):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    later = factories.edition(coordinator, quarter=2, items=1)
    soon = timezone.now() + datetime.timedelta(hours=1)
    services.edition_schedule(edition=edition, acting_user=coordinator, publish_at=soon)
    services.edition_schedule(
        edition=later, acting_user=coordinator, publish_at=soon + datetime.timedelta(days=30)
    )
    assert services.publish_due_editions() == []
    with send_on_commit():
        published = services.publish_due_editions(now=soon + datetime.timedelta(minutes=1))
    assert [e.pk for e in published] == [edition.pk]
    assert services.publish_due_editions(now=soon + datetime.timedelta(minutes=2)) == []
    edition.refresh_from_db()
    later.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    assert later.status == Edition.Status.SCHEDULED
    # Members are subscribed by default: both submitters receive it.
    members = set(Submission.objects.values_list("submitted_by__email", flat=True))
    assert set(edition.deliveries.values_list("subscriber__email", flat=True)) == members
    assert SubmissionEvent.objects.get(action="published").actor is None


def test_a_scheduled_edition_emptied_meanwhile_goes_back_to_draft():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    soon = timezone.now() + datetime.timedelta(hours=1)
    services.edition_schedule(edition=edition, acting_user=coordinator, publish_at=soon)
    EditionItem.objects.all().delete()
    assert services.publish_due_editions(now=soon + datetime.timedelta(minutes=1)) == []
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
