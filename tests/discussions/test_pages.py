"""The discussions' pages: the list, its filters and search, a thread, the ask form (with its
second step of suggestions), the answer form and the actions on a post, each refusal a
clear message with nothing stored."""

import pytest
from django.urls import reverse

from discussions.models import Flag, HelpfulMark, Post, Thread
from members.models import CodeOfConduct
from tests import factories
from tests.factories import answer, coordinator, member, messages_of, thread

pytestmark = pytest.mark.django_db


def _ask_data(**overrides):
    data = {
        "kind": "question",
        "title": "Caregiver registration in the counties?",
        "body": "We use the chief's list.",
        "audience": "members",
        "confirmed": "1",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_threads_a_member_may_see(client):
    shown = thread(title="Registering caregivers")
    client.force_login(member())
    response = client.get(reverse("discussions:list"))
    assert response.status_code == 200
    assert shown.title in response.content.decode()


def test_visitors_and_outsiders_get_a_404(client):
    thread()
    assert client.get(reverse("discussions:list")).status_code == 302  # sign in first
    client.force_login(factories.outsider())
    assert client.get(reverse("discussions:list")).status_code == 404
    assert client.get(reverse("discussions:ask")).status_code == 404


def test_a_member_who_has_not_accepted_the_code_is_sent_to_it(client):
    user = member()
    CodeOfConduct.objects.create(version="4", text="Be kind.")
    client.force_login(user)
    response = client.get(reverse("discussions:list"))
    assert response.status_code == 403
    assert "code of conduct" in response.content.decode()


def test_a_member_asks_and_lands_on_the_thread(client):
    user = member()
    client.force_login(user)
    response = client.post(reverse("discussions:ask"), _ask_data(tags="payments, MIS"))
    created = Thread.objects.get()
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "We use the chief" in page and "payments" in page


def test_the_ask_form_without_script_shows_suggestions_before_saving(client):
    doc = factories.document(title="Caregiver registration guideline")
    earlier = thread(title="Registering caregivers in Turkana")
    client.force_login(member())
    data = _ask_data()
    del data["confirmed"]
    response = client.post(reverse("discussions:ask"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert doc.title in page and earlier.title in page
    assert Thread.objects.count() == 1  # the earlier one only
    assert 'name="confirmed"' in page
    response = client.post(reverse("discussions:ask"), {**data, "confirmed": "1"})
    assert response.status_code == 302 and Thread.objects.count() == 2


def test_the_suggestions_fragment_lists_only_what_the_member_may_see(client):
    group = factories.working_group()
    factories.document(title="Caregiver payments for the group", visibility="twg", body=group.body)
    factories.document(title="Caregiver payments for everyone")
    client.force_login(member())
    response = client.get(reverse("discussions:suggest"), {"title": "caregiver payments"})
    page = response.content.decode()
    assert "for everyone" in page and "for the group" not in page
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Give your question a title."),
        ({"body": ""}, "Write the text."),
        ({"body": "z" * 50_000}, "Keep the text under 20,000 characters"),
        ({"audience": "twg"}, "Choose the working group or committee that may read it."),
    ],
)
def test_a_bad_question_is_refused_with_a_message_and_nothing_stored(client, overrides, message):
    client.force_login(member())
    response = client.post(reverse("discussions:ask"), _ask_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Thread.objects.count() == 0


def test_a_suspended_member_is_told_they_cannot_post(client):
    from members.models import Organisation

    user = member()
    seat = factories.seat(factories.working_group().body, user)
    Organisation.objects.filter(pk=seat.organisation_id).update(status="suspended")
    client.force_login(user)
    response = client.get(reverse("discussions:ask"))
    assert response.status_code in (403, 404)
    response = client.post(reverse("discussions:ask"), _ask_data())
    assert response.status_code in (403, 404)
    assert Thread.objects.count() == 0


def test_answering_on_the_thread_page(client):
    asked = thread()
    doc = factories.document(title="Payments manual")
    client.force_login(member())
    response = client.post(
        reverse("discussions:answer", args=[asked.pk]),
        {"body": "See the manual.", "documents": f"http://testserver/documents/{doc.slug}/"},
    )
    post = Post.objects.get(is_opening=False)
    assert response.status_code == 302 and response.url.endswith(f"#post-{post.pk}")
    assert list(post.documents.all()) == [doc]
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Payments manual" in page


def test_an_answer_citing_an_unknown_document_is_refused(client):
    asked = thread()
    client.force_login(member())
    response = client.post(
        reverse("discussions:answer", args=[asked.pk]),
        {"body": "See the manual.", "documents": "/documents/no-such-document/"},
    )
    assert response.status_code == 400
    assert "No document you can see is at" in response.content.decode()
    assert Post.objects.filter(is_opening=False).count() == 0


def test_the_accepted_answer_shows_first(client):
    asked = thread()
    first = answer(asked, body="The first answer.")
    second = answer(asked, body="The second, accepted.")
    client.force_login(asked.asked_by)
    response = client.post(reverse("discussions:accept", args=[second.pk]))
    assert response.status_code == 302
    page = client.get(asked.get_absolute_url()).content.decode()
    assert page.index("The second, accepted.") < page.index("The first answer.")
    assert "Accepted answer" in page
    assert first.pk


def test_helpful_flag_and_hide_from_the_page(client):
    asked = thread()
    post = answer(asked)
    reader = member()
    client.force_login(reader)
    client.post(reverse("discussions:helpful", args=[post.pk]))
    assert HelpfulMark.objects.filter(post=post, user=reader).exists()
    response = client.post(reverse("discussions:flag", args=[post.pk]), {"reason": ""})
    assert "Give the reason. Nothing was changed." in response.content.decode()
    client.post(reverse("discussions:flag", args=[post.pk]), {"reason": "Rude."})
    assert Flag.objects.get().reason == "Rude."
    response = client.post(reverse("discussions:hide", args=[post.pk]), {"reason": "Mine."})
    assert response.status_code == 404  # not the author
    client.force_login(coordinator())
    queue = client.get(reverse("discussions:moderation")).content.decode()
    assert "Rude." in queue
    client.post(reverse("discussions:hide", args=[post.pk]), {"reason": "Rude, as flagged."})
    post.refresh_from_db()
    assert post.hidden_reason == "Rude, as flagged."
    client.force_login(reader)
    page = client.get(asked.get_absolute_url()).content.decode()
    assert post.body not in page


def test_a_moderator_edit_shows_its_reason_on_the_post(client):
    post = answer(thread(), body="Call me on 0700 000000.")
    client.force_login(coordinator())
    response = client.post(
        reverse("discussions:edit", args=[post.pk]),
        {"body": "Call me.", "documents": "", "reason": ""},
    )
    assert "Say why you change someone else" in response.content.decode()
    client.post(
        reverse("discussions:edit", args=[post.pk]),
        {"body": "Call me.", "documents": "", "reason": "Phone number removed."},
    )
    client.force_login(member())
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "Edited by a moderator: Phone number removed." in page


def test_the_moderation_queue_is_for_moderators_only(client):
    client.force_login(member())
    assert client.get(reverse("discussions:moderation")).status_code == 404
    asked = thread()
    assert client.get(reverse("discussions:lock", args=[asked.pk])).status_code == 404


def test_a_moderator_locks_and_the_answer_form_goes(client):
    asked = thread()
    client.force_login(coordinator())
    client.post(reverse("discussions:lock", args=[asked.pk]), {"reason": "Settled."})
    client.force_login(member())
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "This thread is locked" in page and "Settled." in page
    response = client.post(reverse("discussions:answer", args=[asked.pk]), {"body": "Late."})
    assert "locked" in response.content.decode()
    assert asked.posts.count() == 1


def test_filters_narrow_the_list(client):
    group = factories.working_group()
    in_group = thread(title="In the group", working_group=group)
    answered = thread(title="Answered one")
    factories.accepted_answer(answered)
    user = member()
    mine = thread(title="My own", asked_by=user)
    client.force_login(user)

    def titles(**params):
        page = client.get(reverse("discussions:list"), params).content.decode()
        return {t.title for t in (in_group, answered, mine) if t.title in page}

    assert titles(twg=group.body.slug) == {"In the group"}
    assert titles(state="answered") == {"Answered one"}
    assert titles(state="unanswered") == {"In the group", "My own"}
    assert titles(mine="on") == {"My own"}
    assert titles(twg="no-such-group") == {"In the group", "Answered one", "My own"}


def test_search_finds_words_in_answers_with_a_snippet(client):
    asked = thread(title="Payments question")
    answer(asked, body="We used mobile money through M-Pesa agents.")
    thread(title="Unrelated question")
    client.force_login(member())
    page = client.get(reverse("discussions:list"), {"q": "agents"}).content.decode()
    assert "Payments question" in page and "Unrelated question" not in page
    assert "<mark>agents</mark>" in page


def test_messages_on_refused_actions(client):
    post = answer(thread())
    client.force_login(post.author)
    response = client.post(reverse("discussions:helpful", args=[post.pk]), follow=True)
    assert ("error", "You cannot mark your own post helpful.") in messages_of(response)
