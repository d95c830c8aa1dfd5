"""The bulletin's pages: query counts, who may see what, and forms that store nothing
when the input is bad."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bulletin import services
from bulletin.models import Edition, Submission
from tests import factories
from tests.factories import PDF_BYTES, UserFactory, document

pytestmark = pytest.mark.django_db


def _member_session(client, user):
    client.force_login(user)
    client.get("/")


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 4])
def test_archive_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    coordinator = factories.coordinator()
    for quarter in range(1, count + 1):
        factories.published(coordinator, quarter=quarter)
    # A visitor: 1 the published editions.
    with django_assert_num_queries(1):
        response = client.get(reverse("bulletin:archive"))
    assert response.status_code == 200
    assert len(response.context["editions"]) == count


@pytest.mark.parametrize("items", [1, 6])
def test_edition_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, items):
    edition = factories.published(items=items, sections=("News", "Research"))
    factories.meeting(audience="public", title="Public roundtable")
    document(visibility="public").events.create(action="approved")
    # 1 the edition; 2 its sections, 3 their items with submission, organisation and
    # document; 4 the public meetings of the coming quarter; 5 the documents block stored
    # at publication (it was 5 the previous edition and 6 the documents made public since,
    # worked out from every approval).
    with django_assert_num_queries(5):
        response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["sections"][0]["items"]) == items


@pytest.mark.parametrize("count", [1, 5])
def test_moderation_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        factories.submission()
        factories.accepted()
    _member_session(client, factories.coordinator())
    # 1 session, 2 user, 3 staff groups; 4 pending, 5 waiting for changes, 6 accepted and not
    # placed: each with submitter, organisation and document joined.
    with django_assert_num_queries(6):
        response = client.get(reverse("bulletin:queue"))
    assert response.status_code == 200
    assert len(response.context["pending"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_my_submissions_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    user = factories.member()
    for _ in range(count):
        factories.submission(user)
    factories.submission()  # someone else's
    _member_session(client, user)
    # 1 session, 2 user, 3 person (membership), 4 code of conduct, 5 the user's
    # submissions with their edition item.
    with django_assert_num_queries(5):
        response = client.get(reverse("bulletin:my_submissions"))
    assert len(response.context["submissions"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_editions_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    coordinator = factories.coordinator()
    for quarter in range(1, count + 1):
        factories.edition(coordinator, quarter=quarter)
    _member_session(client, coordinator)
    # 1 session, 2 user, 3 staff groups, 4 editions with who started them.
    with django_assert_num_queries(4):
        response = client.get(reverse("bulletin:editions"))
    assert len(response.context["editions"]) == count


@pytest.mark.parametrize("items", [1, 5])
def test_the_edition_workshop_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, items
):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=items, sections=("News", "Reports"))
    for _ in range(items):
        factories.accepted()
    _member_session(client, coordinator)
    # 1 session, 2 user, 3 staff groups, 4 the edition, 5 sections, 6 their items with
    # submissions, 7 the accepted items waiting for an edition (read once for the count and
    # the place form's choices: it was read twice before), 8 the sections for the place
    # form's choices.
    with django_assert_num_queries(8):
        response = client.get(reverse("bulletin:manage", args=[edition.pk]))
    assert response.context["placeable_count"] == items


# --- Who may see what -----------------------------------------------------------------------


def test_a_submitter_never_sees_anothers_submission(client):
    item = factories.submission()
    _member_session(client, factories.member())
    for name in ("submission_detail", "submission_edit"):
        assert client.get(reverse(f"bulletin:{name}", args=[item.pk])).status_code == 404
    assert item.title not in client.get(reverse("bulletin:my_submissions")).content.decode()


def test_the_submitter_sees_their_own_submission(client):
    user = factories.member()
    item = factories.submission(user, title="Hunger safety net review")
    _member_session(client, user)
    response = client.get(reverse("bulletin:submission_detail", args=[item.pk]))
    assert response.status_code == 200
    assert "Hunger safety net review" in response.content.decode()


def test_members_and_visitors_do_not_moderate(client):
    item = factories.submission()
    edition = factories.edition()
    urls = [
        reverse("bulletin:queue"),
        reverse("bulletin:review", args=[item.pk]),
        reverse("bulletin:editions"),
        reverse("bulletin:manage", args=[edition.pk]),
        reverse("bulletin:preview_email", args=[edition.pk]),
        reverse("bulletin:preview_email_html", args=[edition.pk]),
    ]
    _member_session(client, item.submitted_by)
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("bulletin:review", args=[item.pk]), {"decision": "accept", "summary": "Mine!"}
    )
    assert response.status_code == 404
    assert client.post(reverse("bulletin:publish", args=[edition.pk])).status_code == 404
    item.refresh_from_db()
    edition.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED
    assert edition.status == Edition.Status.DRAFT


def test_visitors_are_sent_to_sign_in_for_member_pages(client):
    response = client.get(reverse("bulletin:submit"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_non_members_cannot_submit(client):
    _member_session(client, UserFactory())
    assert client.get(reverse("bulletin:submit")).status_code == 404
    response = client.post(
        reverse("bulletin:submit"),
        {"kind": "news", "title": "x", "description": "y", "link": "https://x.org"},
    )
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_an_unpublished_edition_is_hidden_from_all_but_coordinators(client):
    edition = factories.edition(items=1)
    assert client.get(edition.get_absolute_url()).status_code == 404
    _member_session(client, factories.member())
    assert client.get(edition.get_absolute_url()).status_code == 404
    _member_session(client, factories.coordinator())
    response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True


def test_a_submission_file_is_served_to_its_submitter_then_to_all_once_published(client):
    user = factories.member()
    upload = SimpleUploadedFile("study.pdf", PDF_BYTES, content_type="application/pdf")
    from core.files import CheckedFile

    item = factories.submission(
        user,
        link="",
        upload=upload,
        checked=CheckedFile(extension="pdf", content_type="application/pdf"),
    )
    url = reverse("bulletin:submission_file", args=[item.pk])
    assert client.get(url).status_code == 404
    _member_session(client, factories.member())
    assert client.get(url).status_code == 404
    _member_session(client, user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    coordinator = factories.coordinator()
    services.submission_accept(submission=item, acting_user=coordinator, summary="S")
    edition = factories.edition(coordinator)
    services.item_add(section=edition.sections.get(), submission=item, acting_user=coordinator)
    services.edition_publish(edition=edition, acting_user=coordinator)
    client.logout()
    assert client.get(url).status_code == 200


# --- Forms ---------------------------------------------------------------------------------


def _submit(client, **data):
    values = {"kind": "article", "title": "An article", "description": "About it."}
    values.update(data)
    return client.post(reverse("bulletin:submit"), values)


def test_submitting_a_link_works(client):
    user = factories.member()
    _member_session(client, user)
    response = _submit(client, link="example.org/article")
    assert response.status_code == 302
    item = Submission.objects.get()
    assert (item.submitted_by, item.link) == (user, "https://example.org/article")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give a link, a file or a repository document"),
        ({"title": "", "link": "https://x.org"}, "Give the item a title."),
        ({"kind": "poem", "link": "https://x.org"}, "Select a valid choice"),
        ({"link": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"document": "no-such-document"}, "No document you can see has this address."),
        ({"description": "<script></script>", "link": "https://x.org"}, "Say in a few words"),
    ],
)
def test_bad_submissions_store_nothing(client, data, message):
    _member_session(client, factories.member())
    response = _submit(client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_a_file_is_checked_by_its_content(client):
    _member_session(client, factories.member())
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = _submit(client, file=fake)
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_a_document_the_member_cannot_see_is_refused(client):
    hidden = document(visibility="public", public_status="pending")
    _member_session(client, UserFactory())  # a visitor with an account
    assert _submit(client, document=hidden.slug).status_code == 404
    assert not Submission.objects.exists()


def test_a_repository_document_by_its_address(client):
    doc = document(visibility="members")
    _member_session(client, factories.member())
    response = _submit(client, document=f"http://testserver{doc.get_absolute_url()}")
    assert response.status_code == 302
    assert Submission.objects.get().document == doc


def test_accepting_without_a_summary_stores_nothing(client):
    item = factories.submission()
    _member_session(client, factories.coordinator())
    response = client.post(reverse("bulletin:review", args=[item.pk]), {"decision": "accept"})
    assert response.status_code == 200
    assert "Write the summary the bulletin will print." in response.content.decode()
    item.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED
    assert item.events.count() == 1


def test_accepting_from_the_review_page(client):
    item = factories.submission()
    _member_session(client, factories.coordinator())
    response = client.post(
        reverse("bulletin:review", args=[item.pk]),
        {"decision": "accept", "summary": "Cash plus nutrition works."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.summary) == ("accepted", "Cash plus nutrition works.")


def test_the_submitter_resubmits_after_changes_are_asked(client):
    user = factories.member()
    item = factories.submission(user)
    services.submission_request_changes(
        submission=item, acting_user=factories.coordinator(), note="Which county?"
    )
    _member_session(client, user)
    page = client.get(reverse("bulletin:submission_edit", args=[item.pk]))
    assert "Which county?" in page.content.decode()
    response = client.post(
        reverse("bulletin:submission_edit", args=[item.pk]),
        {
            "kind": item.kind,
            "title": "Turkana study",
            "description": item.description,
            "link": item.link,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.title) == ("submitted", "Turkana study")


def test_building_an_edition_without_javascript(client):
    coordinator = factories.coordinator()
    first, second = factories.accepted(), factories.accepted()
    _member_session(client, coordinator)
    response = client.post(reverse("bulletin:editions"), {"year": 2027, "quarter": 3})
    edition = Edition.objects.get()
    assert response["Location"] == reverse("bulletin:manage", args=[edition.pk])
    client.post(reverse("bulletin:section_add", args=[edition.pk]), {"section-title": "News"})
    section = edition.sections.get()
    for item in (first, second):
        client.post(
            reverse("bulletin:item_add", args=[edition.pk]),
            {"place-submission": item.pk, "place-section": section.pk},
        )
    second_item = second.edition_item
    client.post(reverse("bulletin:item_move", args=[second_item.pk]), {"direction": "up"})
    assert [i.submission for i in section.items.order_by("position")] == [second, first]
    response = client.post(
        reverse("bulletin:manage", args=[edition.pk]),
        {"title": "2027 Q3", "editorial": "<p>Welcome <em>all</em></p>"},
    )
    assert response.status_code == 302
    page = client.get(reverse("bulletin:manage", args=[edition.pk]))
    assert page.status_code == 200
    client.post(reverse("bulletin:publish", args=[edition.pk]))
    edition.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    client.logout()
    public = client.get(edition.get_absolute_url()).content.decode()
    assert "<p>Welcome <em>all</em></p>" in public
    assert public.index(second.title) < public.index(first.title)


def test_a_second_edition_for_the_same_quarter_is_refused(client):
    factories.edition(year=2027, quarter=1)
    _member_session(client, factories.coordinator())
    response = client.post(reverse("bulletin:editions"), {"year": 2027, "quarter": 1})
    assert response.status_code == 200
    assert "There is already an edition for 2027 Q1." in response.content.decode()
    assert Edition.objects.count() == 1


def test_scheduling_in_the_past_is_refused_and_in_the_future_works(client):
    edition = factories.edition(items=1)
    _member_session(client, factories.coordinator())
    url = reverse("bulletin:schedule", args=[edition.pk])
    response = client.post(url, {"schedule-publish_at": "2020-01-01T10:00"}, follow=True)
    assert "Choose a time in the future." in response.content.decode()
    edition.refresh_from_db()
    assert (edition.status, edition.publish_at) == (Edition.Status.DRAFT, None)
    client.post(url, {"schedule-publish_at": "2099-01-01T10:00"})
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED
    assert timezone.localtime(edition.publish_at).strftime("%Y-%m-%d %H:%M") == "2099-01-01 10:00"


def test_the_email_preview_is_framed_without_scripts(client):
    edition = factories.edition(items=1)
    _member_session(client, factories.coordinator())
    page = client.get(reverse("bulletin:preview_email", args=[edition.pk]))
    assert page.status_code == 200
    assert "The Kenya Social Protection Bulletin, 2027 Q1" in page.content.decode()
    html = client.get(reverse("bulletin:preview_email_html", args=[edition.pk]))
    policy = html["Content-Security-Policy"]
    assert "script-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_the_feed_lists_published_editions_only(client):
    published = factories.published(quarter=1)
    factories.edition(quarter=2, items=1)
    response = client.get(reverse("bulletin:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert published.get_absolute_url() in body
    assert "2027 Q2" not in body


def test_the_site_header_links_to_the_bulletin(client):
    response = client.get("/")
    assert f'href="{reverse("bulletin:archive")}"' in response.content.decode()


def test_bad_input_to_the_workshop_stores_nothing(client):
    coordinator = factories.coordinator()
    edition = factories.edition(coordinator, items=1)
    section = edition.sections.get()
    placed = section.items.get().submission
    other = factories.submission()  # not accepted: cannot be placed
    _member_session(client, coordinator)
    manage = reverse("bulletin:manage", args=[edition.pk])
    response = client.post(manage, {"title": "", "editorial": "<p>x</p>"})
    assert "Give the edition a title." in response.content.decode()
    client.post(reverse("bulletin:section_add", args=[edition.pk]), {"section-title": "  "})
    client.post(reverse("bulletin:section_rename", args=[section.pk]), {"title": ""})
    client.post(
        reverse("bulletin:item_add", args=[edition.pk]),
        {"place-submission": other.pk, "place-section": section.pk},
    )
    client.post(
        reverse("bulletin:item_add", args=[edition.pk]),
        {"place-submission": placed.pk, "place-section": section.pk},
    )
    response = client.post(
        reverse("bulletin:item_move", args=[section.items.get().pk]), {"direction": "sideways"}
    )
    assert response.status_code == 404
    client.post(reverse("bulletin:summary_edit", args=[placed.pk]), {"summary": ""})
    client.post(reverse("bulletin:editions"), {"year": "1999", "quarter": "2"})
    edition.refresh_from_db()
    placed.refresh_from_db()
    assert (edition.title, edition.editorial) == ("2027 Q1", "")
    assert list(edition.sections.values_list("title", flat=True)) == ["News"]
    assert section.items.count() == 1
    assert placed.summary == "The core message in a few sentences."
    assert Edition.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "decline"}, "Tell the submitter why it is declined."),
        ({"decision": "changes"}, "Tell the submitter what to change."),
        ({}, "Choose a decision."),
    ],
)
def test_bad_decisions_store_nothing(client, data, message):
    item = factories.submission()
    _member_session(client, factories.coordinator())
    response = client.post(reverse("bulletin:review", args=[item.pk]), data)
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.note_to_submitter) == ("submitted", "")
