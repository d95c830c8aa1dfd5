"""Query counts pinned for the list, search, a thread with 100 answers, and the moderation
queue: each would fail if a query per row crept in."""

import pytest
from django.urls import reverse

from discussions import services
from tests import factories
from tests.factories import answer, coordinator, member, thread

pytestmark = pytest.mark.django_db

# Every signed-in member's page: 1 session, 2 user, 3 staff groups (a moderator?), 4 seats
# (the bodies the user sits on), 5 person (membership), 6 code of conduct.
REQUEST = 6


@pytest.mark.parametrize("count", [3, 25])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    group = factories.working_group()
    for _ in range(count):
        asked = thread(working_group=group)
        asked.topics.add(group)
    client.force_login(member())
    # + 7 working groups, 8 pillars, 9 counties (the filters' choices), 10 the count,
    # 11 the page of threads with asker and space, 12 their topics with bodies.
    with django_assert_num_queries(REQUEST + 6):
        response = client.get(reverse("discussions:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 20)


@pytest.mark.parametrize("count", [3, 25])
def test_search_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for number in range(count):
        answer(thread(title=f"Question {number}"), body="Answer about caregivers.")
    client.force_login(member())
    # The same as the list (the snippets come from the rows' text on SQLite; PostgreSQL
    # makes its headlines in one more query).
    extra = 1 if _postgresql() else 0
    with django_assert_num_queries(REQUEST + 6 + extra):
        response = client.get(reverse("discussions:list"), {"q": "caregivers"})
    assert len(response.context["page"].object_list) == min(count, 20)


def _postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.mark.parametrize("count", [2, 100])
def test_a_thread_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    moderator = coordinator()
    asked = thread()
    docs = [factories.document() for _ in range(2)]
    for number in range(count):
        services.answer_create(
            thread=asked, acting_user=moderator, body=f"Answer {number}", documents=docs
        )
    reader = member()
    client.force_login(reader)
    # + 7 the thread with asker, organisation, space and audience body, 8 topics,
    # 9 pillars, 10 counties, 11 tags, 12 the posts with authors, helpful counts and
    # the reader's marks, 13 their cited documents, 14 is the reader the group's lead
    # (no: the whole CoP's thread, so none), none for the history (a moderator's),
    # 14 does the reader follow the thread.
    with django_assert_num_queries(REQUEST + 8):
        response = client.get(asked.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["answers"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_the_moderation_queue_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        post = answer(thread())
        services.flag_create(post=post, acting_user=member(), reason="Rude.")
    client.force_login(coordinator())
    # 1 session, 2 user, 3 staff groups, 4 open flags with post, thread, author and flagger,
    # 5 first posts with thread and author.
    with django_assert_num_queries(5):
        response = client.get(reverse("discussions:moderation"))
    assert len(response.context["flags"]) == count
    assert len(response.context["first_posts"]) == count * 2
