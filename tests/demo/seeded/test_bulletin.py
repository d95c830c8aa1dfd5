"""seed_demo's bulletin: two published editions, a draft, and items waiting for moderation."""

import pytest

from bulletin.models import Delivery, Edition, Submission

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_living_bulletin(client):
    published = Edition.objects.filter(status=Edition.Status.PUBLISHED)
    assert published.count() == 2
    assert Edition.objects.filter(status=Edition.Status.DRAFT).count() == 1
    assert Submission.objects.pending().count() == 3
    assert Submission.objects.placeable().count() == 1
    # Past editions are history: on the web, not e-mailed again.
    assert not Delivery.objects.exists()
    assert not Submission.objects.filter(submitted_by__groups__isnull=False).exists()
    for edition in published:
        response = client.get(edition.get_absolute_url())
        assert response.status_code == 200
        assert len(response.context["sections"][0]["items"]) == 3
