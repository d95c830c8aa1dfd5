"""Who receives the bulletin: public sign-up with double opt-in, the one-click unsubscribe
of RFC 8058 and the members' opt-out."""

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Delivery, Edition, Subscriber
from bulletin.subscriptions import services, tokens
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("bulletin:subscribe")


def _ask(client, send_on_commit, email, **extra):
    with send_on_commit():
        return client.post(SUBSCRIBE, {"email": email}, **extra)


def _confirm_link(message):
    return re.search(r"http://\S+/bulletin/subscribe/confirm/\S+/", message.body).group(0)


def _path(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _subscribed(email="reader@example.org"):
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.SUBSCRIBED,
        source=Subscriber.Source.PUBLIC,
        confirmed_at=timezone.now(),
    )


def _published_edition(user=None):
    return Edition.objects.create(
        year=2027,
        quarter=1,
        title="2027 Q1",
        slug="2027-q1",
        status=Edition.Status.PUBLISHED,
        published_at=timezone.now(),
        created_by=user or UserFactory(),
    )


# --- public sign-up ------------------------------------------------------------------------


def test_sign_up_sends_one_confirmation_and_subscribes_nobody_yet(
    client, mailoutbox, send_on_commit
):
    response = _ask(client, send_on_commit, "Reader@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("bulletin:subscribe_sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == Subscriber.Source.PUBLIC
    (message,) = mailoutbox
    assert message.to == ["Reader@Example.org"]
    assert "/bulletin/subscribe/confirm/" in message.body


def test_sign_up_answers_the_same_whatever_the_address(client, mailoutbox, send_on_commit):
    _subscribed("known@example.org")
    Subscriber.objects.create(
        email="gone@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        source=Subscriber.Source.PUBLIC,
        unsubscribed_at=timezone.now(),
    )

    answers = [
        _ask(client, send_on_commit, email)
        for email in ("new@example.org", "known@example.org", "gone@example.org")
    ]

    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("bulletin:subscribe_sent"))
    }
    page = client.get(reverse("bulletin:subscribe_sent")).content.decode()
    assert "If this address can be subscribed" in page
    # The subscribed address got nothing; the unsubscribed one must confirm again.
    assert sorted(m.to[0] for m in mailoutbox) == ["gone@example.org", "new@example.org"]
    assert Subscriber.objects.get(email="gone@example.org").status == "unsubscribed"


def test_the_same_address_gets_one_confirmation_per_interval(
    client, mailoutbox, send_on_commit, settings
):
    for _ in range(4):
        _ask(client, send_on_commit, "reader@example.org")
    assert len(mailoutbox) == 1

    later = timezone.now() + datetime.timedelta(seconds=settings.BULLETIN_CONFIRMATION_INTERVAL + 1)
    with send_on_commit():
        assert services.subscriber_request(email="READER@example.org", now=later) is True
    assert len(mailoutbox) == 2
    assert Subscriber.objects.count() == 1


def test_one_connection_cannot_ask_without_end(client, mailoutbox, send_on_commit):
    from bulletin.subscriptions.views import CLIENT_LIMIT

    for n in range(CLIENT_LIMIT):
        _ask(client, send_on_commit, f"r{n}@example.org")

    response = _ask(client, send_on_commit, "one-more@example.org")

    assert response.status_code == 200
    assert "Too many sign-up requests" in response.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()
    assert len(mailoutbox) == CLIENT_LIMIT


@pytest.mark.parametrize("email", ["", "not an address", "a@b", "x" * 250 + "@example.org"])
def test_a_bad_address_is_refused_and_nothing_is_stored(client, mailoutbox, send_on_commit, email):
    response = _ask(client, send_on_commit, email)

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mailoutbox == []


# --- confirmation --------------------------------------------------------------------------


def test_following_the_link_asks_and_only_the_button_confirms(client, mailoutbox, send_on_commit):
    _ask(client, send_on_commit, "reader@example.org")
    path = _path(_confirm_link(mailoutbox[0]))

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    done = client.post(path)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None

    again = client.post(path)
    assert "was already subscribed" in again.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == Subscriber.objects.get().confirmed_at


