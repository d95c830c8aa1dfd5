"""Who is told of what by e-mail: a working group's members of a new thread in its space,
the followers of answers and of the accepted answer; never anyone who may not read the
thread, nor anyone who chose no e-mail; hostile Markdown never reaches the e-mail."""

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Follow, NotificationPreference
from tests import factories
from tests.factories import answer, coordinator, member, thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(mailoutbox, django_capture_on_commit_callbacks):
    """E-mails are delivered after commit by a task: run the callbacks, read the outbox."""

    def sent(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    sent.box = mailoutbox
    return sent


def _to(box):
    return sorted(address for message in box for address in message.to)


def test_a_groups_members_are_told_of_a_new_thread_in_its_space(outbox):
    group = factories.working_group()
    asker = factories.seat(group.body).user
    colleague = factories.seat(group.body).user
    outsider_seat = factories.seat(factories.working_group().body).user
    outbox(lambda: thread(asked_by=asker, working_group=group, title="Payment delays?"))
    assert _to(outbox.box) == [colleague.email]
    assert "New question in" in outbox.box[0].subject and "Payment delays?" in outbox.box[0].subject
    assert outsider_seat.email not in _to(outbox.box)


def test_a_member_who_chose_no_email_is_not_told(outbox):
    group = factories.working_group()
    asker = factories.seat(group.body).user
    colleague = factories.seat(group.body).user
    services.preferences_save(
        acting_user=colleague, frequencies={NotificationPreference.Kind.NEW_THREAD: "none"}
    )
    outbox(lambda: thread(asked_by=asker, working_group=group))
    assert outbox.box == []


def test_a_seat_holder_who_may_not_read_a_members_thread_is_not_told(outbox):
    """A seat holder who is no member (no person row) cannot read a members' thread."""
    group = factories.working_group()
    asker = factories.seat(group.body).user
    factories.seat(group.body, factories.outsider())
    outbox(lambda: thread(asked_by=asker, working_group=group))
    assert outbox.box == []


def test_followers_are_told_of_answers_and_of_acceptance(outbox):
    asked = thread()
    follower = member()
    services.thread_follow(thread=asked, acting_user=follower)
    author = member()
    post = outbox(lambda: answer(asked, author=author, body="Use the **registry**."))
    assert _to(outbox.box) == sorted([asked.asked_by.email, follower.email])
    assert "Use the registry." in outbox.box[0].body
    outbox.box.clear()
    outbox(lambda: services.answer_accept(post=post, acting_user=asked.asked_by))
    assert _to(outbox.box) == sorted([follower.email, author.email])
    assert "Answer accepted" in outbox.box[0].subject


def test_a_follower_who_lost_access_is_not_told(outbox):
    from members.models import Organisation

    asked = thread()
    follower = member()
    services.thread_follow(thread=asked, acting_user=follower)
    Organisation.objects.filter(pk=follower.person.organisation_id).update(status="suspended")
    outbox(lambda: answer(asked))
    assert follower.email not in _to(outbox.box)


def test_nobody_follows_a_thread_they_cannot_read():
    group = factories.working_group()
    asker = factories.seat(group.body).user
    narrow = thread(asked_by=asker, audience="twg", audience_body=group.body)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.thread_follow(thread=narrow, acting_user=member())
    assert not Follow.objects.filter(thread=narrow).exclude(user=asker).exists()


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>Visible",
        '<img src=x onerror="alert(1)">Visible',
        "[Visible](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>Visible',
    ],
)
def test_hostile_markdown_never_reaches_the_email(outbox, markdown):
    asked = thread()
    outbox(lambda: answer(asked, body=markdown))
    message = outbox.box[0]
    html = message.alternatives[0][0].lower()
    for part in (message.body.lower(), html):
        for bad in ("<script", "onerror", "javascript:", "<svg", "onload"):
            assert bad not in part
    assert "visible" in message.body.lower()


def test_the_settings_page_saves_choices_and_refuses_bad_ones(client):
    user = member()
    client.force_login(user)
    assert client.get(reverse("discussions:settings")).status_code == 200
    response = client.post(reverse("discussions:settings"), {"new-thread": "weekly"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()
    client.post(reverse("discussions:settings"), {"new-thread": "none", "answer": "immediately"})
    assert dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "frequency")
    ) == {"new-thread": "none", "answer": "immediately"}


def test_follow_and_unfollow_from_the_page(client):
    asked = thread()
    reader = member()
    client.force_login(reader)
    client.post(reverse("discussions:follow", args=[asked.pk]))
    assert Follow.objects.filter(thread=asked, user=reader).exists()
    client.post(reverse("discussions:follow", args=[asked.pk]), {"unfollow": "1"})
    assert not Follow.objects.filter(thread=asked, user=reader).exists()
    assert coordinator()
