"""Reads about threads. ``visible_to`` is the one place that decides which threads a person
may see: the list, a thread's page, search, the moderation queue and every e-mail start from
it, and what it leaves out answers 404.

Levels follow the rest of the portal: a members' thread is read by members who accepted the
code of conduct; a working group's or committee's thread by the current seat holders of that
body; the content coordinators and the administration team read everything, hidden threads
included (nobody else sees a hidden thread)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from committees import selectors as committee_selectors
from committees.models import Body
from members import selectors as member_selectors
from repository import selectors as repository_selectors
from twg import selectors as twg_selectors
from twg.models import WorkingGroup

from .models import Flag, HelpfulMark, Post, Thread

PAGE_SIZE = 20
QUEUE_SIZE = 50


def is_moderator(user):
    """Content coordinators and the administration team (and superusers) moderate."""
    return committee_selectors.is_staff_role(user)


def visible_to(user):
    """The threads ``user`` may read (see the module's docstring)."""
    if is_moderator(user):
        return Thread.objects.all()
    if not user.is_authenticated:
        return Thread.objects.none()
    visible = Q(
        audience__in=Thread.BODY_AUDIENCES,
        audience_body_id__in=committee_selectors.body_ids_of(user),
    )
    if member_selectors.can_use_member_features(user):
        visible |= Q(audience=Thread.Audience.MEMBERS)
    return Thread.objects.filter(visible, hidden_at__isnull=True)


def can_read_any(user):
    """Whether the discussions' pages are open to the user at all: members, seat holders
    and moderators (everyone else gets a 404, or the code-of-conduct page)."""
    return (
        is_moderator(user)
        or member_selectors.can_use_member_features(user)
        or bool(committee_selectors.body_ids_of(user))
    )


# --- Who may write ------------------------------------------------------------------------


def posting_refusal(user):
    """Why ``user`` may not post now, as a sentence, or None when they may. Moderators always
    may; a member must have access today (their organisation not suspended, their own access
    not ended) and have accepted the current code of conduct."""
    from django.utils.translation import gettext as _

    if is_moderator(user):
        return None
    if not user.is_authenticated:
        return _("Sign in as a member to take part.")
    if not member_selectors.has_member_access(user):
        person = member_selectors.person_for(user)
        if person is not None:
            return _(
                "Your membership is suspended or has ended: you can no longer post in the "
                "discussions."
            )
        return _("Only members of the CoP post in the discussions.")
    if not member_selectors.has_accepted_current_code(user):
        return _("Accept the current code of conduct before you post.")
    return None


def can_post(user):
    return posting_refusal(user) is None


def spaces_for(user):
    """The working groups a user may open a thread in: every open group for members (the
    thread's audience decides who reads it), all of them for moderators."""
    groups = WorkingGroup.objects.select_related("body").order_by("order", "body__name")
    if is_moderator(user):
        return groups
    return groups.exclude(status=WorkingGroup.Status.TERMINATED)


def audience_bodies_for(user):
    """Bodies a user may restrict a thread to: those they sit on (moderators: all)."""
    if is_moderator(user):
        return Body.objects.all()
    return Body.objects.filter(pk__in=committee_selectors.body_ids_of(user))


def can_accept(user, thread):
    """The asker, the lead of the thread's working group, or a moderator."""
    if not user.is_authenticated or thread.kind != Thread.Kind.QUESTION:
        return False
    if is_moderator(user):
        return True
    if not can_post(user) and not committee_selectors.body_ids_of(user):
        return False
    if thread.asked_by_id == user.pk:
        return True
    return thread.working_group is not None and twg_selectors.is_lead(user, thread.working_group)


def can_edit(user, post):
    """The author (while they may post), or a moderator (with a reason shown on the post)."""
    if is_moderator(user):
        return True
    return post.author_id == user.pk and can_post(user) and not post.is_hidden


def can_answer(user, thread):
    return can_post(user) and (not thread.is_locked or is_moderator(user))


# --- Pages --------------------------------------------------------------------------------


def thread_for_page(*, pk, user):
    """One thread the user may see, with its space and facets (Thread.DoesNotExist)."""
    return (
        visible_to(user)
        .select_related("asked_by", "organisation", "working_group__body", "audience_body")
        .prefetch_related(
            Prefetch("topics", queryset=WorkingGroup.objects.select_related("body")),
            "pillars",
            "counties",
            "tags",
        )
        .get(pk=pk)
    )


def posts_for_page(thread, user):
    """The thread's posts as its page shows them: the opening text first, then the accepted
    answer, then the others oldest first, each with its helpful count, whether the user
    marked it, and its cited documents the user may see (four queries whatever the number
    of posts). Hidden posts are left out except for moderators."""
    posts = thread.posts.select_related("author", "hidden_by").annotate(
        helpful_count=Count("helpful_marks", distinct=True)
    )
    if user.is_authenticated:
        posts = posts.annotate(
            marked=Exists(HelpfulMark.objects.filter(post=OuterRef("pk"), user=user))
        )
    if not is_moderator(user):
        posts = posts.filter(hidden_at__isnull=True)
    documents = repository_selectors.documents_visible_to(user).only("slug", "title", "type")
    posts = list(posts.prefetch_related(Prefetch("documents", queryset=documents)))
    accepted = thread.accepted_answer_id

    def order(post):
        return (not post.is_opening, post.pk != accepted, post.created_at, post.pk)

    return sorted(posts, key=order)


def post_visible_to(*, pk, user):
    """A post whose thread the user may see (a hidden post: moderators only)."""
    posts = Post.objects.select_related("thread").filter(thread__in=visible_to(user))
    if not is_moderator(user):
        posts = posts.filter(hidden_at__isnull=True)
    return posts.get(pk=pk)


def flag_of(user, post):
    if not user.is_authenticated:
        return None
    return Flag.objects.filter(post=post, flagged_by=user, status=Flag.Status.OPEN).first()


# --- Moderation ---------------------------------------------------------------------------


def open_flags():
    """Open flags, oldest first, with the post, its thread and who flagged it."""
    return (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("post__thread", "post__author", "flagged_by")
        .order_by("created_at", "pk")[:QUEUE_SIZE]
    )


def first_posts_to_review():
    """New members' first posts that no moderator has read yet, oldest first."""
    return (
        Post.objects.filter(awaiting_review=True)
        .select_related("thread", "author")
        .order_by("created_at", "pk")[:QUEUE_SIZE]
    )


# --- The list and search ------------------------------------------------------------------


def threads_for_list(user, *, filters):
    """The threads the user may see, narrowed by the list's filters and search, sorted by
    latest activity or (with a search) by relevance. ``filters`` is ``FilterForm.filters()``.
    Returns ``(queryset, searching)``."""
    from . import search

    threads = visible_to(user).for_listing()
    if filters.get("twg"):
        threads = threads.filter(working_group__body__slug=filters["twg"])
    if filters.get("topic"):
        threads = threads.filter(topics__body__slug=filters["topic"])
    if filters.get("pillar"):
        threads = threads.filter(pillars__slug=filters["pillar"])
    if filters.get("county"):
        threads = threads.filter(counties__slug=filters["county"])
    if filters.get("state") == "answered":
        threads = threads.filter(status=Thread.Status.ANSWERED)
    elif filters.get("state") == "unanswered":
        threads = threads.filter(status=Thread.Status.OPEN)
    if filters.get("mine") and user.is_authenticated:
        threads = threads.filter(Q(asked_by=user) | Q(posts__author=user)).distinct()
    query = (filters.get("q") or "").strip()
    if query:
        threads = search.matching(threads, query)
        if filters.get("sort") != "activity":
            return threads.order_by("-rank", "-last_activity_at", "-pk"), True
    return threads.order_by("-last_activity_at", "-pk"), bool(query)


def similar_threads(user, title, *, limit=5):
    """Earlier threads the user may see whose title or text match the words of ``title``
    (for the ask form's suggestions), best first."""
    from . import search

    if not title.strip():
        return []
    return list(
        search.matching(visible_to(user), title)
        .only("pk", "title", "status", "answer_count", "last_activity_at")
        .order_by("-rank", "-last_activity_at", "-pk")[:limit]
    )


DISCUSSED_IN_LIMIT = 10


def threads_citing(document, user, *, limit=DISCUSSED_IN_LIMIT):
    """The threads the user may see where a shown post cites ``document``, latest first
    (one query)."""
    return list(
        visible_to(user)
        .filter(
            Exists(
                Post.objects.filter(
                    thread=OuterRef("pk"), documents=document, hidden_at__isnull=True
                )
            )
        )
        .only("pk", "title", "status", "answer_count")
        .order_by("-last_activity_at", "-pk")[:limit]
    )


def question_of_the_month(user):
    """The thread a coordinator pinned, for a member who may read it (members' threads
    only), with its asker; None otherwise. For the home page's
    ``discussions/_question_of_the_month.html`` (context name ``question``)."""
    return (
        visible_to(user)
        .filter(pinned_at__isnull=False, audience=Thread.Audience.MEMBERS, hidden_at__isnull=True)
        .select_related("asked_by")
        .first()
    )


def is_following(user, thread):
    from .models import Follow

    return user.is_authenticated and Follow.objects.filter(thread=thread, user=user).exists()


def preferences_of(user):
    """Each kind's frequency for the user (at once, where they chose nothing)."""
    from .models import NotificationPreference

    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {
        kind: chosen.get(kind, NotificationPreference.Frequency.IMMEDIATELY)
        for kind in NotificationPreference.Kind.values
    }
