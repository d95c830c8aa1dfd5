"""Atom feeds of documents: the public feed, each working group's private feed (a key in the
address, checked again at every fetch), the page where a member gets and resets the key, and
the links to the feeds from the document list and the working group's page."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from repository import services
from repository.models import Document, DocumentEvent, FeedToken
from tests import factories
from tests.factories import OrganisationFactory, coordinator, document

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://cop.example.org"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = SITE


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


def titles(response):
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


def group_feed_url(group, user):
    token = services.feed_token_create(acting_user=user).token
    return reverse("repository:group_feed", kwargs={"slug": group.body.slug, "token": token})


# -- The public feed -----------------------------------------------------------------------


def test_public_feed_has_only_approved_public_documents_newest_first(client):
    old = document(title="Older public", visibility="public")
    old.created_at = timezone.now() - datetime.timedelta(days=3)
    old.save()
    document(title="Newer public", visibility="public")
    document(title="Waiting", visibility="public", public_status=Document.PublicStatus.PENDING)
    document(title="Members only", visibility="members")
    document(
        title="Withdrawn", visibility="public", withdrawn_at=timezone.now(), withdrawn_reason="Old"
    )
    response = client.get(reverse("repository:feed"))
    assert titles(response) == ["Newer public", "Older public"]
    assert response["Cache-Control"] == "public, max-age=900"


def test_public_feed_orders_by_when_a_document_was_made_public(client):
    approved_today = document(title="Uploaded long ago, approved today", visibility="public")
    approved_today.created_at = timezone.now() - datetime.timedelta(days=200)
    approved_today.save()
    DocumentEvent.objects.create(
        document=approved_today, action=DocumentEvent.Action.APPROVED, at=timezone.now()
    )
    recent = document(title="Uploaded yesterday", visibility="public")
    recent.created_at = timezone.now() - datetime.timedelta(days=1)
    recent.save()
    assert titles(client.get(reverse("repository:feed"))) == [
        "Uploaded long ago, approved today",
        "Uploaded yesterday",
    ]


def test_an_entry_carries_title_link_summary_dates_author_and_categories(client):
    group = factories.working_group(name="Social Assistance")
    doc = document(
        title="Inua Jamii review",
        visibility="public",
        summary="Payments <b>and</b> reach.",
        type=Document.Type.EVALUATION,
    )
    doc.topics.add(group)
    doc.publishers.add(OrganisationFactory(name="National Social Protection Secretariat"))
    (entry,) = entries(client.get(reverse("repository:feed")))
    assert entry.findtext(f"{ATOM}title") == "Inua Jamii review"
    assert entry.find(f"{ATOM}link").get("href") == f"{SITE}/documents/{doc.slug}/"
    # The summary is HTML for feed readers: what the member typed is escaped, not markup.
    assert "&lt;b&gt;and&lt;/b&gt;" in entry.findtext(f"{ATOM}summary")
    assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "National Social Protection Secretariat"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Evaluation report",
        "Social Assistance",
    ]


def test_public_feed_carries_no_member_data(client):
    uploader = factories.member(user__full_name="Wanjiru Kamau", user__email="wanjiru@example.org")
    document(title="Public", visibility="public", uploaded_by=uploader)
    content = client.get(reverse("repository:feed")).content.decode()
    assert "Wanjiru" not in content and "wanjiru@example.org" not in content
    assert "<email>" not in content


def test_named_authors_come_before_publishers(client):
    doc = document(title="Paper", visibility="public", authors="Achieng Otieno; Baraka Mwangi")
    doc.publishers.add(OrganisationFactory(name="University of Nairobi"))
    (entry,) = entries(client.get(reverse("repository:feed")))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Achieng Otieno; Baraka Mwangi"


@pytest.mark.parametrize("count", [2, 12])
def test_public_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        doc = document(visibility="public")
        doc.topics.add(factories.working_group())
        doc.publishers.add(OrganisationFactory())
    # A reader without a session: 1 the documents (with when each was made public),
    # 2 their publishers, 3 their topics with each topic's body.
    with django_assert_num_queries(3):
        response = client.get(reverse("repository:feed"))
    assert len(entries(response)) == count


# -- A working group's feed ----------------------------------------------------------------


@pytest.fixture
def group_world():
    group = factories.working_group(name="Social Health Protection")
    other = factories.working_group(name="Financing")
    member = factories.seat(group.body).user
    docs = {
        "own": document(title="Group's own", visibility="twg", body=group.body),
        "members_on_topic": document(title="Members' on topic", visibility="members"),
        "public_on_topic": document(title="Public on topic", visibility="public"),
        "public_elsewhere": document(title="Public elsewhere", visibility="public"),
        "other_group": document(title="Other group's", visibility="twg", body=other.body),
        "members_elsewhere": document(title="Members' elsewhere", visibility="members"),
    }
    for key in ("members_on_topic", "public_on_topic"):
        docs[key].topics.add(group)
    docs["other_group"].topics.add(group)  # on topic, but another group's own document
    docs["members_elsewhere"].topics.add(other)
    return group, member, docs


def test_group_feed_has_its_documents_and_those_filed_under_its_topic(client, group_world):
    group, member, _docs = group_world
    response = client.get(group_feed_url(group, member))
    assert set(titles(response)) == {"Group's own", "Members' on topic", "Public on topic"}
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_a_withdrawn_document_leaves_the_group_feed(client, group_world):
    group, member, docs = group_world
    services.document_withdraw(
        document=docs["own"], acting_user=coordinator(), reason="Replaced by the 2025 edition."
    )
    assert "Group's own" not in titles(client.get(group_feed_url(group, member)))


def test_an_unknown_or_reset_key_answers_404(client, group_world):
    group, member, _docs = group_world
    url = group_feed_url(group, member)
    services.feed_token_reset(acting_user=member)
    assert client.get(url).status_code == 404
    bogus = reverse("repository:group_feed", kwargs={"slug": group.body.slug, "token": "x" * 43})
    assert client.get(bogus).status_code == 404
    new_url = group_feed_url(group, member)
    assert new_url != url and client.get(new_url).status_code == 200


def test_a_member_who_leaves_the_group_gets_404_with_the_same_key(client, group_world):
    group, member, _docs = group_world
    url = group_feed_url(group, member)
    assert client.get(url).status_code == 200
    seat = member.seats.get(body=group.body)
    seat.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    seat.save()
    response = client.get(url)
    assert response.status_code == 404
    assert b"Group's own" not in response.content


def test_a_suspended_organisation_s_people_get_404(client, group_world):
    group, member, _docs = group_world
    url = group_feed_url(group, member)
    organisation = member.person.organisation
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    assert client.get(url).status_code == 404


def test_a_closed_account_s_key_answers_404(client, group_world):
    group, member, _docs = group_world
    url = group_feed_url(group, member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_a_key_opens_only_the_groups_its_user_sits_on(client, group_world):
    group, member, _docs = group_world
    other = factories.working_group()
    token = services.feed_token_create(acting_user=member).token
    url = reverse("repository:group_feed", kwargs={"slug": other.body.slug, "token": token})
    assert client.get(url).status_code == 404


def test_a_coordinator_may_follow_any_group(client, group_world):
    group, _member, _docs = group_world
    response = client.get(group_feed_url(group, coordinator()))
    assert set(titles(response)) == {"Group's own", "Members' on topic", "Public on topic"}


@pytest.mark.parametrize("count", [2, 12])
def test_group_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    group = factories.working_group()
    member = factories.seat(group.body).user
    url = group_feed_url(group, member)
    for index in range(count):
        if index % 2:
            doc = document(visibility="twg", body=group.body)
        else:
            doc = document(visibility="members")
            doc.topics.add(group)
        doc.publishers.add(OrganisationFactory())
    # 1 the key with its user, 2 the group with its body, 3 staff groups (a coordinator?),
    # 4 the user's seats; visibility: 5 person (membership), 6 code of conduct;
    # 7 the documents, 8 their publishers, 9 their topics with each topic's body.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(entries(response)) == count


# -- Getting and resetting the key ---------------------------------------------------------


def test_feeds_page_gives_a_member_a_key_then_their_group_addresses(client, group_world):
    group, member, _docs = group_world
    client.force_login(member)
    page = client.get(reverse("repository:feeds")).content.decode()
    assert "Make my private feed addresses" in page
    assert not FeedToken.objects.filter(user=member).exists()

    response = client.post(reverse("repository:feed_token"), {"action": "create"})
    assert response.status_code == 302
    token = FeedToken.objects.get(user=member).token
    page = client.get(reverse("repository:feeds")).content.decode()
    assert f"/documents/feed/{group.body.slug}/{token}/" in page


def test_resetting_the_key_from_the_page_retires_the_old_addresses(client, group_world):
    group, member, _docs = group_world
    old_url = group_feed_url(group, member)
    client.force_login(member)
    client.post(reverse("repository:feed_token"), {"action": "reset"})
    assert client.get(old_url).status_code == 404
    new_token = FeedToken.objects.get(user=member).token
    assert new_token not in old_url
    assert new_token in client.get(reverse("repository:feeds")).content.decode()


def test_the_key_form_refuses_an_unknown_action_and_changes_nothing(client, group_world):
    _group, member, _docs = group_world
    client.force_login(member)
    response = client.post(reverse("repository:feed_token"), {"action": "steal"}, follow=True)
    assert "Choose what to do" in response.content.decode()
    assert not FeedToken.objects.exists()


def test_the_key_form_needs_a_signed_in_post(client):
    assert client.post(reverse("repository:feed_token"), {"action": "create"}).status_code == 302
    assert not FeedToken.objects.exists()
    client.force_login(factories.member())
    assert client.get(reverse("repository:feed_token")).status_code == 405


def test_someone_on_no_group_sees_only_the_public_feed(client):
    client.force_login(factories.member())
    page = client.get(reverse("repository:feeds")).content.decode()
    assert "You sit on no working group today" in page
    assert "/documents/feed/</" not in page and "Make my private" not in page


# -- Links to the feeds --------------------------------------------------------------------


def test_document_list_links_the_public_feed_in_its_head(client):
    page = client.get(reverse("repository:list")).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="New public documents" '
        'href="/documents/feed/">' in page
    )
    assert reverse("repository:feeds") in page


def test_working_group_page_links_its_feed_for_a_seat_holder(client, group_world):
    group, member, _docs = group_world
    client.force_login(member)
    page = client.get(group.get_absolute_url()).content.decode()
    assert (
        "Get your private address" in page
        and 'rel="alternate" type="application/atom+xml"' not in page
    )

    url = group_feed_url(group, member)
    page = client.get(group.get_absolute_url()).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Social Health Protection: documents" href="http://testserver{url}">'
    ) in page


def test_working_group_page_offers_no_feed_to_others(client, group_world):
    group, _member, _docs = group_world
    assert "Follow the group" not in client.get(group.get_absolute_url()).content.decode()
    client.force_login(factories.member())
    assert "Follow the group" not in client.get(group.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_feeds_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    member = factories.member()
    for _ in range(count):
        factories.seat(factories.working_group().body, member)
    services.feed_token_create(acting_user=member)
    client.force_login(member)
    client.get("/")
    # 1 session, 2 user, 3 the feed key, 4 staff groups (a coordinator?), 5 the user's seats,
    # 6 the groups with their bodies.
    with django_assert_num_queries(6):
        response = client.get(reverse("repository:feeds"))
    assert len(response.context["groups"]) == count
    assert response.content.decode().count("/documents/feed/twg-") == count
