"""The discussions' services: asking, answering, accepting, helpful marks, editing with
revisions, hiding with a reason, and every refusal (nothing stored, a sentence saying why)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from discussions import services
from discussions.models import (
    BODY_MAX,
    Flag,
    HelpfulMark,
    Post,
    Revision,
    Thread,
    ThreadEvent,
)
from members.models import CodeOfConduct, CodeOfConductAcceptance, Organisation
from tests import factories
from tests.factories import answer, coordinator, member, thread

pytestmark = pytest.mark.django_db


def _nothing_stored():
    assert Thread.objects.count() == 0
    assert Post.objects.count() == 0


def _ask(user, **kwargs):
    kwargs.setdefault("title", "How do counties pay caregivers?")
    kwargs.setdefault("body", "We pay **monthly**; others?")
    return services.thread_create(acting_user=user, **kwargs)


def test_a_member_asks_a_question_with_its_opening_text_and_audit_row():
    asker = member()
    asked = _ask(asker, tags=["Cash Transfers", "cash transfers"])
    opening = asked.posts.get()
    assert opening.is_opening and opening.author == asker
    assert "<strong>monthly</strong>" in opening.body_html
    assert [t.name for t in asked.tags.all()] == ["cash transfers"]
    assert asked.events.get().action == ThreadEvent.Action.ASKED
    assert "monthly" in Thread.objects.get(pk=asked.pk).search_text


def test_a_first_post_waits_for_a_moderator_and_a_second_does_not():
    asker = member()
    first = _ask(asker)
    second = _ask(asker, title="Another question")
    assert first.posts.get().awaiting_review is True
    assert second.posts.get().awaiting_review is False


@pytest.mark.parametrize("body", ["", "   ", "<script>alert(1)</script>"])
def test_an_empty_question_is_refused_and_nothing_is_stored(body):
    with pytest.raises(ValidationError) as caught:
        _ask(member(), body=body)
    assert caught.value.message_dict["body"] == ["Write the text."]
    _nothing_stored()


def test_a_50000_character_question_is_refused_and_nothing_is_stored():
    with pytest.raises(ValidationError) as caught:
        _ask(member(), body="x" * 50_000)
    assert "Keep the text under 20,000 characters" in caught.value.message_dict["body"][0]
    _nothing_stored()


def test_an_over_long_answer_is_refused_and_nothing_is_stored():
    asked = thread()
    with pytest.raises(ValidationError):
        answer(asked, body="y" * (BODY_MAX + 1))
    assert asked.posts.count() == 1


def test_posting_without_the_code_of_conduct_accepted_is_refused():
    user = member()
    CodeOfConduct.objects.create(version="3", text="Be kind.")
    with pytest.raises(ValidationError) as caught:
        _ask(user)
    assert caught.value.messages == ["Accept the current code of conduct before you post."]
    _nothing_stored()


def test_posting_once_the_code_is_accepted_works():
    user = member()
    code = CodeOfConduct.objects.create(version="3", text="Be kind.")
    CodeOfConductAcceptance.objects.create(code=code, user=user)
    assert _ask(user).pk


def test_a_member_of_a_suspended_organisation_cannot_post_or_answer():
    user = member()
    asked = thread()
    organisation = user.person.organisation
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.SUSPENDED)
    user = type(user).objects.get(pk=user.pk)
    with pytest.raises(ValidationError) as caught:
        _ask(user)
    assert "suspended" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        answer(asked, author=user)
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_an_outsider_cannot_post():
    with pytest.raises(ValidationError) as caught:
        _ask(factories.outsider())
    assert caught.value.messages == ["Only members of the CoP post in the discussions."]
    _nothing_stored()


def test_posting_past_the_rate_limit_is_refused_and_nothing_is_stored():
    user = member()
    for number in range(services.POST_LIMIT):
        _ask(user, title=f"Question {number}")
    with pytest.raises(ValidationError) as caught:
        _ask(user, title="One too many")
    assert "wait a little" in caught.value.messages[0]
    assert Thread.objects.count() == services.POST_LIMIT


def test_moderators_are_not_rate_limited():
    moderator = coordinator()
    for number in range(services.POST_LIMIT + 1):
        _ask(moderator, title=f"Question {number}")
    assert Thread.objects.count() == services.POST_LIMIT + 1


def test_a_body_audience_needs_a_body_the_asker_sits_on():
    group = factories.working_group()
    other = factories.working_group()
    asker = factories.seat(group.body).user
    with pytest.raises(ValidationError) as caught:
        _ask(asker, audience=Thread.Audience.TWG)
    assert "audience_body" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _ask(asker, audience=Thread.Audience.TWG, audience_body=other.body)
    assert caught.value.message_dict["audience_body"] == ["You can only address a body you sit on."]
    with pytest.raises(ValidationError):
        _ask(asker, audience=Thread.Audience.COMMITTEE, audience_body=group.body)
    _nothing_stored()
    asked = _ask(asker, working_group=group, audience=Thread.Audience.TWG, audience_body=group.body)
    assert asked.audience_body == group.body


def test_an_answer_counts_and_moves_the_thread_up():
    asked = thread()
    before = Thread.objects.get(pk=asked.pk).last_activity_at
    post = answer(asked)
    asked.refresh_from_db()
    assert asked.answer_count == 1
    assert asked.last_activity_at >= before
    assert post.events.get().action == ThreadEvent.Action.ANSWERED


def test_an_answer_cites_only_documents_the_author_can_see():
    asked = thread()
    group = factories.working_group()
    hidden = factories.document(visibility="twg", body=group.body)
    shown = factories.document()
    with pytest.raises(ValidationError) as caught:
        answer(asked, documents=[hidden])
    assert caught.value.message_dict["documents"] == ["Cite only documents you can see."]
    post = answer(asked, documents=[shown])
    assert list(post.documents.all()) == [shown]


def test_nobody_answers_a_thread_they_cannot_see():
    group = factories.working_group()
    asker = factories.seat(group.body).user
    asked = _ask(asker, audience=Thread.Audience.TWG, audience_body=group.body)
    with pytest.raises(PermissionDenied):
        answer(asked, author=member())


def test_a_locked_thread_takes_no_answers_except_from_a_moderator():
    asked = thread()
    moderator = coordinator()
    services.thread_lock(thread=asked, acting_user=moderator, reason="Settled.")
    with pytest.raises(ValidationError):
        answer(asked)
    assert answer(asked, author=moderator).pk


# --- Accepting ----------------------------------------------------------------------------


def test_the_asker_accepts_an_answer_and_the_thread_is_answered():
    asked = thread()
    post = answer(asked)
    services.answer_accept(post=post, acting_user=asked.asked_by)
    asked.refresh_from_db()
    assert asked.status == Thread.Status.ANSWERED
    assert asked.accepted_answer == post and asked.accepted_by == asked.asked_by
    assert asked.events.filter(action=ThreadEvent.Action.ACCEPTED, post=post).exists()


def test_the_working_groups_lead_and_a_coordinator_may_accept_others_may_not():
    group = factories.working_group()
    lead = factories.convener(group.body)
    asked = thread(working_group=group)
    first, second = answer(asked), answer(asked)
    with pytest.raises(PermissionDenied):
        services.answer_accept(post=first, acting_user=member())
    with pytest.raises(PermissionDenied):
        services.answer_accept(post=first, acting_user=first.author)
    services.answer_accept(post=first, acting_user=lead)
    services.answer_unaccept(thread=asked, acting_user=coordinator())
    services.answer_accept(post=second, acting_user=coordinator())
    asked.refresh_from_db()
    assert asked.accepted_answer == second


def test_a_second_acceptance_of_another_answer_is_refused_one_answer_stays_accepted():
    asked = thread()
    first, second = answer(asked), answer(asked)
    services.answer_accept(post=first, acting_user=asked.asked_by)
    with pytest.raises(ValidationError) as caught:
        services.answer_accept(post=second, acting_user=coordinator())
    assert "take that acceptance back first" in caught.value.messages[0]
    asked.refresh_from_db()
    assert asked.accepted_answer == first


def test_the_opening_text_and_a_hidden_answer_cannot_be_accepted():
    asked = thread()
    with pytest.raises(ValidationError):
        services.answer_accept(post=asked.posts.get(), acting_user=asked.asked_by)
    post = answer(asked)
    services.post_hide(post=post, acting_user=post.author, reason="Wrong thread.")
    with pytest.raises(ValidationError):
        services.answer_accept(post=post, acting_user=asked.asked_by)


def test_a_discussion_has_no_accepted_answer():
    asked = thread(kind=Thread.Kind.DISCUSSION)
    post = answer(asked)
    with pytest.raises(PermissionDenied):
        services.answer_accept(post=post, acting_user=asked.asked_by)


def test_hiding_the_accepted_answer_reopens_the_question():
    asked = thread()
    post = factories.accepted_answer(asked)
    services.post_hide(post=post, acting_user=coordinator(), reason="Personal data.")
    asked.refresh_from_db()
    assert asked.status == Thread.Status.OPEN and asked.accepted_answer is None
    assert asked.answer_count == 0
    assert asked.events.filter(action=ThreadEvent.Action.UNACCEPTED).exists()


# --- Helpful marks ------------------------------------------------------------------------


def test_helpful_is_one_mark_per_person_and_toggles():
    post = answer(thread())
    reader = member()
    assert services.helpful_toggle(post=post, acting_user=reader) is True
    assert HelpfulMark.objects.filter(post=post).count() == 1
    assert services.helpful_toggle(post=post, acting_user=reader) is False
    assert HelpfulMark.objects.count() == 0
    actions = list(post.events.values_list("action", flat=True))
    assert actions[-2:] == [ThreadEvent.Action.HELPFUL, ThreadEvent.Action.UNHELPFUL]


def test_nobody_marks_their_own_post_helpful():
    post = answer(thread())
    with pytest.raises(ValidationError) as caught:
        services.helpful_toggle(post=post, acting_user=post.author)
    assert caught.value.messages == ["You cannot mark your own post helpful."]
    assert HelpfulMark.objects.count() == 0


# --- Editing and hiding -------------------------------------------------------------------


def test_an_edit_keeps_the_previous_text_as_a_revision():
    post = answer(thread(), body="First version.")
    services.post_edit(post=post, acting_user=post.author, body="Second version.")
    post.refresh_from_db()
    assert post.body == "Second version." and post.edited_at is not None
    revision = Revision.objects.get(post=post)
    assert revision.body == "First version." and revision.edited_by == post.author
    assert post.moderator_note == ""


def test_editing_the_opening_post_keeps_the_previous_title():
    asked = thread(title="Old title")
    opening = asked.posts.get()
    services.post_edit(post=opening, acting_user=asked.asked_by, body="New text", title="New title")
    asked.refresh_from_db()
    assert asked.title == "New title"
    assert Revision.objects.get().title == "Old title"


def test_a_moderator_edit_needs_a_reason_shown_on_the_post():
    post = answer(thread(), body="Call me on 0700 000000.")
    moderator = coordinator()
    with pytest.raises(ValidationError):
        services.post_edit(post=post, acting_user=moderator, body="Call me.")
    assert Revision.objects.count() == 0
    services.post_edit(post=post, acting_user=moderator, body="Call me.", reason="Phone removed.")
    post.refresh_from_db()
    assert post.moderator_note == "Phone removed."


def test_nobody_else_edits_a_post():
    post = answer(thread())
    with pytest.raises(PermissionDenied):
        services.post_edit(post=post, acting_user=member(), body="Mine now.")
    assert Revision.objects.count() == 0


def test_deleting_is_hiding_with_a_reason():
    post = answer(thread())
    with pytest.raises(ValidationError):
        services.post_hide(post=post, acting_user=post.author, reason="")
    services.post_hide(post=post, acting_user=post.author, reason="Posted twice.")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Posted twice."
    assert Post.objects.filter(pk=post.pk).exists()
    with pytest.raises(PermissionDenied):
        services.post_restore(post=post, acting_user=post.author)
    services.post_restore(post=post, acting_user=coordinator())
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_member_hides_only_their_own_post():
    post = answer(thread())
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, acting_user=member(), reason="I dislike it.")


def test_hiding_the_opening_post_hides_the_thread_and_only_a_moderator_may():
    asked = thread()
    opening = asked.posts.get()
    with pytest.raises(ValidationError):
        services.post_hide(post=opening, acting_user=asked.asked_by, reason="Oops.")
    services.post_hide(post=opening, acting_user=coordinator(), reason="Spam.")
    asked.refresh_from_db()
    assert asked.is_hidden and asked.hidden_reason == "Spam."


def test_search_text_leaves_out_hidden_answers():
    asked = thread()
    post = answer(asked, body="The word kipekee is here.")
    assert "kipekee" in Thread.objects.get(pk=asked.pk).search_text
    services.post_hide(post=post, acting_user=post.author, reason="Wrong.")
    assert "kipekee" not in Thread.objects.get(pk=asked.pk).search_text


# --- Flags and moderation -----------------------------------------------------------------


def test_a_member_flags_a_post_once_with_a_reason():
    post = answer(thread())
    reader = member()
    with pytest.raises(ValidationError):
        services.flag_create(post=post, acting_user=reader, reason="  ")
    services.flag_create(post=post, acting_user=reader, reason="Rude.")
    with pytest.raises(ValidationError) as caught:
        services.flag_create(post=post, acting_user=reader, reason="Still rude.")
    assert "already flagged" in caught.value.messages[0]
    assert Flag.objects.count() == 1
    with pytest.raises(ValidationError):
        services.flag_create(post=post, acting_user=post.author, reason="Me.")


def test_hiding_a_flagged_post_upholds_its_flags_and_dismissing_keeps_it():
    post = answer(thread())
    other = answer(post.thread)
    moderator = coordinator()
    services.flag_create(post=post, acting_user=member(), reason="Rude.")
    kept = services.flag_create(post=other, acting_user=member(), reason="Off topic.")
    services.post_hide(post=post, acting_user=moderator, reason="Rude, as flagged.")
    assert Flag.objects.get(post=post).status == Flag.Status.UPHELD
    services.flag_dismiss(flag=kept, acting_user=moderator)
    kept.refresh_from_db()
    assert kept.status == Flag.Status.DISMISSED and kept.resolved_by == moderator
    with pytest.raises(ValidationError):
        services.flag_dismiss(flag=kept, acting_user=moderator)
    with pytest.raises(PermissionDenied):
        services.flag_dismiss(flag=kept, acting_user=member())


def test_moderation_actions_are_recorded_with_who_and_when():
    asked = thread()
    moderator = coordinator()
    group = factories.working_group()
    services.thread_lock(thread=asked, acting_user=moderator, reason="Settled.")
    services.thread_unlock(thread=asked, acting_user=moderator)
    services.thread_move(
        thread=asked,
        acting_user=moderator,
        working_group=group,
        audience=Thread.Audience.TWG,
        audience_body=group.body,
        reason="Belongs to the group.",
    )
    services.post_review(post=asked.posts.get(), acting_user=moderator)
    events = list(asked.events.exclude(action=ThreadEvent.Action.ASKED))
    assert [e.action for e in events] == ["locked", "unlocked", "moved", "reviewed"]
    assert all(e.actor == moderator and e.at <= timezone.now() for e in events)
    asked.refresh_from_db()
    assert asked.working_group == group and asked.audience == Thread.Audience.TWG


def test_only_moderators_lock_move_and_review():
    asked = thread()
    with pytest.raises(PermissionDenied):
        services.thread_lock(thread=asked, acting_user=asked.asked_by, reason="Mine.")
    with pytest.raises(PermissionDenied):
        services.post_review(post=asked.posts.get(), acting_user=asked.asked_by)
