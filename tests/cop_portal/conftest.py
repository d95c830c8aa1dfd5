"""What the property tests of every route and every form share."""

import pytest

from tests import factories


@pytest.fixture
def seeded(db):
    """A little of everything, so that detail pages with real ids and slugs render too."""
    from bulletin.models import Submission
    from committees.models import Meeting, Seat
    from members.models import County, Pillar
    from repository.models import Document

    coordinator = factories.coordinator()
    focal = factories.focal_person()
    organisation = focal.organisation
    group = factories.working_group()
    # The member chairs the group: its requests, meetings and records are theirs to manage.
    factories.seat(group.body, focal.user, role=Seat.Role.CHAIR)
    doc = factories.document(visibility=Document.Visibility.PUBLIC, uploaded_by=focal.user)
    factories.relate(doc, publishers=[organisation], topics=[group])
    meeting = factories.meeting(group.body)
    past = factories.past_meeting(group.body, audience=Meeting.Audience.PUBLIC)
    action = factories.action_item(past, owner_user=focal.user)
    edition = factories.published(coordinator)
    draft = factories.edition(coordinator, year=2028)
    item = factories.submission(submitted_by=focal.user)
    invitation = factories.make_invitation(organisation=organisation)
    counties = list(County.objects.values_list("slug", flat=True)[:3])
    pillars = list(Pillar.objects.values_list("slug", flat=True)[:3])
    return {
        "users": {"member": focal.user, "coordinator": coordinator},
        "ids": [
            str(pk)
            for pk in (
                organisation.pk,
                doc.pk,
                meeting.pk,
                past.pk,
                action.pk,
                edition.pk,
                draft.pk,
                item.pk,
                invitation.pk,
                focal.pk,
                group.pk,
                1,
            )
        ]
        + [str(past.starts_at.year), str(past.starts_at.month)],
        "slugs": [
            organisation.slug,
            doc.slug,
            group.body.slug,
            edition.slug,
            *counties,
            *pillars,
        ],
        "tokens": ["a-secret-token"],
        "choices": [
            *(value for value, _ in Document.Type.choices),
            *(value for value, _ in Document.Language.choices),
            *(value for value, _ in Meeting.Kind.choices),
            *(value for value, _ in Submission.Status.choices),
            "relevance",
            "newest",
            "downloads",
            "past",
            "cop",
        ],
    }
