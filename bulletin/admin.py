from django.contrib import admin

from .models import Delivery, Edition, EditionItem, Section, Submission, SubmissionEvent, Subscriber


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "submitted_by", "organisation", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "description", "summary"]
    list_select_related = ["submitted_by", "organisation"]
    raw_id_fields = ["submitted_by", "organisation", "document"]
    readonly_fields = ["file_name", "file_extension", "file_content_type", "created_at"]
    inlines = [SubmissionEventInline]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["title", "position"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "quarter", "status", "publish_at", "published_at"]
    list_filter = ["status", "year"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["published_at", "created_at"]
    inlines = [SectionInline]


@admin.register(EditionItem)
class EditionItemAdmin(admin.ModelAdmin):
    list_display = ["submission", "section", "position"]
    list_select_related = ["submission", "section__edition"]
    raw_id_fields = ["section", "submission"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source", "user", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "source"]
    search_fields = ["email"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscriber", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "subscriber"]
    search_fields = ["subscriber__email", "message_id"]
    raw_id_fields = ["subscriber"]
    readonly_fields = ["created_at"]
