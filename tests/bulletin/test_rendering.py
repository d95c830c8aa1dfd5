"""What an edition shows, on the web and in the e-mail, and that no script survives."""

import datetime

import pytest
from django.utils import timezone

from bulletin import services
from bulletin.rendering import render_edition_email
from core.sanitise import clean_html, html_to_text
from tests import factories
from tests.factories import document

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

PAYLOADS = [
    "<script>alert('t')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<body onload="alert(1)">',
]
# What must never reach a page or a message as markup or as an active URL.
FORBIDDEN = ["<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "background:url("]


def _assert_clean(content):
    lowered = content.lower()
    for marker in FORBIDDEN:
        assert marker not in lowered, marker


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_never_survive_in_page_or_email(client, payload):
    coordinator = factories.coordinator()
    item = factories.submission(
        title=f"Title {payload}",
        description=f"Description {payload}",
    )
    services.submission_accept(
        submission=item, acting_user=coordinator, summary=f"Summary {payload}"
    )
    edition = factories.edition(coordinator)
    services.item_add(section=edition.sections.get(), submission=item, acting_user=coordinator)
    services.edition_update(
        edition=edition, acting_user=coordinator, title="2027 Q1", editorial=f"<p>Hi</p>{payload}"
    )
    services.edition_publish(edition=edition, acting_user=coordinator)
    page = client.get(edition.get_absolute_url()).content.decode()
    # The page has the portal's own script tag: look at the edition's part only.
    article = page[page.index('<article class="bulletin-edition">') : page.index("</article>")]
    _assert_clean(article)
    subject, text, html = render_edition_email(edition)
    _assert_clean(subject)
    _assert_clean(text)
    _assert_clean(html)
    client.force_login(item.submitted_by)
    _assert_clean(client.get(item.get_absolute_url()).content.decode().split("<main", 1)[1])


def test_an_editorial_written_behind_the_portals_back_is_sanitised_when_shown(client):
    edition = factories.published()
    type(edition).objects.filter(pk=edition.pk).update(
        editorial='<p>Fine</p><script>alert(1)</script><a href="javascript:x()" onclick="y()">a</a>'
    )
    edition.refresh_from_db()
    page = client.get(edition.get_absolute_url()).content.decode()
    article = page[page.index('<article class="bulletin-edition">') : page.index("</article>")]
    assert "<p>Fine</p>" in article
    _assert_clean(article)
    _assert_clean(render_edition_email(edition)[2])
    _assert_clean(client.get("/bulletin/feed/").content.decode())


def test_the_allowlist_keeps_what_the_editor_makes():
    html = (
        "<h2>Head</h2><h3>Sub</h3><p><strong>b</strong> <em>i</em> <u>u</u><br>x</p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote>"
        '<p><a href="https://sp.go.ke/x" title="t">link</a> <a href="mailto:a@b.ke">mail</a></p>'
    )
    cleaned = clean_html(html)
    for kept in ("<h2>", "<h3>", "<strong>", "<em>", "<u>", "<br>", "<ul>", "<ol>", "<blockquote>"):
        assert kept in cleaned
    assert 'href="https://sp.go.ke/x"' in cleaned
    assert 'href="mailto:a@b.ke"' in cleaned


def test_the_text_version_of_rich_text():
    text = html_to_text(
        '<h2>Welcome</h2><p>The <strong>new</strong> <a href="https://sp.go.ke">portal</a>.</p>'
        "<ul><li>one</li><li>two</li></ul>"
    )
    assert text == "Welcome\n\nThe new portal (https://sp.go.ke).\n\n- one\n- two"


def test_the_email_has_the_editorial_items_and_links():
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    edition = services.edition_update(
        edition=edition,
        acting_user=coordinator,
        title="2027 Q1",
        editorial="<p>Karibu to the <strong>first</strong> edition.</p>",
    )
    item = edition.sections.get().items.get().submission
    subject, text, html = render_edition_email(edition)
    assert subject == "[CoP Portal] The Kenya Social Protection Bulletin, 2027 Q1"
    assert "Karibu to the first edition." in text
    assert "<p>Karibu to the <strong>first</strong> edition.</p>" in html
    for part in (text, html):
        assert item.title in part
        assert item.summary in part
        assert item.link in part
        assert "http://127.0.0.1:8000/bulletin/2027-q1/" in part or "/bulletin/2027-q1/" in part


def test_events_block_shows_public_meetings_of_the_coming_quarter():
    factories.meeting(audience="public", title="Roundtable on graduation")
    factories.meeting(audience="members", title="Members only")
    factories.meeting(audience="public", title="Too far", starts_in=120 * DAY)
    factories.meeting(audience="public", title="Already past", starts_in=-2 * DAY)
    factories.meeting(audience="public", title="Called off", status="cancelled")
    _subject, text, _html = render_edition_email(factories.edition(items=1))
    assert "Roundtable on graduation" in text
    for absent in ("Members only", "Too far", "Already past", "Called off"):
        assert absent not in text


def test_documents_block_shows_documents_made_public_since_the_previous_edition():
    coordinator = factories.coordinator()
    old = document(visibility="public", title="Old policy")
    old.events.create(action="approved", at=timezone.now() - 30 * DAY)
    previous = factories.published(coordinator, quarter=1)
    type(previous).objects.filter(pk=previous.pk).update(published_at=timezone.now() - 10 * DAY)
    new = document(visibility="public", title="New targeting tool")
    new.events.create(action="approved", at=timezone.now() - 2 * DAY)
    members_only = document(visibility="members", title="Internal minutes")
    members_only.events.create(action="edited")
    _subject, text, _html = render_edition_email(factories.edition(coordinator, quarter=2, items=1))
    assert "New targeting tool" in text
    assert "Old policy" not in text
    assert "Internal minutes" not in text


def test_a_published_edition_keeps_the_events_it_announced():
    edition = factories.published()
    type(edition).objects.filter(pk=edition.pk).update(published_at=timezone.now() - 100 * DAY)
    edition.refresh_from_db()
    factories.meeting(audience="public", title="Next week's webinar")
    _subject, text, _html = render_edition_email(edition)
    assert "Next week's webinar" not in text


def test_the_email_says_why_its_recipient_receives_it():
    from bulletin.models import Subscriber

    edition = factories.edition(items=1)
    reader = Subscriber(email="reader@example.org", status="subscribed", source="public")
    _subject, text, html = render_edition_email(edition, reader)
    assert "because reader@example.org is subscribed" in text
    assert "because reader@example.org is subscribed" in html
    member = Subscriber(email="m@example.org", status="subscribed", source="member")
    assert "as a member of the CoP" in render_edition_email(edition, member)[1]


def test_publishing_stores_the_documents_block_as_it_stood():
    from bulletin import selectors
    from bulletin.models import EditionDocument

    coordinator = factories.coordinator()
    kept = document(visibility="public", title="Cash plus evaluation")
    kept.events.create(action="approved", at=timezone.now() - 2 * DAY)
    withdrawn = document(visibility="public", title="Superseded schedule")
    withdrawn.events.create(action="approved", at=timezone.now() - DAY)
    edition = factories.published(coordinator, quarter=1)
    assert edition.documents_stored
    assert list(
        EditionDocument.objects.filter(edition=edition).values_list("document__title", flat=True)
    ) == ["Superseded schedule", "Cash plus evaluation"]
    later = document(visibility="public", title="Approved afterwards")
    later.events.create(action="approved")
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Replaced"
    )
    shown = selectors.new_public_documents(edition)
    # Read from the stored rows, still through the visibility selector.
    assert [d.title for d in shown] == ["Cash plus evaluation"]
    assert shown[0].made_public_at == kept.events.get(action="approved").at
    _subject, text, _html = render_edition_email(edition)
    assert "Approved afterwards" not in text
    assert "Superseded schedule" not in text


def test_a_draft_works_its_documents_block_out():
    coordinator = factories.coordinator()
    factories.published(coordinator, quarter=1)
    # Approved again after the first edition: it belongs to the draft's block.
    again = document(visibility="public", title="Revised guidelines")
    again.events.create(action="approved", at=timezone.now() - 400 * DAY)
    again.events.create(action="approved", at=timezone.now())
    draft = factories.edition(coordinator, quarter=2, items=1)
    assert not draft.documents_stored
    _subject, text, _html = render_edition_email(draft)
    assert "Revised guidelines" in text


def test_the_events_block_names_the_first_events_and_links_to_the_rest(client):
    from bulletin.selectors import EVENTS_LIMIT

    for n in range(EVENTS_LIMIT + 1):
        factories.meeting(audience="public", title=f"Webinar {n:02}", starts_in=(n + 1) * DAY)
    edition = factories.published()
    response = client.get(edition.get_absolute_url())
    assert len(response.context["events"]) == EVENTS_LIMIT
    assert response.context["more_events"]
    assert f"Webinar {EVENTS_LIMIT - 1:02}" in response.content.decode()
    assert f"Webinar {EVENTS_LIMIT:02}" not in response.content.decode()
    assert "/events/" in response.content.decode()
    _subject, text, _html = render_edition_email(edition)
    assert "All coming events" in text
