"""seed_demo's bulletin: two published editions, a draft, and items waiting for moderation."""

import pytest
from django.core.management import call_command

from bulletin.models import Delivery, Edition, EditionItem, Section, Submission, SubmissionEvent

pytestmark = pytest.mark.django_db

SEEDED_MODELS = [Edition, Section, EditionItem, Submission, SubmissionEvent, Delivery]


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


def test_seed_demo_makes_a_living_bulletin_and_is_safe_to_run_twice(client, capsys):
    call_command("seed_demo", force=True)
    first = counts()
    call_command("seed_demo", force=True)
    assert counts() == first
    assert "(0 new submissions)" in capsys.readouterr().out
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
