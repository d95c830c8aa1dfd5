"""My documents: the uploader's own list. Uploading grants no access of its own: a document
restricted to a working group follows that group's roster, so when the uploader's seat ends
the list still names it but no longer opens it."""

import pytest
from django.urls import reverse

from repository import services
from repository.models import Document
from tests import factories
from tests.factories import PDF_CHECKED, coordinator, pdf_upload, samples
from twg import services as twg_services

pytestmark = pytest.mark.django_db

MINE = reverse("repository:mine")


def add(user, title, **data):
    return services.document_create(
        acting_user=user,
        data={"title": title, "type": "research", "visibility": "members"} | data,
        upload=pdf_upload(content=samples.pdf(title)),
        checked=PDF_CHECKED,
    )


def test_my_documents_needs_an_account(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_holds_only_my_own_uploads(client):
    me, other = factories.member(), factories.member()
    mine = add(me, "Kitui targeting review")
    add(other, "Someone else's report")
    client.force_login(me)
    html = client.get(MINE).content.decode()
    assert mine.get_absolute_url() in html
    assert "Someone else" not in html


def test_a_twg_document_stays_with_the_group_when_the_uploaders_seat_ends(client):
    group = factories.working_group(name="Disability inclusion")
    seat = factories.seat(group.body)
    uploader = seat.user
    document = add(uploader, "Disability data roadmap", visibility="twg", body=group.body)
    client.force_login(uploader)
    assert document.get_absolute_url() in client.get(MINE).content.decode()

    twg_services.working_group_leave(working_group=group, user=uploader)

    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("repository:download", args=[document.slug])).status_code == 404
    html = client.get(MINE).content.decode()
    assert "Disability data roadmap" in html
    assert document.get_absolute_url() not in html  # named, not linked
    assert "Only the members of Disability inclusion can open it now." in html


def test_a_withdrawn_upload_is_named_but_not_linked(client):
    me = factories.member()
    document = add(me, "Old registry figures")
    services.document_withdraw(document=document, acting_user=me, reason="Figures superseded")
    client.force_login(me)
    html = client.get(MINE).content.decode()
    assert "Old registry figures" in html and "Withdrawn" in html
    assert document.get_absolute_url() not in html


def test_the_uploader_sees_why_a_file_is_not_searchable(client):
    me = factories.member()
    document = add(me, "Nested report")
    Document.objects.filter(pk=document.pk).update(
        index_status=Document.IndexStatus.FAILED, index_error="Its structure is nested too deeply."
    )
    client.force_login(me)
    html = client.get(MINE).content.decode()
    assert "Not searchable: Its structure is nested too deeply." in html


def test_a_coordinator_still_opens_their_withdrawn_upload(client):
    user = coordinator()
    document = add(user, "Coordinator's note")
    services.document_withdraw(document=document, acting_user=user, reason="Replaced")
    client.force_login(user)
    assert document.get_absolute_url() in client.get(MINE).content.decode()


def test_a_document_titled_mine_does_not_take_the_pages_address():
    assert add(factories.member(), "Mine").slug == "mine-2"


@pytest.mark.parametrize("count", [1, 6])
def test_my_documents_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    group = factories.working_group()
    seat = factories.seat(group.body)
    for number in range(count):
        add(seat.user, f"Report {number}")
        add(seat.user, f"Group note {number}", visibility="twg", body=group.body)
    client.force_login(seat.user)
    with django_assert_num_queries(8):
        # 1 session, 2 user, 3 whether the user holds a staff role, 4 their person record
        # and 5 the current code of conduct (member features), 6 the bodies they sit on
        # (visibility), 7 the page count, 8 the page of documents with their body and
        # whether each can still be opened.
        response = client.get(MINE)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2 * count
