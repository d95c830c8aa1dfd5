"""Writes to the discussions. Each service checks who acts and whether the change is
allowed, runs in one transaction with the changed row locked, records a ``ThreadEvent``,
and keeps what search reads (``thread_reindex``).

Posting is refused, with a sentence saying why and nothing stored, for anyone who may not
post (``selectors.posting_refusal``: no member access, a suspended organisation, the code of
conduct not accepted), past the per-person rate limit, or with an empty or over-long text."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.sanitise import clean_text, html_to_text, markdown_to_html
from members import selectors as member_selectors
from repository import selectors as repository_selectors
from repository.models import Tag

from . import notifications, search, selectors
from .models import (
    BODY_MAX,
    REASON_MAX,
    TITLE_MAX,
    Flag,
    Follow,
    HelpfulMark,
    NotificationPreference,
    Post,
    Revision,
    Thread,
    ThreadEvent,
)

# Posts (threads and answers together) one person may write per window.
POST_LIMIT = 10
POST_WINDOW = 60 * 60
FLAG_LIMIT = 20
FLAG_WINDOW = 60 * 60
MAX_TAGS = 10
MAX_DOCUMENTS = 10


def _states_to(model, target):
    """The states of ``model``'s table that may move to ``target``, for a bulk update."""
    return [source for source, targets in model.TRANSITIONS.items() if target in targets]


def _event(thread, action, actor, *, post=None, note=""):
    return ThreadEvent.objects.create(
        thread=thread, post=post, action=action, actor=actor, note=note
    )


def _check_may_post(user):
    refusal = selectors.posting_refusal(user)
    if refusal:
        raise ValidationError(refusal, code="may_not_post")


def _check_rate(user):
    if selectors.is_moderator(user):
        return
    if ratelimit.over_limit(f"discussions:post:{user.pk}", limit=POST_LIMIT, window=POST_WINDOW):
        raise ValidationError(
            _("You have posted a lot in the last hour: wait a little before posting again."),
            code="rate_limited",
        )


def _clean_body(body, field="body"):
    body = (body or "").strip()
    if not body or not clean_text(markdown_to_html(body)):
        raise ValidationError({field: ValidationError(_("Write the text."), code="empty")})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Keep the text under %(max)s characters (it has %(count)s).")
                    % {"max": f"{BODY_MAX:,}", "count": f"{len(body):,}"},
                    code="too_long",
                )
            }
        )
    return body


def _clean_title(title):
    title = clean_text(title or "")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": ValidationError(_("Give a title."), code="title")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {
                "title": ValidationError(
                    _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX},
                    code="title_long",
                )
            }
        )
    return title


def _clean_reason(reason, message):
    reason = clean_text(reason or "")
    if not reason:
        raise ValidationError({"reason": ValidationError(message, code="reason")})
    return reason[:REASON_MAX]


