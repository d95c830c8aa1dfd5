"""The discussions in the admin. The state fields (the status, the accepted answer, hiding,
locking, flags' status, the first-post review) change only through the services, as on the
moderators' pages: each is read-only here and each change is an admin action that asks the
reason the service needs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, reason_action, service_action

from . import services
from .models import Flag, Post, Revision, Thread, ThreadEvent


class ThreadEventInline(ReadOnlyInline):
    model = ThreadEvent
    fields = ["at", "action", "actor", "post", "note"]
    readonly_fields = fields
    related = ["actor"]


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ["created_at", "edited_by", "reason", "title", "body"]
    readonly_fields = fields
    related = ["edited_by"]


def _lock(request, thread, data):
    services.thread_lock(thread=thread, acting_user=request.user, reason=data["reason"])


def _unlock(request, thread):
    services.thread_unlock(thread=thread, acting_user=request.user)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Threads are asked, answered, accepted, hidden, locked and moved on the portal's pages
    (or with the actions below); the admin edits their facets only."""

    list_display = [
        "title",
        "kind",
        "status",
        "working_group",
        "audience",
        "asked_by",
        "created_at",
    ]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title"]
    list_select_related = ["asked_by", "working_group__body"]
    raw_id_fields = ["asked_by", "organisation"]
    fields = [
        "title",
        "kind",
        "working_group",
        "audience",
        "audience_body",
        "topics",
        "pillars",
        "counties",
        "tags",
        "asked_by",
        "organisation",
        "status",
        "accepted_answer",
        "accepted_at",
        "accepted_by",
        "locked_at",
        "locked_reason",
        "hidden_at",
        "hidden_reason",
        "answer_count",
        "created_at",
        "last_activity_at",
    ]
    readonly_fields = [
        "title",
        "kind",
        "working_group",
        "audience",
        "audience_body",
        "asked_by",
        "organisation",
        "status",
        "accepted_answer",
        "accepted_at",
        "accepted_by",
        "locked_at",
        "locked_reason",
        "hidden_at",
        "hidden_reason",
        "answer_count",
        "created_at",
        "last_activity_at",
    ]
    filter_horizontal = ["topics", "pillars", "counties", "tags"]
    inlines = [ThreadEventInline]
    actions = [
        reason_action(
            "thread_lock",
            description=_("Lock the selected threads"),
            apply=_lock,
            done=_("%(count)d thread(s) locked."),
            title=_("Lock threads"),
            question=_("A locked thread takes no more answers. Why are these locked?"),
            submit=_("Lock"),
        ),
        service_action(
            "thread_unlock",
            description=_("Unlock the selected threads"),
            apply=_unlock,
            done=_("%(count)d thread(s) unlocked."),
        ),
    ]

    def has_add_permission(self, request):
        # A thread is asked on the portal, with its opening text, by a member.
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.thread_reindex(thread=form.instance)


def _hide(request, post, data):
    services.post_hide(post=post, acting_user=request.user, reason=data["reason"])


def _restore(request, post):
    services.post_restore(post=post, acting_user=request.user)


def _review(request, post):
    services.post_review(post=post, acting_user=request.user)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """A post's text is edited on the portal (the edit keeps a revision and, for a
    moderator, shows the reason on the post); here it is read, hidden or restored."""

    list_display = ["__str__", "author", "is_opening", "created_at", "hidden_at", "awaiting_review"]
    list_filter = ["is_opening", "awaiting_review"]
    search_fields = ["body", "thread__title"]
    list_select_related = ["thread", "author"]
    fields = [
        "thread",
        "is_opening",
        "author",
        "body",
        "documents",
        "created_at",
        "edited_at",
        "moderator_note",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "awaiting_review",
    ]
    readonly_fields = fields
    inlines = [RevisionInline]
    actions = [
        reason_action(
            "post_hide",
            description=_("Hide the selected posts"),
            apply=_hide,
            done=_("%(count)d post(s) hidden."),
            title=_("Hide posts"),
            question=_("Hidden posts stay on record but members no longer see them. Why?"),
            submit=_("Hide"),
        ),
        service_action(
            "post_restore",
            description=_("Show the selected hidden posts again"),
            apply=_restore,
            done=_("%(count)d post(s) shown again."),
        ),
        service_action(
            "post_review",
            description=_("Keep the selected first posts (read)"),
            apply=_review,
            done=_("%(count)d first post(s) kept."),
        ),
    ]

    def has_add_permission(self, request):
        return False


def _dismiss(request, flag):
    services.flag_dismiss(flag=flag, acting_user=request.user)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "flagged_by", "status", "created_at", "resolved_by"]
    list_filter = ["status"]
    list_select_related = ["post__thread", "flagged_by", "resolved_by"]
    fields = ["post", "flagged_by", "reason", "status", "created_at", "resolved_at", "resolved_by"]
    readonly_fields = fields
    actions = [
        service_action(
            "flag_dismiss",
            description=_("Dismiss the selected flags (keep the posts)"),
            apply=_dismiss,
            done=_("%(count)d flag(s) dismissed."),
        ),
    ]

    def has_add_permission(self, request):
        return False
