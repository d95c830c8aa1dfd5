"""Hostile Markdown in every field that takes it (the question's text, an answer, an edit,
a row changed behind the portal's back): no script, event handler, javascript: link or
SVG reaches the page."""

import pytest
from django.urls import reverse

from core.sanitise import markdown_to_html
from discussions import services
from discussions.models import Post
from tests.factories import answer, coordinator, member, thread

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>Visible text",
    '<img src="x" onerror="alert(1)">Visible text',
    "[Visible text](javascript:alert(1))",
    '<a href="javascript:alert(1)">Visible text</a>',
    '<svg onload="alert(1)"><circle r="4"/></svg>Visible text',
    '<p onclick="alert(1)" style="color:red">Visible text</p>',
    "Visible text ![a picture](javascript:alert(1))",
    '<iframe src="https://example.org"></iframe>Visible text',
    "<ScRiPt>alert(1)</sCrIpT>Visible text",
]
FORBIDDEN = ["<script", "onerror", "onload", "onclick", "javascript:", "<svg", "<iframe", "style="]


def _clean(html):
    lowered = html.lower()
    return not any(bad in lowered for bad in FORBIDDEN)


@pytest.mark.parametrize("markdown", HOSTILE)
def test_the_renderer_removes_the_hostile_part(markdown):
    html = markdown_to_html(markdown)
    assert _clean(html), html


def _post_part(page):
    """The page from the first post to the answer form: what the members wrote."""
    return page[page.index('class="post') : page.index('id="answer-heading"')]


@pytest.mark.parametrize("markdown", HOSTILE)
def test_hostile_question_and_answer_are_harmless_on_the_page(client, markdown):
    asked = thread(body=markdown, title="<script>alert('title')</script>A title")
    answer(asked, body=markdown)
    client.force_login(member())
    page = client.get(asked.get_absolute_url()).content.decode()
    assert _clean(_post_part(page))
    assert "<script>alert('title')" not in page
    listed = client.get(reverse("discussions:list")).content.decode()
    assert "<script>alert" not in listed


@pytest.mark.parametrize("markdown", HOSTILE)
def test_a_hostile_edit_is_harmless(client, markdown):
    post = answer(thread())
    services.post_edit(post=post, acting_user=post.author, body=markdown)
    client.force_login(member())
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert _clean(_post_part(page))


def test_html_stored_behind_the_portals_back_is_sanitised_when_shown(client):
    post = answer(thread())
    Post.objects.filter(pk=post.pk).update(
        body_html='<p>Fine</p><script>alert(1)</script><a href="javascript:x()">x</a>'
    )
    client.force_login(member())
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert _clean(_post_part(page))
    client.force_login(coordinator())
    queue_page = client.get(reverse("discussions:moderation")).content.decode()
    assert "<script>alert(1)" not in queue_page
