"""The bulletin in the admin. Statuses change only through the services, as on the
coordinators' pages: a submission is accepted, declined or sent back by its actions, an
edition published by its action, a subscriber unsubscribed by its action, a failed delivery
sent again by its action; none is an editable field."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReasonForm, reason_action, service_action

from . import sending, services
from .models import Delivery, Edition, EditionItem, Section, Submission, SubmissionEvent, Subscriber
from .subscriptions import services as subscription_services


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    can_delete = False


class SummaryForm(ReasonForm):
    reason = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("The core message in a few sentences, as the bulletin prints it."),
        error_messages={"required": _("Write the summary. Nothing was changed.")},
    )


class NoteForm(ReasonForm):
    reason = forms.CharField(
        label=_("Note to the submitter"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("E-mailed to the submitter and shown on the item's page."),
        error_messages={"required": _("Write the note. Nothing was changed.")},
    )


def _accept(request, submission, data):
    services.submission_accept(
        submission=submission, acting_user=request.user, summary=data["reason"]
    )


def _decline(request, submission, data):
    services.submission_decline(
        submission=submission, acting_user=request.user, note=data["reason"]
    )


def _request_changes(request, submission, data):
    services.submission_request_changes(
        submission=submission, acting_user=request.user, note=data["reason"]
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Submissions are decided here as on the moderation pages (accept with a summary,
    decline or ask for changes with a note, through the same services) and published
    with their edition."""

    list_display = ["title", "kind", "status", "submitted_by", "organisation", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "description", "summary"]
    list_select_related = ["submitted_by", "organisation"]
    raw_id_fields = ["submitted_by", "organisation", "document"]
    readonly_fields = ["status", "file_name", "file_extension", "file_content_type", "created_at"]
    inlines = [SubmissionEventInline]
    actions = [
        reason_action(
            "submission_accept",
            description=_("Accept the selected items with a summary"),
            apply=_accept,
            title=_("Accept items"),
            question=_(
                "Write the summary the bulletin prints. With several items selected, each "
                "gets the same summary: accept them one by one to write each its own."
            ),
            submit=_("Accept"),
            done=_("%(count)d item(s) accepted."),
            form_class=SummaryForm,
        ),
        reason_action(
            "submission_decline",
            description=_("Decline the selected items"),
            apply=_decline,
            title=_("Decline items"),
            question=_("Tell the submitters why their items are declined."),
            submit=_("Decline"),
            done=_("%(count)d item(s) declined."),
            form_class=NoteForm,
        ),
        reason_action(
            "submission_request_changes",
            description=_("Ask for changes to the selected items"),
            apply=_request_changes,
            title=_("Ask for changes"),
            question=_("Tell the submitters what to change."),
            submit=_("Ask for changes"),
            done=_("%(count)d item(s) sent back for changes."),
            form_class=NoteForm,
        ),
    ]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["title", "position"]


def _publish(request, edition):
    services.edition_publish(edition=edition, acting_user=request.user)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "quarter", "status", "publish_at", "published_at"]
    list_filter = ["status", "year"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [SectionInline]
    actions = [
        service_action(
            "edition_publish",
            description=_("Publish the selected editions now and send them"),
            apply=_publish,
            done=_("%(count)d edition(s) published: sending has started."),
        ),
    ]


@admin.register(EditionItem)
class EditionItemAdmin(admin.ModelAdmin):
    list_display = ["submission", "section", "position"]
    list_select_related = ["submission", "section__edition"]
    raw_id_fields = ["section", "submission"]


def _unsubscribe(request, subscriber):
    subscription_services.subscriber_unsubscribe_by_staff(
        subscriber=subscriber, acting_user=request.user
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """An address added here waits for its confirmation like any other: only the signed
    link makes it receive editions (double opt-in)."""

    list_display = ["email", "status", "source", "user", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "source"]
    search_fields = ["email"]
    raw_id_fields = ["user"]
    readonly_fields = ["status", "confirmed_at", "unsubscribed_at", "confirmation_sent_at"]
    actions = [
        service_action(
            "subscriber_unsubscribe",
            description=_("Unsubscribe the selected addresses"),
            apply=_unsubscribe,
            done=_("%(count)d address(es) unsubscribed."),
        ),
    ]


def _retry(request, delivery):
    sending.delivery_retry(delivery=delivery, acting_user=request.user)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Rows are made when an edition is queued and changed by the sending workers; the
    admin shows them and sends a failed one again."""

    list_display = ["edition", "subscriber", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "subscriber"]
    search_fields = ["subscriber__email", "message_id"]
    raw_id_fields = ["subscriber"]
    fields = [
        "edition",
        "subscriber",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "message_id",
        "claimed_at",
        "created_at",
    ]
    readonly_fields = fields
    actions = [
        service_action(
            "delivery_retry",
            description=_("Send the selected failed deliveries again"),
            apply=_retry,
            done=_("%(count)d delivery(ies) will be sent again."),
        ),
    ]

    def has_add_permission(self, request):
        return False
