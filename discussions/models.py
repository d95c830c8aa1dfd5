"""Ask the CoP: members' questions and discussions, in the whole CoP or in a working group's
space, their answers and replies, the accepted answer, "helpful" marks, revisions, flags and
the audit trail of every change.

A thread's opening text is its first post (``Post.is_opening``), as in Discourse: editing,
hiding, flagging and revisions work the same way for it and for every answer. Who may see a
thread is decided in ``selectors.visible_to``; writes go through ``services``."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Body
from core.transitions import Transitions
from members.models import County, Organisation, Pillar
from repository.models import Document, Tag
from twg.models import WorkingGroup

TITLE_MAX = 200
BODY_MAX = 20_000  # characters of Markdown in one post
REASON_MAX = 1_000


class ThreadQuerySet(models.QuerySet):
    def for_listing(self):
        """What a row of the list shows: the asker, the space and the topics."""
        return self.select_related("asked_by", "working_group__body").prefetch_related(
            models.Prefetch("topics", queryset=WorkingGroup.objects.select_related("body"))
        )


class Thread(Transitions, models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        DISCUSSION = "discussion", _("Discussion")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members of the CoP")
        TWG = "twg", _("One working group's members")
        COMMITTEE = "committee", _("One committee's members")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    BODY_AUDIENCES = (Audience.TWG, Audience.COMMITTEE)

    # An accepted answer makes a question answered; taking the acceptance back reopens it.
    TRANSITIONS = {
        Status.OPEN: (Status.ANSWERED,),
        Status.ANSWERED: (Status.OPEN,),
    }

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("working group space"),
        help_text=_("Empty for a thread of the whole CoP."),
    )
    audience = models.CharField(
        _("who may read it"), max_length=12, choices=Audience.choices, default=Audience.MEMBERS
    )
    audience_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("working group or committee that may read it"),
    )
    topics = models.ManyToManyField(
        WorkingGroup, blank=True, related_name="topic_threads", verbose_name=_("topics")
    )
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="threads", verbose_name=_("pillars")
    )
    counties = models.ManyToManyField(
        County, blank=True, related_name="threads", verbose_name=_("counties")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="threads", verbose_name=_("tags"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_threads",
        verbose_name=_("asked by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_threads",
        verbose_name=_("asker's organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    accepted_answer = models.OneToOneField(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_for",
        verbose_name=_("accepted answer"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_reason = models.TextField(_("why it was locked"), blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)
    # The question of the month: one members' thread a coordinator pins (services.thread_pin).
    pinned_at = models.DateTimeField(_("pinned as question of the month"), null=True, blank=True)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # Kept by services.thread_reindex: the title, the opening text and every shown answer as
    # plain text, which search reads; on PostgreSQL also their vector (GIN index, migration
    # 0002), title A, the rest B. Unused on SQLite.
    search_text = models.TextField(_("searched text"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="discussions_thread_activity"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience__in=["twg", "committee"]) & Q(audience_body__isnull=False))
                | (~Q(audience__in=["twg", "committee"]) & Q(audience_body__isnull=True)),
                name="discussions_thread_body_matches_audience",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="discussions_thread_hiding_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(accepted_answer__isnull=False),
                name="discussions_thread_answered_has_answer",
            ),
            models.UniqueConstraint(
                fields=["pinned_at"],
                condition=Q(pinned_at__isnull=False),
                name="discussions_thread_one_pinned",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", kwargs={"pk": self.pk})

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_answered(self):
        return self.status == self.Status.ANSWERED


class Post(models.Model):
    """The opening text of a thread, or an answer (a reply, in a discussion)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    is_opening = models.BooleanField(_("opening text"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text (Markdown)"))
    # The Markdown rendered and passed through core.sanitise's allowlist when saved (and
    # sanitised again when shown or e-mailed).
    body_html = models.TextField(_("text as shown"), editable=False)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="discussion_posts", verbose_name=_("cited documents")
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Shown on the post when a moderator changed someone else's text.
    moderator_note = models.TextField(_("moderator's note"), blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)
    # The author's first contribution: it waits in the moderation queue until a moderator
    # has read it (it is shown meanwhile).
    awaiting_review = models.BooleanField(_("first post, to be read"), default=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_opening=True),
                name="discussions_post_one_opening",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="discussions_post_hiding_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(awaiting_review=True),
                name="discussions_post_to_review",
            ),
        ]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Revision(models.Model):
    """The text a post had before an edit (and the thread's title, for the opening post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("previous title"), max_length=TITLE_MAX, blank=True)
    body = models.TextField(_("previous text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.post} @ {self.created_at:%Y-%m-%d %H:%M}"


class HelpfulMark(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_helpful_marks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="discussions_helpful_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.post}"


class Flag(Transitions, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Post hidden")
        DISMISSED = "dismissed", _("Post kept")

    TRANSITIONS = {
        Status.OPEN: (Status.UPHELD, Status.DISMISSED),
        Status.UPHELD: (),
        Status.DISMISSED: (),
    }

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_flags",
        verbose_name=_("flagged by"),
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(status="open"),
                name="discussions_flag_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.post}: {self.reason[:40]}"


class ThreadEvent(models.Model):
    """Who did what to a thread or one of its posts, and when: the audit trail."""

    class Action(models.TextChoices):
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Answered")
        EDITED = "edited", _("Edited")
        HIDDEN = "hidden", _("Hidden")
        RESTORED = "restored", _("Restored")
        ACCEPTED = "accepted", _("Answer accepted")
        UNACCEPTED = "unaccepted", _("Acceptance taken back")
        HELPFUL = "helpful", _("Marked helpful")
        UNHELPFUL = "unhelpful", _("Helpful mark taken back")
        FLAGGED = "flagged", _("Flagged")
        FLAG_DISMISSED = "flag-dismissed", _("Flag dismissed")
        REVIEWED = "reviewed", _("First post read")
        PINNED = "pinned", _("Pinned as question of the month")
        UNPINNED = "unpinned", _("No longer question of the month")
        LOCKED = "locked", _("Locked")
        UNLOCKED = "unlocked", _("Unlocked")
        MOVED = "moved", _("Moved")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discussion_events"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("thread event")
        verbose_name_plural = _("thread events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.thread}"


class Follow(models.Model):
    """Who is told of a thread's new answers and of its accepted answer: the asker and everyone
    who answered follow it by themselves; anyone who may read it can follow or stop."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="discussions_follow_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.thread}"


class NotificationPreference(models.Model):
    """How a person wants to hear of one kind of news; no row means at once."""

    class Kind(models.TextChoices):
        NEW_THREAD = "new-thread", _("A new question in my working groups")
        ANSWER = "answer", _("A new answer, or an accepted one, in a thread I follow")

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("By e-mail at once")
        NONE = "none", _("Not by e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_preferences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    frequency = models.CharField(
        _("how"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="discussions_preference_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.frequency}"