def _check_documents(documents, user):
    documents = list(documents or [])
    if len(documents) > MAX_DOCUMENTS:
        raise ValidationError(
            {"documents": _("Cite at most %(count)s documents.") % {"count": MAX_DOCUMENTS}}
        )
    visible = set(
        repository_selectors.documents_visible_to(user)
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    if any(d.pk not in visible for d in documents):
        raise ValidationError({"documents": _("Cite only documents you can see.")})
    return documents


def _is_first_contribution(user):
    return not Post.objects.filter(author=user).exists()


def _check_audience(*, audience, audience_body, working_group, acting_user):
    if audience in Thread.BODY_AUDIENCES:
        if audience_body is None:
            raise ValidationError(
                {"audience_body": _("Choose the working group or committee that may read it.")}
            )
        if (
            audience == Thread.Audience.TWG
            and audience_body.kind != audience_body.Kind.WORKING_GROUP
        ):
            raise ValidationError({"audience_body": _("Choose a working group.")})
        if (
            audience == Thread.Audience.COMMITTEE
            and audience_body.kind == audience_body.Kind.WORKING_GROUP
        ):
            raise ValidationError({"audience_body": _("Choose a committee, not a working group.")})
        if not selectors.audience_bodies_for(acting_user).filter(pk=audience_body.pk).exists():
            raise ValidationError({"audience_body": _("You can only address a body you sit on.")})
        return audience_body
    return None


def _tags(names):
    names = [Tag.normalise(name) for name in names or [] if Tag.normalise(name)]
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": _("Give at most %(count)s tags.") % {"count": MAX_TAGS}})
    return [Tag.objects.get_or_create(name=name)[0] for name in dict.fromkeys(names)]


def thread_reindex(*, thread):
    """Store what search reads: the opening text and every shown answer as plain text, and
    on PostgreSQL their vector."""
    texts = [
        html_to_text(html)
        for html in thread.posts.filter(hidden_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("body_html", flat=True)
    ]
    Thread.objects.filter(pk=thread.pk).update(search_text="\n\n".join(texts))
    if search.is_postgresql():
        Thread.objects.filter(pk=thread.pk).update(search_vector=search.stored_vector())


def _count_answers(thread):
    return thread.posts.filter(is_opening=False, hidden_at__isnull=True).count()


# --- Threads ------------------------------------------------------------------------------


def thread_create(
    *,
    acting_user,
    title,
    body,
    kind=Thread.Kind.QUESTION,
    working_group=None,
    audience=Thread.Audience.MEMBERS,
    audience_body=None,
    topics=(),
    pillars=(),
    counties=(),
    tags=(),
):
    """A member opens a question or a discussion, in the whole CoP or a working group's
    space, for members or for one body's members."""
    _check_may_post(acting_user)
    title = _clean_title(title)
    body = _clean_body(body)
    if working_group is not None and not (
        selectors.spaces_for(acting_user).filter(pk=working_group.pk).exists()
    ):
        raise ValidationError({"working_group": _("This working group is closed.")})
    audience_body = _check_audience(
        audience=audience,
        audience_body=audience_body,
        working_group=working_group,
        acting_user=acting_user,
    )
    tag_rows = _tags(tags)
    _check_rate(acting_user)
    person = member_selectors.person_for(acting_user)
    with transaction.atomic():
        thread = Thread(
            kind=kind,
            title=title,
            working_group=working_group,
            audience=audience,
            audience_body=audience_body,
            asked_by=acting_user,
            organisation=person.organisation if person else None,
        )
        thread.full_clean(exclude=["accepted_answer"])
        thread.save()
        thread.topics.set(topics)
        thread.pillars.set(pillars)
        thread.counties.set(counties)
        thread.tags.set(tag_rows)
        opening = Post.objects.create(
            thread=thread,
            is_opening=True,
            author=acting_user,
            body=body,
            body_html=markdown_to_html(body),
            awaiting_review=_is_first_contribution(acting_user)
            and not selectors.is_moderator(acting_user),
        )
        _event(thread, ThreadEvent.Action.ASKED, acting_user)
        Follow.objects.create(thread=thread, user=acting_user)
        thread_reindex(thread=thread)
        notifications.new_thread(thread, opening)
    return thread


def answer_create(*, thread, acting_user, body, documents=()):
    """An answer to a question, or a reply in a discussion, citing documents the author can
    see."""
    _check_may_post(acting_user)
    body = _clean_body(body)
    documents = _check_documents(documents, acting_user)
    if not selectors.visible_to(acting_user).filter(pk=thread.pk).exists():
        raise PermissionDenied
    _check_rate(acting_user)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.is_locked and not selectors.is_moderator(acting_user):
            raise ValidationError(
                _("This thread is locked: it takes no more answers."), code="locked"
            )
        post = Post.objects.create(
            thread=thread,
            author=acting_user,
            body=body,
            body_html=markdown_to_html(body),
            awaiting_review=_is_first_contribution(acting_user)
            and not selectors.is_moderator(acting_user),
        )
        post.documents.set(documents)
        thread.answer_count = _count_answers(thread)
        thread.last_activity_at = post.created_at
        thread.save(update_fields=["answer_count", "last_activity_at"])
        _event(thread, ThreadEvent.Action.ANSWERED, acting_user, post=post)
        thread_reindex(thread=thread)
        notifications.new_answer(thread, post)
        Follow.objects.get_or_create(thread=thread, user=acting_user)
    return post


def post_edit(*, post, acting_user, body, title=None, reason="", documents=None):
    """The author edits their post, or a moderator edits anyone's with a reason shown on it;
    the previous text (and title) is kept as a revision."""
    body = _clean_body(body)
    moderating = selectors.is_moderator(acting_user) and post.author_id != acting_user.pk
    if moderating:
        reason = _clean_reason(reason, _("Say why you change someone else's text."))
    else:
        reason = clean_text(reason or "")[:REASON_MAX]
    if documents is not None:
        documents = _check_documents(documents, acting_user)
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
        if not selectors.can_edit(acting_user, post):
            raise PermissionDenied
        thread = post.thread
        new_title = _clean_title(title) if (post.is_opening and title is not None) else None
        if post.body == body and (new_title is None or new_title == thread.title):
            if documents is not None:
                post.documents.set(documents)
            return post
        Revision.objects.create(
            post=post,
            title=thread.title if post.is_opening else "",
            body=post.body,
            edited_by=acting_user,
            reason=reason,
        )
        post.body = body
        post.body_html = markdown_to_html(body)
        post.edited_at = timezone.now()
        if moderating:
            post.moderator_note = reason
        post.save(update_fields=["body", "body_html", "edited_at", "moderator_note"])
        if documents is not None:
            post.documents.set(documents)
        if new_title is not None and new_title != thread.title:
            Thread.objects.filter(pk=thread.pk).update(title=new_title)
        _event(thread, ThreadEvent.Action.EDITED, acting_user, post=post, note=reason)
        thread_reindex(thread=thread)
    return post


def post_hide(*, post, acting_user, reason):
    """Deleting is hiding with a reason: the author hides their own post, a moderator
    anyone's. Hiding the accepted answer takes the acceptance back. Hiding the opening post
    hides the whole thread (a moderator's act)."""
    reason = _clean_reason(reason, _("Say why the post is hidden."))
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
        moderator = selectors.is_moderator(acting_user)
        if not (moderator or post.author_id == acting_user.pk):
            raise PermissionDenied
        if post.is_hidden:
            raise ValidationError(_("This post is already hidden."), code="hidden")
        if post.is_opening and not moderator:
            raise ValidationError(
                _(
                    "The opening text cannot be hidden on its own: ask a moderator to hide the "
                    "thread."
                ),
                code="opening",
            )
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        now = timezone.now()
        post.hidden_at, post.hidden_by, post.hidden_reason = now, acting_user, reason
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _event(thread, ThreadEvent.Action.HIDDEN, acting_user, post=post, note=reason)
        if thread.accepted_answer_id == post.pk:
            _unaccept(thread, acting_user, note=reason)
        # Every flag the table lets be upheld (the open ones), in one update.
        Flag.objects.filter(post=post, status__in=_states_to(Flag, Flag.Status.UPHELD)).update(
            status=Flag.Status.UPHELD, resolved_at=now, resolved_by=acting_user
        )
        Post.objects.filter(pk=post.pk).update(awaiting_review=False)
        if post.is_opening:
            thread.hidden_at, thread.hidden_reason = now, reason
        thread.answer_count = _count_answers(thread)
        thread.save(update_fields=["hidden_at", "hidden_reason", "answer_count"])
        thread_reindex(thread=thread)
    return post


def post_restore(*, post, acting_user, reason=""):
    """A moderator shows a hidden post again (and its thread, for the opening post)."""
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if not post.is_hidden:
            raise ValidationError(_("This post is not hidden."), code="not_hidden")
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if post.is_opening:
            thread.hidden_at, thread.hidden_reason = None, ""
        thread.answer_count = _count_answers(thread)
        thread.save(update_fields=["hidden_at", "hidden_reason", "answer_count"])
        _event(thread, ThreadEvent.Action.RESTORED, acting_user, post=post, note=clean_text(reason))
        thread_reindex(thread=thread)
    return post


def thread_lock(*, thread, acting_user, reason):
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    reason = _clean_reason(reason, _("Say why the thread is locked."))
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.is_locked:
            raise ValidationError(_("This thread is already locked."), code="locked")
        thread.locked_at, thread.locked_reason = timezone.now(), reason
        thread.save(update_fields=["locked_at", "locked_reason"])
        _event(thread, ThreadEvent.Action.LOCKED, acting_user, note=reason)
    return thread


def thread_unlock(*, thread, acting_user):
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if not thread.is_locked:
            raise ValidationError(_("This thread is not locked."), code="not_locked")
        thread.locked_at, thread.locked_reason = None, ""
        thread.save(update_fields=["locked_at", "locked_reason"])
        _event(thread, ThreadEvent.Action.UNLOCKED, acting_user)
    return thread


def thread_move(*, thread, acting_user, working_group, audience, audience_body, reason):
    """A moderator moves a thread to another space or audience."""
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    reason = _clean_reason(reason, _("Say why the thread moves."))
    audience_body = _check_audience(
        audience=audience,
        audience_body=audience_body,
        working_group=working_group,
        acting_user=acting_user,
    )
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        before = thread.working_group.name if thread.working_group else _("the whole CoP")
        thread.working_group, thread.audience, thread.audience_body = (
            working_group,
            audience,
            audience_body,
        )
        thread.full_clean(exclude=["accepted_answer"])
        thread.save(update_fields=["working_group", "audience", "audience_body"])
        after = working_group.name if working_group else _("the whole CoP")
        _event(
            thread,
            ThreadEvent.Action.MOVED,
            acting_user,
            note=f"{before} → {after} ({thread.get_audience_display()}): {reason}",
        )
    return thread


# --- Accepted answers and helpful marks ---------------------------------------------------


def _unaccept(thread, acting_user, note=""):
    post = thread.accepted_answer
    thread.accepted_answer, thread.accepted_at, thread.accepted_by = None, None, None
    thread.status = Thread.Status.OPEN
    thread.save(update_fields=["accepted_answer", "accepted_at", "accepted_by", "status"])
    _event(thread, ThreadEvent.Action.UNACCEPTED, acting_user, post=post, note=note)


def answer_accept(*, post, acting_user):
    """The asker, the working group's lead or a moderator accepts one answer. The thread's
    row is locked: of two people accepting different answers at once, the second finds an
    answer accepted and is refused, so the thread ends with one."""
    with transaction.atomic():
        thread = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("working_group__body")
            .get(pk=post.thread_id)
        )
        post = Post.objects.get(pk=post.pk)
        if not selectors.can_accept(acting_user, thread):
            raise PermissionDenied
        if post.is_opening or post.is_hidden:
            raise ValidationError(_("Only a shown answer can be accepted."), code="not_answer")
        if thread.accepted_answer_id == post.pk:
            raise ValidationError(_("This answer is already accepted."), code="accepted")
        if thread.accepted_answer_id is not None or not thread.can_transition(
            Thread.Status.ANSWERED
        ):
            raise ValidationError(
                _("Another answer is accepted: take that acceptance back first."),
                code="other_accepted",
            )
        thread.accepted_answer, thread.accepted_at, thread.accepted_by = (
            post,
            timezone.now(),
            acting_user,
        )
        thread.status = Thread.Status.ANSWERED
        thread.last_activity_at = thread.accepted_at
        thread.save(
            update_fields=[
                "accepted_answer",
                "accepted_at",
                "accepted_by",
                "status",
                "last_activity_at",
            ]
        )
        _event(thread, ThreadEvent.Action.ACCEPTED, acting_user, post=post)
        notifications.answer_accepted(thread, post, acting_user=acting_user)
    return thread


def answer_unaccept(*, thread, acting_user):
    with transaction.atomic():
        thread = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("working_group__body")
            .get(pk=thread.pk)
        )
        if not selectors.can_accept(acting_user, thread):
            raise PermissionDenied
        if thread.accepted_answer_id is None or not thread.can_transition(Thread.Status.OPEN):
            raise ValidationError(_("No answer is accepted."), code="none_accepted")
        _unaccept(thread, acting_user)
    return thread


