"""seed_demo's Ask the CoP: threads across the working groups' spaces and audiences, some
answered with an accepted answer citing a demo document, some unanswered, one flagged, a
question of the month; the member account sees the list."""

import pytest
from django.urls import reverse

from discussions.models import Flag, Thread

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_living_discussion(client, demo):
    threads = Thread.objects.all()
    assert threads.count() >= 20
    assert "new questions and discussions in Ask the CoP" in demo.output
    answered = threads.filter(status=Thread.Status.ANSWERED)
    assert answered.filter(accepted_answer__documents__isnull=False).exists()
    assert threads.filter(answer_count=0).exists()
    assert threads.filter(audience=Thread.Audience.TWG).exists()
    assert threads.filter(working_group__isnull=True).exists()
    assert Flag.objects.filter(status=Flag.Status.OPEN).count() == 1
    assert threads.filter(pinned_at__isnull=False).count() == 1


def test_the_demo_member_reads_the_discussions(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="member@demo.cop.ke"))
    response = client.get(reverse("discussions:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count > 10
