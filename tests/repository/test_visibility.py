"""The visibility matrix: every role against every level, for the list, search (by a word
only inside the file, and by title), the document page, the downloads, the citation exports
and the feeds (the public one, and a working group's with each role's key). A denied cell
answers 404 (in a list, search or feed: the document is absent) and sends no byte of the
file."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from repository import services
from repository.models import Document
from tests import factories
from tests.factories import PDF_BYTES, coordinator, document

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_twg_member", "twg_member", "committee_member", "coordinator"]
LEVELS = ["public", "members", "twg", "committee"]
ALLOWED = {
    "public": set(ROLES),
    "members": set(ROLES) - {"anonymous"},
    "twg": {"twg_member", "coordinator"},
    "committee": {"committee_member", "coordinator"},
}


# A working group's feed: for those who may follow the group, its own documents and the
# public and members' ones filed under its topic (never another body's, even on its topic).
FEED_FOLLOWERS = {"twg_member", "coordinator"}
IN_GROUP_FEED = {"public", "members", "twg"}


def secret_word(level):
    """A word found only inside the file of that level's document."""
    return f"siri{level}ndani"


@pytest.fixture
def world():
    group = factories.working_group()
    other_group = factories.working_group()
    committee = factories.oversight()
    users = {
        "anonymous": None,
        "member": factories.member(),
        "other_twg_member": factories.seat(other_group.body).user,
        "twg_member": factories.seat(group.body).user,
        "committee_member": factories.seat(committee).user,
        "coordinator": coordinator(),
    }
    bodies = {"twg": group.body, "committee": committee}
    documents = {
        level: document(
            title=f"A {level} document",
            visibility=level,
            body=bodies.get(level),
            text=f"Ripoti ya mwaka. {secret_word(level)} kwa wote.",
            index_status=Document.IndexStatus.INDEXED,
        )
        for level in LEVELS
    }
    for doc in documents.values():
        doc.topics.add(group)  # every document is filed under the group's topic
    return users, documents


def as_role(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_what_the_role_may_see(client, world, role):
    users, documents = world
    response = as_role(client, users, role).get(reverse("repository:list"))
    shown = {d.title for d in response.context["page"].object_list}
    assert shown == {f"A {level} document" for level in LEVELS if role in ALLOWED[level]}


@pytest.mark.parametrize("by", ["word inside the file", "title"])
@pytest.mark.parametrize("role", ROLES)
def test_search_finds_exactly_what_the_role_may_see(client, world, role, by):
    users, documents = world
    as_role(client, users, role)
    for level in LEVELS:
        query = f"{level} document" if by == "title" else secret_word(level)
        response = client.get(reverse("repository:list"), {"q": query})
        found = [d.title for d in response.context["page"].object_list]
        if role in ALLOWED[level]:
            assert found == [f"A {level} document"]
        else:
            # Not listed and not named anywhere on the page (on PostgreSQL a visible document
            # with a close title may stand in when nothing matches).
            assert f"A {level} document" not in found
            assert f"A {level} document" not in response.content.decode()
            assert b"%PDF" not in response.content


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_detail_answers_404_to_those_who_may_not_see(client, world, role, level):
    users, documents = world
    response = as_role(client, users, role).get(documents[level].get_absolute_url())
    assert response.status_code == (200 if role in ALLOWED[level] else 404)


@pytest.mark.parametrize("url_name", ["repository:download", "repository:version_download"])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_download_streams_only_to_those_who_may_see(client, world, role, level, url_name):
    users, documents = world
    doc = documents[level]
    kwargs = {"slug": doc.slug} | ({"number": 1} if url_name.startswith("repository:v") else {})
    response = as_role(client, users, role).get(reverse(url_name, kwargs=kwargs))
    doc.refresh_from_db()
    if role in ALLOWED[level]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert doc.download_count == 1
    else:
        assert response.status_code == 404
        assert not getattr(response, "streaming", False)
        assert b"%PDF" not in response.content
        assert doc.download_count == 0


@pytest.mark.parametrize("url_name", ["repository:cite_bibtex", "repository:cite_ris"])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_citation_exports_only_for_those_who_may_see(client, world, role, level, url_name):
    users, documents = world
    doc = documents[level]
    response = as_role(client, users, role).get(reverse(url_name, args=[doc.slug]))
    if role in ALLOWED[level]:
        assert response.status_code == 200
        assert f"A {level} document" in response.content.decode()
    else:
        assert response.status_code == 404
        assert f"A {level} document" not in response.content.decode()
    assert b"%PDF" not in response.content and secret_word(level) not in response.content.decode()


def feed_titles(response):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    return {entry.findtext(f"{atom}title") for entry in root.findall(f"{atom}entry")}


@pytest.mark.parametrize("role", ROLES)
def test_public_feed_has_the_public_document_whoever_asks(client, world, role):
    users, _documents = world
    response = as_role(client, users, role).get(reverse("repository:feed"))
    # A session never widens the public feed.
    assert feed_titles(response) == {"A public document"}
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_working_group_feed_opens_only_with_a_followers_key(client, world, role):
    users, documents = world
    group_body = documents["twg"].body
    if users[role] is None:
        token = "no-key-for-visitors-" + "x" * 24
    else:
        token = services.feed_token_create(acting_user=users[role]).token
    url = reverse("repository:group_feed", kwargs={"slug": group_body.slug, "token": token})
    response = client.get(url)  # a feed reader: no session, only the key
    if role in FEED_FOLLOWERS:
        assert feed_titles(response) == {f"A {level} document" for level in IN_GROUP_FEED}
    else:
        assert response.status_code == 404
        assert b"A twg document" not in response.content
    assert b"%PDF" not in response.content


def test_another_groups_feed_does_not_carry_this_groups_document(client, world):
    users, documents = world
    member = users["other_twg_member"]
    other_body = member.seats.get().body
    token = services.feed_token_create(acting_user=member).token
    url = reverse("repository:group_feed", kwargs={"slug": other_body.slug, "token": token})
    assert "A twg document" not in feed_titles(client.get(url))


def test_public_document_waiting_for_approval_is_for_members_only(client):
    doc = document(visibility="public", public_status=Document.PublicStatus.PENDING)
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.force_login(factories.member())
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_refused_public_document_stays_for_members(client):
    doc = document(visibility="public", public_status=Document.PublicStatus.REFUSED)
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.force_login(factories.member())
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_ended_seat_no_longer_shows_the_working_group_document(client):
    import datetime

    group = factories.working_group()
    seat = factories.seat(
        group.body,
        starts_on=datetime.date.today() - datetime.timedelta(days=60),
        ends_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    doc = document(visibility="twg", body=group.body)
    client.force_login(seat.user)
    assert client.get(doc.get_absolute_url()).status_code == 404


def test_withdrawn_document_is_hidden_except_from_coordinators(client):
    from django.utils import timezone

    doc = document(visibility="public", withdrawn_at=timezone.now(), withdrawn_reason="Outdated")
    client.force_login(factories.member())
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert client.get(reverse("repository:download", args=[doc.slug])).status_code == 404
    client.force_login(coordinator())
    assert client.get(doc.get_absolute_url()).status_code == 200
    # Even coordinators are not served a withdrawn file.
    assert client.get(reverse("repository:download", args=[doc.slug])).status_code == 404


def test_member_who_has_not_accepted_the_code_sees_public_only(client):
    from members.models import CodeOfConduct

    CodeOfConduct.objects.create(version="1", text="Be kind.")
    members_doc = document(visibility="members")
    client.force_login(factories.member())
    assert client.get(members_doc.get_absolute_url()).status_code == 404
