"""The visibility matrix: every role against every audience, for the list, a thread's page,
search (by a word found only in an answer), the suggestions while asking and the answer
form. A denied cell is a 404 (the page) or absent (the list, search, suggestions): never a
title."""

import pytest
from django.urls import reverse

from discussions import selectors, services
from discussions.models import Thread
from tests import factories
from tests.factories import answer, coordinator

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "other_twg_member",
    "twg_member",
    "committee_member",
    "coordinator",
]
AUDIENCES = ["members", "twg", "committee", "hidden"]
ALLOWED = {
    "members": {"member", "other_twg_member", "twg_member", "committee_member", "coordinator"},
    "twg": {"twg_member", "coordinator"},
    "committee": {"committee_member", "coordinator"},
    "hidden": {"coordinator"},
}


def secret(audience):
    return f"siri{audience}jibu"


@pytest.fixture
def world():
    group = factories.working_group()
    other_group = factories.working_group()
    committee = factories.oversight()
    users = {
        "anonymous": None,
        "outsider": factories.outsider(),
        "member": factories.member(),
        "other_twg_member": factories.seat(other_group.body).user,
        "twg_member": factories.seat(group.body).user,
        "committee_member": factories.seat(committee).user,
        "coordinator": coordinator(),
    }
    moderator = coordinator()
    bodies = {"twg": group.body, "committee": committee}
    cited = factories.document(title="The cited guideline", visibility="public")
    threads = {}
    for audience in AUDIENCES:
        level = "members" if audience == "hidden" else audience
        thread = services.thread_create(
            acting_user=moderator,
            title=f"Thread for {audience} about caregivers",
            body="Opening text.",
            working_group=group if level == "twg" else None,
            audience=level,
            audience_body=bodies.get(level),
        )
        answer(
            thread,
            author=moderator,
            body=f"Answer with {secret(audience)} inside.",
            documents=[cited],
        )
        threads[audience] = thread
    services.post_hide(
        post=threads["hidden"].posts.get(is_opening=True), acting_user=moderator, reason="Spam."
    )
    users["_cited"] = cited
    return users, threads


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


CELLS = [(role, audience) for role in ROLES for audience in AUDIENCES]


@pytest.mark.parametrize(("role", "audience"), CELLS)
def test_thread_page(client, world, role, audience):
    users, threads = world
    response = _client(client, users[role]).get(threads[audience].get_absolute_url())
    if role in ALLOWED[audience]:
        assert response.status_code == 200
        assert secret(audience) in response.content.decode()
    else:
        assert response.status_code in (302, 404)  # anonymous: sign in first
        assert threads[audience].title not in response.content.decode()


@pytest.mark.parametrize(("role", "audience"), CELLS)
def test_list_and_search(client, world, role, audience):
    users, threads = world
    c = _client(client, users[role])
    listed = c.get(reverse("discussions:list"))
    found = c.get(reverse("discussions:list"), {"q": secret(audience)})
    title = threads[audience].title
    if role in ALLOWED[audience]:
        assert title in listed.content.decode()
        assert title in found.content.decode()
    else:
        assert title not in listed.content.decode()
        assert title not in found.content.decode()


@pytest.mark.parametrize(("role", "audience"), CELLS)
def test_suggestions_while_asking(client, world, role, audience):
    users, threads = world
    response = _client(client, users[role]).get(
        reverse("discussions:suggest"), {"title": "caregivers"}
    )
    title = threads[audience].title
    if role in ALLOWED[audience]:
        assert title in response.content.decode()
    else:
        assert title not in response.content.decode()


@pytest.mark.parametrize(("role", "audience"), CELLS)
def test_answering(client, world, role, audience):
    users, threads = world
    thread = threads[audience]
    before = thread.posts.count()
    response = _client(client, users[role]).post(
        reverse("discussions:answer", args=[thread.pk]), {"body": "Me too."}
    )
    if role in ALLOWED[audience]:
        assert response.status_code == 302
        assert thread.posts.count() == before + 1
    else:
        assert response.status_code in (302, 404)
        assert thread.posts.count() == before


@pytest.mark.parametrize(("role", "audience"), CELLS)
def test_discussed_in_on_the_document_page(client, world, role, audience):
    users, threads = world
    response = _client(client, users[role]).get(users["_cited"].get_absolute_url())
    assert response.status_code == 200  # a public document
    if role in ALLOWED[audience]:
        assert threads[audience].title in response.content.decode()
    else:
        assert threads[audience].title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_visible_to_is_the_matrix(world, role):
    users, threads = world
    user = users[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    visible = set(selectors.visible_to(user).values_list("pk", flat=True))
    expected = {threads[a].pk for a in AUDIENCES if role in ALLOWED[a]}
    assert visible & {t.pk for t in threads.values()} == expected
    assert Thread.objects.count() == len(AUDIENCES)
