"""Queueing an edition (written with part 1): one delivery row per edition and recipient,
members subscribed by default, opt-outs and lapsed members left out, and a second run adds
nobody twice. With the tests' immediate task backend, queueing also sends."""

import pytest
from django.utils import timezone

from bulletin import sending
from bulletin.models import Delivery, Subscriber
from members.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _published_edition():
    return factories.published()


def test_members_get_a_subscriber_row_when_an_edition_is_queued():
    edition = _published_edition()  # on_commit does not run here: nothing queued yet
    member = factories.member()
    assert not Subscriber.objects.filter(user=member).exists()
    sending.queue_edition(edition)
    row = Subscriber.objects.get(user=member)
    assert (row.status, row.source, row.email) == ("subscribed", "member", member.email)
    assert Delivery.objects.filter(edition=edition, subscriber=row).exists()


def test_only_subscribed_current_recipients_get_a_delivery():
    edition = _published_edition()
    opted_out = factories.member()
    Subscriber.objects.create(
        email=opted_out.email,
        user=opted_out,
        status="unsubscribed",
        source="member",
        unsubscribed_at=timezone.now(),
    )
    lapsed = factories.member()
    Subscriber.objects.create(email=lapsed.email, user=lapsed, status="subscribed", source="member")
    Organisation.objects.filter(pk=lapsed.person.organisation_id).update(status="suspended")
    Subscriber.objects.create(
        email="waiting@example.org", status="pending-confirmation", source="public"
    )
    reader = Subscriber.objects.create(
        email="reader@example.org", status="subscribed", source="public"
    )
    sending.queue_edition(edition)
    emails = set(Delivery.objects.values_list("subscriber__email", flat=True))
    assert reader.email in emails
    for absent in (opted_out.email, lapsed.email, "waiting@example.org"):
        assert absent not in emails


def test_queueing_twice_adds_nobody_twice():
    edition = _published_edition()
    for _ in range(4):
        factories.member()
    first = sending.queue_edition(edition, batch_size=2)
    Delivery.objects.filter(edition=edition).update(status="sent", sent_at=timezone.now())
    second = sending.queue_edition(edition, batch_size=2)
    assert first == second == Subscriber.objects.count()
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_public_signup_with_a_members_address_is_kept_and_counted_once():
    edition = _published_edition()
    member = factories.member()
    Subscriber.objects.create(email=member.email.upper(), status="subscribed", source="public")
    sending.queue_edition(edition)
    assert Subscriber.objects.filter(email__iexact=member.email).count() == 1
    assert Delivery.objects.filter(subscriber__email__iexact=member.email).count() == 1


def test_addresses_are_unique_whatever_their_case():
    from django.db import IntegrityError

    Subscriber.objects.create(email="Reader@Example.org", status="subscribed", source="public")
    with pytest.raises(IntegrityError):
        Subscriber.objects.create(email="reader@example.org", status="subscribed", source="public")