def test_an_altered_or_expired_confirmation_link_is_refused(
    client, mailoutbox, send_on_commit, settings
):
    _ask(client, send_on_commit, "reader@example.org")
    subscriber = Subscriber.objects.get()
    token = tokens.confirm_token(subscriber)
    other = Subscriber.objects.create(email="other@example.org", source="public")
    forged = signing.dumps({"s": other.pk, "e": "other@example.org"}, salt="another salt")
    altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")

    for bad in (altered, forged, tokens.unsubscribe_token(subscriber), "nonsense"):
        url = reverse("bulletin:subscribe_confirm", kwargs={"token": bad})
        assert client.get(url).status_code == 400
        response = client.post(url)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()

    settings.BULLETIN_CONFIRMATION_MAX_AGE = -1  # every link is now too old
    response = client.post(reverse("bulletin:subscribe_confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending-confirmation"}


def test_a_confirmation_link_for_a_changed_address_is_refused():
    subscriber = Subscriber.objects.create(email="old@example.org", source="public")
    token = tokens.confirm_token(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(email="new@example.org")

    with pytest.raises(tokens.BadToken):
        services.subscriber_confirm(token=token)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


# --- unsubscribe ---------------------------------------------------------------------------


def test_one_click_unsubscribe_works_without_login_or_csrf_token_and_only_once():
    subscriber = _subscribed()
    url = reverse("bulletin:unsubscribe", kwargs={"token": tokens.unsubscribe_token(subscriber)})
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    first_time = subscriber.unsubscribed_at
    assert first_time is not None

    again = mail_provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert "was already unsubscribed" in again.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first_time


def test_opening_the_unsubscribe_link_changes_nothing(client):
    subscriber = _subscribed()
    url = reverse("bulletin:unsubscribe", kwargs={"token": tokens.unsubscribe_token(subscriber)})

    page = client.get(url)

    assert page.status_code == 200
    assert f'action="{url}"' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_a_forged_or_altered_unsubscribe_link_is_refused(client):
    victim = _subscribed("victim@example.org")
    mine = _subscribed("me@example.org")
    token = tokens.unsubscribe_token(mine)
    # My own valid token with the victim's id swapped in: the signature no longer matches.
    value, rest = token.split(":", 1)
    swapped = signing.b64_encode(str(victim.pk).encode()).decode() + ":" + rest
    unsigned = signing.dumps(victim.pk, salt="bulletin.subscriptions.confirm")

    for bad in (swapped, token[:-1] + ("x" if token[-1] != "x" else "y"), unsigned, "1", "a:b:c"):
        response = client.post(reverse("bulletin:unsubscribe", kwargs={"token": bad}))
        assert response.status_code == 400, bad
        assert "This link does not work" in response.content.decode()

    assert set(Subscriber.objects.values_list("status", flat=True)) == {"subscribed"}


def test_unsubscribing_drops_deliveries_not_yet_sent():
    subscriber = _subscribed()
    edition = _published_edition()
    waiting = Delivery.objects.create(edition=edition, subscriber=subscriber)

    services.subscriber_unsubscribe(token=tokens.unsubscribe_token(subscriber))

    assert not Delivery.objects.filter(pk=waiting.pk).exists()


def test_an_unsubscribed_address_must_confirm_again_to_come_back(mailoutbox, send_on_commit):
    subscriber = _subscribed()
    services.subscriber_unsubscribe(token=tokens.unsubscribe_token(subscriber))

    with send_on_commit():
        assert services.subscriber_request(email="reader@example.org") is True

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    services.subscriber_confirm(token=tokens.confirm_token(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.unsubscribed_at is None


# --- members -------------------------------------------------------------------------------

SETTINGS = reverse("bulletin:subscription")


def _signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_a_member_receives_the_bulletin_by_default_and_may_opt_out(client):
    member = PersonFactory().user
    _signed_in(client, member)

    page = client.get(SETTINGS).content.decode()
    assert "You receive the Kenya Social Protection Bulletin" in page

    response = client.post(SETTINGS, {"subscribed": "0"})

    assert response.status_code == 302
    subscriber = Subscriber.objects.get(user=member)
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.source == Subscriber.Source.MEMBER
    assert "You do not receive" in client.get(SETTINGS).content.decode()

    client.post(SETTINGS, {"subscribed": "1"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_a_member_opting_out_takes_over_their_public_sign_up(client):
    member = PersonFactory().user
    public = _subscribed(member.email.upper())
    _signed_in(client, member)

    client.post(SETTINGS, {"subscribed": "0"})

    public.refresh_from_db()
    assert public.user == member
    assert public.status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.count() == 1


def test_the_account_page_links_to_the_bulletin_setting(client):
    _signed_in(client, PersonFactory().user)

    assert f'href="{SETTINGS}"' in client.get(reverse("accounts:profile")).content.decode()


def test_a_bad_choice_stores_nothing(client):
    _signed_in(client, PersonFactory().user)

    response = client.post(SETTINGS, {"subscribed": "maybe"})

    assert response.status_code == 200
    assert Subscriber.objects.count() == 0


def test_someone_who_is_not_a_member_cannot_use_the_member_setting(client):
    outsider = UserFactory()
    _signed_in(client, outsider)

    assert "subscribe with an e-mail address" in client.get(SETTINGS).content.decode()
    response = client.post(SETTINGS, {"subscribed": "1"})

    assert response.status_code == 403
    assert Subscriber.objects.count() == 0


def test_the_member_setting_needs_a_sign_in(client):
    response = client.post(SETTINGS, {"subscribed": "0"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Subscriber.objects.count() == 0
