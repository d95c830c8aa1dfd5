"""The visibility matrix: every role against every level, for the list, the document page and
the downloads. A denied cell answers 404 and sends no byte of the file."""

import pytest
from django.urls import reverse

from repository.models import Document
from tests.repository.factories_documents import PDF_BYTES, coordinator, document
from tests.twg import builders

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_twg_member", "twg_member", "committee_member", "coordinator"]
LEVELS = ["public", "members", "twg", "committee"]
ALLOWED = {
    "public": set(ROLES),
    "members": set(ROLES) - {"anonymous"},
    "twg": {"twg_member", "coordinator"},
    "committee": {"committee_member", "coordinator"},
}


@pytest.fixture
def world():
    group = builders.working_group()
    other_group = builders.working_group()
    committee = builders.oversight()
    users = {
        "anonymous": None,
        "member": builders.member(),
        "other_twg_member": builders.seat(other_group.body).user,
        "twg_member": builders.seat(group.body).user,
        "committee_member": builders.seat(committee).user,
        "coordinator": coordinator(),
    }
    bodies = {"twg": group.body, "committee": committee}
    documents = {
        level: document(title=f"A {level} document", visibility=level, body=bodies.get(level))
        for level in LEVELS
    }
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


def test_public_document_waiting_for_approval_is_for_members_only(client):
    doc = document(visibility="public", public_status=Document.PublicStatus.PENDING)
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.force_login(builders.member())
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_refused_public_document_stays_for_members(client):
    doc = document(visibility="public", public_status=Document.PublicStatus.REFUSED)
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.force_login(builders.member())
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_ended_seat_no_longer_shows_the_working_group_document(client):
    import datetime

    group = builders.working_group()
    seat = builders.seat(
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
    client.force_login(builders.member())
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
    client.force_login(builders.member())
    assert client.get(members_doc.get_absolute_url()).status_code == 404