def helpful_toggle(*, post, acting_user):
    """Mark an answer helpful, or take the mark back: one mark per person, never on one's own
    post. Returns whether the post is now marked."""
    _check_may_post(acting_user)
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
        if not selectors.visible_to(acting_user).filter(pk=post.thread_id).exists():
            raise PermissionDenied
        if post.is_hidden or post.is_opening:
            raise ValidationError(_("Only a shown answer can be marked helpful."), code="hidden")
        if post.author_id == acting_user.pk:
            raise ValidationError(_("You cannot mark your own post helpful."), code="own")
        deleted, _rows = HelpfulMark.objects.filter(post=post, user=acting_user).delete()
        if deleted:
            _event(post.thread, ThreadEvent.Action.UNHELPFUL, acting_user, post=post)
            return False
        HelpfulMark.objects.create(post=post, user=acting_user)
        _event(post.thread, ThreadEvent.Action.HELPFUL, acting_user, post=post)
    return True


# --- Flags and review ---------------------------------------------------------------------


def flag_create(*, post, acting_user, reason):
    """A member flags a post for the moderators, with a reason; once per person while the
    flag is open."""
    _check_may_post(acting_user)
    reason = _clean_reason(reason, _("Say what is wrong with the post."))
    if ratelimit.over_limit(
        f"discussions:flag:{acting_user.pk}", limit=FLAG_LIMIT, window=FLAG_WINDOW
    ):
        raise ValidationError(_("You have flagged many posts: wait a little."), code="rate_limited")
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
        if not selectors.visible_to(acting_user).filter(pk=post.thread_id).exists():
            raise PermissionDenied
        if post.is_hidden:
            raise ValidationError(_("This post is already hidden."), code="hidden")
        if post.author_id == acting_user.pk:
            raise ValidationError(_("You cannot flag your own post."), code="own")
        if Flag.objects.filter(post=post, flagged_by=acting_user, status=Flag.Status.OPEN).exists():
            raise ValidationError(
                _("You have already flagged this post: a moderator will read it."), code="twice"
            )
        flag = Flag.objects.create(post=post, flagged_by=acting_user, reason=reason)
        _event(post.thread, ThreadEvent.Action.FLAGGED, acting_user, post=post, note=reason)
    return flag


