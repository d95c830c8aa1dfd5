"""Who may see and run what around a committee: names kept from visitors, seat rights tied to
the organisation's membership, the content coordinator not running committees."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Meeting, Seat
from members.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
REVIEW = "members.review_membershipapplication"


def test_visitors_never_see_an_action_owners_name_or_address(client):
    held = factories.past_meeting(audience=Meeting.Audience.PUBLIC)
    owner = factories.member(user__full_name="", user__email="private.person@example.org")
    action = factories.action_item(held, owner_user=owner)
    for url in (held.get_absolute_url(), reverse("committees:action", args=[action.pk])):
        page = client.get(url).content.decode()
        assert "private.person@example.org" not in page
        assert "A member" in page


def test_a_suspended_organisations_seat_holder_loses_seat_rights():
    oversight = factories.oversight()
    organisation = factories.member().person.organisation
    chair = factories.member(organisation=organisation)
    Seat.objects.create(body=oversight, user=chair, role="chair", organisation=organisation)
    assert get_user_model().objects.get(pk=chair.pk).has_perm(REVIEW)

    Organisation.objects.filter(pk=organisation.pk).update(status="suspended")
    assert not get_user_model().objects.get(pk=chair.pk).has_perm(REVIEW)


def test_a_content_coordinator_does_not_run_a_committee(client):
    oversight = factories.oversight()
    sitting = factories.meeting(oversight, audience=Meeting.Audience.BODY)
    client.force_login(factories.coordinator())
    assert client.get(sitting.get_absolute_url()).status_code == 404
    response = client.post(reverse("committees:meeting_cancel", args=[sitting.pk]), {"reason": "x"})
    assert response.status_code == 404
    sitting.refresh_from_db()
    assert sitting.status == Meeting.Status.SCHEDULED
