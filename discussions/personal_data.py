"""Discussions' part of a person's export and erasure (see ``core.personal_data``).

Questions and answers are the CoP's shared knowledge: a closed account's threads, posts,
earlier versions, helpful marks and flags stay, asked or written by "Former member" (the
account row is anonymised), so that threads keep their answers, accepted answers and counts.
The person's name, e-mail and phone are taken out of every text where anyone wrote them
(the searched text and its vector are rebuilt from the scrubbed posts). What only served
the person goes: the threads they followed and their notification preferences, so that no
mail is ever prepared for a closed account."""

from django.db.models import Q

from core.personal_data import Contribution, record, register, scrub_column

from .models import (
    Flag,
    Follow,
    HelpfulMark,
    NotificationPreference,
    Post,
    Revision,
    Thread,
    ThreadEvent,
)


def export(user):
    yield (
        "discussions-threads-asked",
        (
            record(t, "title", "kind", "audience", "status", "working_group", "created_at")
            | {"url": t.get_absolute_url()}
            for t in Thread.objects.filter(asked_by=user)
            .select_related("working_group__body")
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "discussions-posts",
        (
            record(p, "thread", "is_opening", "body", "created_at", "edited_at", "hidden_at")
            | record(p, "hidden_reason", "moderator_note")
            | {"accepted": p.thread.accepted_answer_id == p.pk}
            for p in Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "discussions-revisions",
        (
            record(r, "post", "title", "body", "reason", "created_at")
            for r in Revision.objects.filter(edited_by=user)
            .select_related("post__thread")
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "discussions-helpful-marks",
        (
            record(m, "post", "created_at")
            for m in HelpfulMark.objects.filter(user=user)
            .select_related("post__thread")
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "discussions-flags",
        (
            record(f, "post", "reason", "status", "created_at", "resolved_at")
            | {"raised_by_me": f.flagged_by_id == user.pk}
            for f in Flag.objects.filter(Q(flagged_by=user) | Q(resolved_by=user))
            .select_related("post__thread")
            .order_by("pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "discussions-actions",
        (
            record(e, "thread", "action", "note", "at")
            for e in ThreadEvent.objects.filter(actor=user)
            .select_related("thread")
            .order_by("pk")
            .iterator(chunk_size=500)
        ),
    )
    yield (
        "discussions-following",
        (
            record(f, "thread", "created_at")
            for f in Follow.objects.filter(user=user).select_related("thread").order_by("pk")
        ),
    )
    yield (
        "discussions-notification-preferences",
        (
            record(p, "kind", "frequency")
            for p in NotificationPreference.objects.filter(user=user).order_by("kind")
        ),
    )


def _mentions(name, erasure):
    mentions = Q()
    for value in (erasure.full_name, erasure.email, erasure.phone):
        if value:
            mentions |= Q(**{f"{name}__icontains": value})
    return mentions


def erase(user, erasure):
    from .services import thread_reindex

    Follow.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    # The threads whose searched text names the person are indexed again once their posts
    # are scrubbed: on PostgreSQL the stored vector then forgets the name as well.
    mentions = _mentions("search_text", erasure) | _mentions("title", erasure)
    to_reindex = (
        list(Thread.objects.filter(mentions).values_list("pk", flat=True)) if mentions else []
    )
    for model, name in [
        (Thread, "title"),
        (Thread, "locked_reason"),
        (Thread, "hidden_reason"),
        (Post, "body"),
        (Post, "body_html"),
        (Post, "moderator_note"),
        (Post, "hidden_reason"),
        (Revision, "title"),
        (Revision, "body"),
        (Revision, "reason"),
        (Flag, "reason"),
        (ThreadEvent, "note"),
    ]:
        scrub_column(model, name, erasure)
    for thread in Thread.objects.filter(pk__in=to_reindex).only("pk"):
        thread_reindex(thread=thread)
    # What no shown post gives back (a hidden post's words) is scrubbed in place too.
    scrub_column(Thread, "search_text", erasure)


register(
    Contribution(
        app_label="discussions",
        models=(
            "discussions.Thread",
            "discussions.Post",
            "discussions.Revision",
            "discussions.HelpfulMark",
            "discussions.Flag",
            "discussions.ThreadEvent",
            "discussions.Follow",
            "discussions.NotificationPreference",
        ),
        export=export,
        erase=erase,
    )
)