def flag_dismiss(*, flag, acting_user, note=""):
    """A moderator keeps the post: the flag is closed."""
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        flag = (
            Flag.objects.select_for_update(of=("self",))
            .select_related("post__thread")
            .get(pk=flag.pk)
        )
        if not flag.can_transition(Flag.Status.DISMISSED):
            raise ValidationError(_("This flag was already dealt with."), code="resolved")
        flag.status = Flag.Status.DISMISSED
        flag.resolved_at, flag.resolved_by = timezone.now(), acting_user
        flag.save(update_fields=["status", "resolved_at", "resolved_by"])
        _event(
            flag.post.thread,
            ThreadEvent.Action.FLAG_DISMISSED,
            acting_user,
            post=flag.post,
            note=clean_text(note),
        )
    return flag


def post_review(*, post, acting_user):
    """A moderator has read a new member's first post and keeps it."""
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
        if not post.awaiting_review:
            raise ValidationError(_("This post was already read."), code="reviewed")
        post.awaiting_review = False
        post.save(update_fields=["awaiting_review"])
        _event(post.thread, ThreadEvent.Action.REVIEWED, acting_user, post=post)
    return post


# --- The question of the month ------------------------------------------------------------


def thread_pin(*, thread, acting_user):
    """A coordinator poses a members' thread as the question of the month: the one pinned
    before is unpinned (one at a time)."""
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        pinned = list(Thread.objects.select_for_update().filter(pinned_at__isnull=False))
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.audience != Thread.Audience.MEMBERS or thread.is_hidden:
            raise ValidationError(
                _("Only a shown thread for all members can be the question of the month."),
                code="audience",
            )
        if thread.pinned_at is not None:
            raise ValidationError(_("This is already the question of the month."), code="pinned")
        for other in pinned:
            other.pinned_at = None
            other.save(update_fields=["pinned_at"])
            _event(other, ThreadEvent.Action.UNPINNED, acting_user)
        thread.pinned_at = timezone.now()
        thread.save(update_fields=["pinned_at"])
        _event(thread, ThreadEvent.Action.PINNED, acting_user)
    return thread


