"""The list and page queries, download headers, versions, editing, withdrawal and the
approval queue."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from repository.models import Document, DocumentEvent
from tests import factories
from tests.factories import (
    PDF_BYTES,
    OrganisationFactory,
    PersonFactory,
    coordinator,
    document,
    relate,
    upload,
    version,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 30])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    group = factories.working_group()
    publisher = OrganisationFactory()
    for _ in range(count):
        doc = document(visibility="members")
        relate(doc, topics=[group], publishers=[publisher])
    client.force_login(factories.member())
    client.get("/")  # the session and the user's membership are read once per request
    # 1 session, 2 user, 3 staff groups (is the user a coordinator?), 4 person (membership),
    # 5 code of conduct, 6 seats (bodies the user sits on), 7 the count and every facet's
    # counts (type, topic, pillar, county, year, language, publisher) on the sample, which
    # says there are few, 8 the same, exactly, in one query, 9 the page of documents with the
    # uploader's organisation, 10 publishers, 11 topics with their body.
    with django_assert_num_queries(11):
        response = client.get(reverse("repository:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 20)


@pytest.mark.parametrize("count", [1, 5])
def test_document_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    doc = document(visibility="public")
    for _ in range(count):
        version(doc)
        publisher = OrganisationFactory()
        topic = factories.working_group()
        doc.publishers.add(publisher)
        doc.topics.add(topic)
        neighbour = document(visibility="public", with_file=False)
        neighbour.publishers.add(publisher)
        neighbour.topics.add(topic)
    with django_assert_num_queries(9):
        # A visitor: no session or membership queries. 1 the document with body, uploader
        # and organisation; then one prefetch each for topics (with their body), pillars,
        # counties, publishers, tags, versions (with uploader) and events (with actor);
        # 9 the related documents, ranked.
        response = client.get(doc.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["related"]) == count


def test_download_headers_for_a_pdf(client):
    doc = document(visibility="public", with_file=False)
    version(doc, name='Ripoti "ya" mwaka 2024 — é.pdf')
    response = client.get(reverse("repository:download", args=[doc.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=UTF-8''Ripoti%20%22ya%22%20mwaka%202024%20%E2%80%94%20%C3%A9.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"


def test_office_files_and_text_are_attachments(client):
    doc = document(visibility="public", with_file=False)
    item = version(doc, content=b"a,b\n1,2\n", name="data.csv")
    item.content_type, item.extension = "text/csv", "csv"
    item.save()
    response = client.get(reverse("repository:download", args=[doc.slug]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_download_uses_x_accel_redirect_in_production(client, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected/"
    doc = document(visibility="public")
    response = client.get(reverse("repository:download", args=[doc.slug]))
    assert response["X-Accel-Redirect"] == "/protected/" + doc.versions.get().file.name
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_new_version_is_served_and_the_old_one_stays(client):
    member = factories.member()
    doc = document(visibility="members", uploaded_by=member)
    client.force_login(member)
    response = client.post(
        reverse("repository:version_new", args=[doc.slug]),
        {"file": upload("v2.pdf", PDF_BYTES + b"% v2\n"), "note": "Final figures"},
    )
    assert response.status_code == 302
    assert list(doc.versions.values_list("number", flat=True)) == [2, 1]
    newest = client.get(reverse("repository:download", args=[doc.slug]))
    assert b"".join(newest.streaming_content).endswith(b"% v2\n")
    old = client.get(reverse("repository:version_download", args=[doc.slug, 1]))
    assert b"".join(old.streaming_content) == PDF_BYTES
    assert client.get(reverse("repository:version_download", args=[doc.slug, 9])).status_code == 404
    doc.refresh_from_db()
    assert doc.download_count == 2
    assert list(doc.versions.values_list("number", "download_count")) == [(2, 1), (1, 1)]
    assert doc.index_status == Document.IndexStatus.PENDING
    page = client.get(doc.get_absolute_url())
    assert b"v2.pdf" in page.content and b"report.pdf" in page.content


def test_new_version_refuses_a_hostile_file(client):
    member = factories.member()
    doc = document(visibility="members", uploaded_by=member)
    client.force_login(member)
    response = client.post(
        reverse("repository:version_new", args=[doc.slug]),
        {"file": upload("v2.pdf", b"<html><script>x</script></html>")},
    )
    assert "not a real PDF" in str(response.context["form"].errors["file"])
    assert doc.versions.count() == 1


def test_uploader_focal_person_and_coordinator_edit_others_do_not(client):
    organisation = OrganisationFactory()
    uploader = PersonFactory(organisation=organisation).user
    focal = PersonFactory(organisation=organisation, is_focal_person=True).user
    colleague = PersonFactory(organisation=organisation).user
    doc = document(visibility="members", uploaded_by=uploader, organisation=organisation)
    url = reverse("repository:edit", args=[doc.slug])
    for user, status in [(uploader, 200), (focal, 200), (coordinator(), 200), (colleague, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status
        new_version = client.get(reverse("repository:version_new", args=[doc.slug]))
        assert new_version.status_code == status


def test_editing_records_the_event_and_asks_for_approval_when_made_public(client):
    member = factories.member()
    doc = document(visibility="members", uploaded_by=member)
    client.force_login(member)
    response = client.post(
        reverse("repository:edit", args=[doc.slug]),
        {"title": "Renamed", "type": "policy", "language": "sw", "visibility": "public"},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.title, doc.language, doc.public_status) == ("Renamed", "sw", "pending")
    assert set(doc.events.values_list("action", flat=True)) == {"edited", "public-requested"}


def test_edit_with_bad_input_stores_nothing(client):
    member = factories.member()
    doc = document(visibility="members", uploaded_by=member)
    client.force_login(member)
    response = client.post(
        reverse("repository:edit", args=[doc.slug]),
        {"title": "", "type": "policy", "language": "en", "visibility": "committee"},
    )
    form = response.context["form"]
    assert "Give the document a title." in form.errors["title"]
    assert "body" in form.errors
    doc.refresh_from_db()
    assert doc.title != "" and doc.visibility == "members"


def test_uploader_withdraws_with_a_reason_and_it_stops_being_served(client):
    member = factories.member()
    doc = document(visibility="members", uploaded_by=member)
    client.force_login(member)
    url = reverse("repository:withdraw", args=[doc.slug])
    response = client.post(url, {"reason": ""})
    assert "Say why the document is withdrawn." in response.context["form"].errors["reason"]
    assert client.post(url, {"reason": "Superseded by the 2025 edition"}).status_code == 302
    doc.refresh_from_db()
    assert doc.withdrawn_reason == "Superseded by the 2025 edition"
    assert doc.events.filter(action=DocumentEvent.Action.WITHDRAWN).exists()
    assert client.get(reverse("repository:download", args=[doc.slug])).status_code == 404
    assert doc.versions.exists()  # kept, not deleted


def test_other_members_and_focal_people_cannot_withdraw(client):
    organisation = OrganisationFactory()
    doc = document(
        visibility="members",
        uploaded_by=PersonFactory(organisation=organisation).user,
        organisation=organisation,
    )
    url = reverse("repository:withdraw", args=[doc.slug])
    for user in [factories.member(), PersonFactory(organisation=organisation).user]:
        client.force_login(user)
        assert client.post(url, {"reason": "Mine now"}).status_code == 404
    client.force_login(coordinator())
    assert client.post(url, {"reason": "Duplicate"}).status_code == 302
    doc.refresh_from_db()
    assert doc.is_withdrawn


def test_approval_queue_is_for_coordinators_only(client):
    document(visibility="public", public_status="pending", title="Waiting")
    for user in [None, factories.member(), factories.seat(factories.oversight()).user]:
        if user:
            client.force_login(user)
        assert client.get(reverse("repository:queue")).status_code in (302, 404)
    client.force_login(coordinator())
    response = client.get(reverse("repository:queue"))
    assert [d.title for d in response.context["documents"]] == ["Waiting"]


def test_member_cannot_approve(client):
    doc = document(visibility="public", public_status="pending")
    client.force_login(factories.member())
    url = reverse("repository:decide", args=[doc.slug])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    doc.refresh_from_db()
    assert doc.public_status == "pending"


def test_coordinator_approves_and_the_document_becomes_public(client):
    doc = document(visibility="public", public_status="pending")
    client.logout()
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.force_login(coordinator())
    client.post(reverse("repository:decide", args=[doc.slug]), {"decision": "approve"})
    doc.refresh_from_db()
    assert doc.public_status == "approved"
    client.logout()
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_coordinator_refuses_with_a_note_only(client):
    doc = document(visibility="public", public_status="pending")
    client.force_login(coordinator())
    url = reverse("repository:decide", args=[doc.slug])
    client.post(url, {"decision": "refuse", "note": ""})
    doc.refresh_from_db()
    assert doc.public_status == "pending"
    client.post(url, {"decision": "refuse", "note": "Contains personal data."})
    doc.refresh_from_db()
    assert (doc.public_status, doc.public_note) == ("refused", "Contains personal data.")
    event = doc.events.get(action=DocumentEvent.Action.REFUSED)
    assert event.note == "Contains personal data."


def test_the_uploader_is_told_a_document_was_made_public(client, send_on_commit):
    uploader = factories.member()
    doc = document(uploaded_by=uploader, visibility="public", public_status="pending")
    client.force_login(coordinator())

    with send_on_commit():
        client.post(reverse("repository:decide", args=[doc.slug]), {"decision": "approve"})

    (message,) = mail.outbox
    assert message.to == [uploader.email]
    assert f"Now public: {doc.title}" in message.subject
    assert settings.SITE_URL + doc.get_absolute_url() in message.body


def test_the_uploader_is_told_why_a_document_was_not_made_public(client, send_on_commit):
    uploader = factories.member()
    doc = document(uploaded_by=uploader, visibility="public", public_status="pending")
    client.force_login(coordinator())
    url = reverse("repository:decide", args=[doc.slug])

    with send_on_commit():
        client.post(url, {"decision": "refuse", "note": ""})  # refused: no reason, no mail
        assert mail.outbox == []
        client.post(url, {"decision": "refuse", "note": "Contains personal data."})

    (message,) = mail.outbox
    assert message.to == [uploader.email]
    assert f"Not made public: {doc.title}" in message.subject
    assert "Contains personal data." in message.body
    assert settings.SITE_URL + doc.get_absolute_url() in message.body


def test_coordinator_upload_marked_public_is_public_at_once(client):
    client.force_login(coordinator())
    client.post(
        reverse("repository:upload"),
        {
            "title": "National Social Protection Policy",
            "type": "policy",
            "language": "en",
            "visibility": "public",
            "file": upload("policy.pdf", PDF_BYTES),
        },
    )
    assert Document.objects.get().public_status == "approved"


def test_nav_links_to_documents(client):
    response = client.get("/")
    assert reverse("repository:list").encode() in response.content
