"""Every e-mail is written in the language of the person it goes to, not the sender's
(issue 18, decision 0026), and bulk mail renders once per language."""

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone, translation

from bulletin import rendering, sending, services
from bulletin.models import Subscriber
from core import mail
from tests import factories
from tests.committees.test_meetings import form_data, new_url
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM = "bulletin/email/subscribe_confirm"
CONFIRM_CONTEXT = {"confirm_url": "http://testserver/confirm/abc/", "valid_days": 7}


def test_a_message_to_an_account_is_in_its_preferred_language_whatever_the_sender_reads(
    send_on_commit,
):
    reader = UserFactory(preferred_language="sw")

    with translation.override("en"), send_on_commit():
        mail.send_email(CONFIRM, [reader.email], CONFIRM_CONTEXT)

    (message,) = outbox.outbox
    english = mail.render_email_in("en", CONFIRM, CONFIRM_CONTEXT)
    kiswahili = mail.render_email_in("sw", CONFIRM, CONFIRM_CONTEXT)
    assert english.subject != kiswahili.subject and english.text != kiswahili.text
    assert (message.subject, message.body) == (kiswahili.subject, kiswahili.text)
    assert '<html lang="sw">' in message.alternatives[0][0]


def test_recipients_of_two_languages_get_one_message_each_in_their_own(send_on_commit):
    english, kiswahili = UserFactory(preferred_language="en"), UserFactory(preferred_language="sw")

    with translation.override("sw"), send_on_commit():
        mail.send_email(CONFIRM, [english.email, kiswahili.email.upper()], CONFIRM_CONTEXT)

    by_address = {tuple(m.to): m for m in outbox.outbox}
    assert len(outbox.outbox) == 2
    assert (
        by_address[(english.email,)].body
        == mail.render_email_in("en", CONFIRM, CONFIRM_CONTEXT).text
    )
    sw_text = mail.render_email_in("sw", CONFIRM, CONFIRM_CONTEXT).text
    assert by_address[(kiswahili.email.upper(),)].body == sw_text


def test_an_address_without_an_account_gets_the_language_given_or_else_the_one_active(
    send_on_commit,
):
    with translation.override("sw"), send_on_commit():
        mail.send_email(CONFIRM, ["visitor@example.org"], CONFIRM_CONTEXT)
        mail.send_email(CONFIRM, ["reader@example.org"], CONFIRM_CONTEXT, language="en")

    visitor, reader = outbox.outbox
    assert visitor.body == mail.render_email_in("sw", CONFIRM, CONFIRM_CONTEXT).text
    assert reader.body == mail.render_email_in("en", CONFIRM, CONFIRM_CONTEXT).text


def test_one_message_each_renders_once_per_language(monkeypatch, send_on_commit):
    people = [UserFactory(preferred_language=lang) for lang in ["sw", "en", "sw", "en", "sw"]]
    renders = []
    real = mail.render_email
    monkeypatch.setattr(mail, "render_email", lambda *a, **k: renders.append(1) or real(*a, **k))

    with send_on_commit():
        mail.send_email_each(CONFIRM, [p.email for p in people], CONFIRM_CONTEXT)

    assert len(renders) == 2
    assert sorted(m.to[0] for m in outbox.outbox) == sorted(p.email for p in people)


def test_a_kiswahili_member_is_invited_to_a_meeting_in_kiswahili(client, send_on_commit):
    twg = factories.BodyFactory()
    lead = factories.convener(twg)
    member = factories.seat(twg, UserFactory(preferred_language="sw")).user
    client.force_login(lead)

    with translation.override("en"), send_on_commit():
        client.post(new_url(twg), form_data(), HTTP_ACCEPT_LANGUAGE="en")

    invitation = next(m for m in outbox.outbox if m.to == [member.email])
    to_lead = next(m for m in outbox.outbox if m.to == [lead.email])
    assert "Mwaliko: Financing TWG monthly meeting" in invitation.subject
    assert "inakualika kama mmoja wa wanachama wake" in invitation.body
    assert "Invitation: Financing TWG monthly meeting" in to_lead.subject


def test_the_subscription_confirmation_is_in_the_language_of_the_page(client, send_on_commit):
    client.post(reverse("accounts:set_language"), {"language": "sw", "next": "/"})

    with send_on_commit():
        client.post(reverse("bulletin:subscribe"), {"email": "msomaji@example.org"})

    subscriber = Subscriber.objects.get(email="msomaji@example.org")
    assert subscriber.language == "sw"
    (message,) = outbox.outbox
    assert "Thibitisha usajili wako wa Jarida la Ulinzi wa Jamii Kenya" in message.subject
    assert "Ili kuthibitisha, fungua kiungo hiki" in message.body


def _reader(email, language):
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.SUBSCRIBED,
        source=Subscriber.Source.PUBLIC,
        language=language,
        confirmed_at=timezone.now(),
    )


def test_a_bulletin_to_100_subscribers_in_two_languages_renders_twice(monkeypatch, send_on_commit):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    for n in range(100):
        _reader(f"reader{n}@example.org", "sw" if n % 2 else "en")
    renders = []
    real = rendering.render_edition_email
    monkeypatch.setattr(
        rendering, "render_edition_email", lambda *a, **k: renders.append(1) or real(*a, **k)
    )
    services.edition_publish(edition=edition, acting_user=coordinator)
    sending.create_deliveries(edition)
    outbox.outbox.clear()

    sending.send_due()

    editions = [m for m in outbox.outbox if "List-Unsubscribe" in m.extra_headers]
    assert len(editions) == edition.deliveries.count() >= 100
    assert len(renders) == 2
    swahili = next(m for m in editions if m.to == ["reader1@example.org"])
    english = next(m for m in editions if m.to == ["reader2@example.org"])
    assert "JARIDA LA ULINZI WA JAMII KENYA" in swahili.body
    assert "Unapokea jarida kwa sababu reader1@example.org imesajiliwa kulipokea." in swahili.body
    assert "THE KENYA SOCIAL PROTECTION BULLETIN" in english.body
    assert "because reader2@example.org is subscribed" in english.body
    # Each has its own unsubscribe link, in the header and in both parts.
    for message in (swahili, english):
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link in message.body and link.replace("&", "&amp;") in message.alternatives[0][0]
    assert '<html lang="sw">' in swahili.alternatives[0][0]


def test_a_kiswahili_member_receives_the_bulletin_in_kiswahili():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    member = PersonFactory(user=UserFactory(preferred_language="sw")).user
    services.edition_publish(edition=edition, acting_user=coordinator)
    sending.create_deliveries(edition)
    outbox.outbox.clear()

    sending.send_due()

    (message,) = [m for m in outbox.outbox if m.to == [member.email]]
    assert message.subject.startswith("[CoP Portal] Jarida la Ulinzi wa Jamii Kenya")
    assert "Unapokea jarida kama mwanachama wa CoP." in message.body
    assert "Acha kupokea jarida:" in message.body