def thread_unpin(*, thread, acting_user):
    if not selectors.is_moderator(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.pinned_at is None:
            raise ValidationError(_("This is not the question of the month."), code="not_pinned")
        thread.pinned_at = None
        thread.save(update_fields=["pinned_at"])
        _event(thread, ThreadEvent.Action.UNPINNED, acting_user)
    return thread


# --- Following and e-mail preferences -----------------------------------------------------


def thread_follow(*, thread, acting_user, follow=True):
    """Follow a thread one may read (be told of its answers), or stop following it."""
    if not selectors.visible_to(acting_user).filter(pk=thread.pk).exists():
        raise PermissionDenied
    if follow:
        Follow.objects.get_or_create(thread=thread, user=acting_user)
    else:
        Follow.objects.filter(thread=thread, user=acting_user).delete()
    return follow


def preferences_save(*, acting_user, frequencies):
    """``frequencies`` maps each ``NotificationPreference.Kind`` to a ``Frequency``."""
    if not acting_user.is_authenticated:
        raise PermissionDenied
    kinds, choices = set(NotificationPreference.Kind.values), NotificationPreference.Frequency
    with transaction.atomic():
        for kind, frequency in frequencies.items():
            if kind not in kinds or frequency not in choices.values:
                raise ValidationError(_("Choose one of the options."), code="choice")
            NotificationPreference.objects.update_or_create(
                user=acting_user, kind=kind, defaults={"frequency": frequency}
            )
