"""Related documents on a document's page: from what the viewer may see, ranked by how much
they share (topics, tags, publishers, type), in one query whatever the numbers."""

import pytest
from django.utils import timezone

from repository.models import Document, Tag
from repository.selectors import document_for_page, related_documents
from tests import factories
from tests.factories import OrganisationFactory, document

pytestmark = pytest.mark.django_db


def related_titles(doc, user):
    page = document_for_page(slug=doc.slug, user=user)
    return [d.title for d in related_documents(page, user=user)]


def tag(name):
    return Tag.objects.get_or_create(name=name)[0]


def test_ranked_by_overlap_then_newest():
    member = factories.member()
    group = factories.working_group()
    publisher = OrganisationFactory()
    doc = document(title="This one", type=Document.Type.POLICY, visibility="members")
    doc.topics.add(group)
    doc.tags.add(tag("cash transfers"), tag("disability"))
    doc.publishers.add(publisher)

    most = document(title="Topic, two tags, publisher", type=Document.Type.RESEARCH)
    most.topics.add(group)
    most.tags.add(tag("cash transfers"), tag("disability"))
    most.publishers.add(publisher)
    topic_and_tag = document(title="Topic and a tag", type=Document.Type.RESEARCH)
    topic_and_tag.topics.add(group)
    topic_and_tag.tags.add(tag("disability"))
    same_type_and_tag = document(title="Same type and a tag", type=Document.Type.POLICY)
    same_type_and_tag.tags.add(tag("cash transfers"))
    type_only = document(title="Same type only", type=Document.Type.POLICY)
    unrelated = document(title="Nothing shared", type=Document.Type.RESEARCH)
    unrelated.tags.add(tag("nutrition"))

    assert related_titles(doc, member) == [
        "Topic, two tags, publisher",  # 3 + 2 + 2 + 2
        "Topic and a tag",  # 3 + 2
        "Same type and a tag",  # 2 + 1
        "Same type only",  # 1
    ]
    assert type_only.pk and unrelated.pk


def test_at_most_five_and_never_the_document_itself():
    member = factories.member()
    doc = document(title="This one", type=Document.Type.POLICY)
    doc.tags.add(tag("graduation"))
    for number in range(8):
        document(title=f"Policy {number}", type=Document.Type.POLICY).tags.add(tag("graduation"))
    titles = related_titles(doc, member)
    assert len(titles) == 5 and "This one" not in titles
    # Equal overlap: the newest first.
    assert titles == [f"Policy {number}" for number in (7, 6, 5, 4, 3)]


def test_only_what_the_viewer_may_see():
    member = factories.member()
    group = factories.working_group()
    doc = document(title="This one", visibility="public")
    doc.tags.add(tag("resilience"))
    hidden = document(title="Group only", visibility="twg", body=group.body)
    hidden.tags.add(tag("resilience"))
    withdrawn = document(
        title="Withdrawn", visibility="public", withdrawn_at=timezone.now(), withdrawn_reason="Old"
    )
    withdrawn.tags.add(tag("resilience"))
    members = document(title="Members'", visibility="members")
    members.tags.add(tag("resilience"))

    assert related_titles(doc, member) == ["Members'"]
    seat_holder = factories.seat(group.body).user
    assert set(related_titles(doc, seat_holder)) == {"Members'", "Group only"}


def test_the_page_lists_related_documents_for_a_visitor(client):
    doc = document(title="This one", visibility="public")
    doc.tags.add(tag("older persons"))
    document(title="Public neighbour", visibility="public").tags.add(tag("older persons"))
    document(title="Members' neighbour", visibility="members").tags.add(tag("older persons"))
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Public neighbour" in page and "Members&#x27; neighbour" not in page
    assert "Members' neighbour" not in page
