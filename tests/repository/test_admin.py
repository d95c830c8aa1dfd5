"""Documents in the admin: who may see them, their public status and their withdrawal change
only through the services' actions."""

import pytest
from django.urls import reverse

from repository.models import Document, DocumentEvent
from tests.factories import admin_action, document, messages_of

pytestmark = pytest.mark.django_db

MODEL = "repository_document"


def waiting():
    return document(
        visibility=Document.Visibility.PUBLIC, public_status=Document.PublicStatus.PENDING
    )


def test_the_change_form_shows_the_state_without_fields_for_it(admin_client):
    doc = waiting()

    response = admin_client.get(reverse("admin:repository_document_change", args=[doc.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("visibility", "public_status", "withdrawn_at", "withdrawn_reason"):
        assert f'name="{name}"' not in html


def test_approving_a_public_request_from_the_admin_goes_through_the_service(
    admin_client, staff_user
):
    doc = waiting()

    response = admin_action(admin_client, MODEL, "document_approve_public", [doc])

    doc.refresh_from_db()
    assert doc.public_status == Document.PublicStatus.APPROVED
    event = doc.events.get(action=DocumentEvent.Action.APPROVED)
    assert event.actor == staff_user
    assert messages_of(response) == [("success", "1 document(s) made public.")]


def test_a_document_not_waiting_for_a_decision_is_refused(admin_client):
    members_only = document()

    response = admin_action(admin_client, MODEL, "document_approve_public", [members_only])

    members_only.refresh_from_db()
    assert members_only.public_status == Document.PublicStatus.NOT_REQUESTED
    assert not members_only.events.exists()
    assert messages_of(response) == [
        ("warning", f"{members_only}: This document is no longer waiting for a decision.")
    ]


def test_refusing_a_public_request_asks_why_then_records_it(admin_client, staff_user):
    doc = waiting()

    page = admin_action(admin_client, MODEL, "document_refuse_public", [doc])
    assert page.templates[0].name == "admin/core/action_reason.html"
    assert Document.objects.get(pk=doc.pk).public_status == Document.PublicStatus.PENDING

    response = admin_action(
        admin_client,
        MODEL,
        "document_refuse_public",
        [doc],
        post="yes",
        reason="Contains draft figures.",
    )

    doc.refresh_from_db()
    assert (doc.public_status, doc.public_note) == (
        Document.PublicStatus.REFUSED,
        "Contains draft figures.",
    )
    event = doc.events.get(action=DocumentEvent.Action.REFUSED)
    assert (event.actor, event.note) == (staff_user, "Contains draft figures.")
    assert messages_of(response) == [("success", "1 document(s) not made public.")]


def test_withdrawing_from_the_admin_asks_why_then_goes_through_the_service(
    admin_client, staff_user
):
    doc = document()

    response = admin_action(
        admin_client, MODEL, "document_withdraw", [doc], post="yes", reason="Superseded."
    )

    doc.refresh_from_db()
    assert doc.is_withdrawn
    assert doc.withdrawn_reason == "Superseded."
    event = doc.events.get(action=DocumentEvent.Action.WITHDRAWN)
    assert (event.actor, event.note) == (staff_user, "Superseded.")
    assert messages_of(response) == [("success", "1 document(s) withdrawn.")]


def test_a_document_withdrawn_since_the_question_was_asked_is_not_withdrawn_twice(
    admin_client, staff_user
):
    from repository import services

    doc = document()
    page = admin_action(admin_client, MODEL, "document_withdraw", [doc])
    assert page.status_code == 200
    services.document_withdraw(document=doc, acting_user=staff_user, reason="Out of date.")

    response = admin_action(
        admin_client, MODEL, "document_withdraw", [doc], post="yes", reason="Superseded."
    )

    doc.refresh_from_db()
    assert doc.withdrawn_reason == "Out of date."
    assert doc.events.filter(action=DocumentEvent.Action.WITHDRAWN).count() == 1
    assert messages_of(response) == [("warning", f"{doc}: This document is already withdrawn.")]
