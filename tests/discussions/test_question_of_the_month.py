"""The question of the month: a coordinator pins one members' thread; the home page's
inclusion shows it to members only."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from discussions import selectors, services
from discussions.models import Thread
from tests import factories
from tests.factories import coordinator, member, thread

pytestmark = pytest.mark.django_db


def test_a_coordinator_pins_one_thread_at_a_time():
    moderator = coordinator()
    first, second = thread(), thread()
    services.thread_pin(thread=first, acting_user=moderator)
    services.thread_pin(thread=second, acting_user=moderator)
    assert list(Thread.objects.filter(pinned_at__isnull=False)) == [second]
    assert first.events.filter(action="unpinned").exists()
    with pytest.raises(PermissionDenied):
        services.thread_pin(thread=first, acting_user=member())


def test_only_a_members_thread_can_be_pinned():
    group = factories.working_group()
    asker = factories.seat(group.body).user
    narrow = thread(asked_by=asker, audience="twg", audience_body=group.body)
    with pytest.raises(ValidationError):
        services.thread_pin(thread=narrow, acting_user=coordinator())


def test_the_inclusion_shows_the_question_to_members_only():
    pinned = thread(title="What should graduation look like?")
    services.thread_pin(thread=pinned, acting_user=coordinator())
    for user, shown in [(member(), True), (factories.outsider(), False), (AnonymousUser(), False)]:
        question = selectors.question_of_the_month(user)
        html = render_to_string("discussions/_question_of_the_month.html", {"question": question})
        assert (pinned.title in html) is shown


def test_pinning_from_the_thread_page(client):
    pinned = thread()
    client.force_login(coordinator())
    client.post(reverse("discussions:pin", args=[pinned.pk]))
    pinned.refresh_from_db()
    assert pinned.pinned_at is not None
    client.post(reverse("discussions:pin", args=[pinned.pk]), {"unpin": "1"})
    pinned.refresh_from_db()
    assert pinned.pinned_at is None
    client.force_login(member())
    assert client.post(reverse("discussions:pin", args=[pinned.pk])).status_code == 404
