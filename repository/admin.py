from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import reason_action, service_action

from . import services
from .models import Document, DocumentEvent, DocumentVersion, FeedToken, MeetingDocument, Tag


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    can_delete = False


class MeetingInline(admin.TabularInline):
    """The meeting whose record this document holds (kept by the meeting, not edited here)."""

    model = MeetingDocument
    extra = 0
    fields = ["meeting", "part"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _approve_public(request, document):
    services.document_decide_public(document=document, acting_user=request.user, approve=True)


def _refuse_public(request, document, data):
    services.document_decide_public(
        document=document, acting_user=request.user, approve=False, note=data["reason"]
    )


def _withdraw(request, document, data):
    services.document_withdraw(document=document, acting_user=request.user, reason=data["reason"])


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Who may see a document, whether it is public and whether it is withdrawn change only
    through the services: the uploader's form, the coordinators' approvals, the actions
    here. Those fields are read-only."""

    list_display = ["title", "type", "visibility", "public_status", "created_at", "withdrawn_at"]
    list_filter = ["type", "visibility", "public_status", "index_status", "language"]
    search_fields = ["title", "summary"]
    list_select_related = ["uploaded_by"]
    raw_id_fields = ["uploaded_by", "organisation", "body"]
    filter_horizontal = ["topics", "pillars", "counties", "publishers", "tags"]
    readonly_fields = [
        "visibility",
        "public_status",
        "public_note",
        "withdrawn_at",
        "withdrawn_reason",
        "download_count",
        "index_status",
        "index_error",
        "created_at",
    ]
    exclude = ["text"]
    inlines = [MeetingInline, VersionInline, EventInline]
    actions = [
        service_action(
            "document_approve_public",
            description=_("Make the selected documents public (approve the request)"),
            apply=_approve_public,
            done=_("%(count)d document(s) made public."),
        ),
        reason_action(
            "document_refuse_public",
            description=_("Refuse to make the selected documents public"),
            apply=_refuse_public,
            title=_("Refuse to make documents public"),
            question=_(
                "Say why the documents are not made public. It is recorded in each "
                "document's history and shown to its uploader."
            ),
            submit=_("Refuse"),
            done=_("%(count)d document(s) not made public."),
        ),
        reason_action(
            "document_withdraw",
            description=_("Withdraw the selected documents"),
            apply=_withdraw,
            title=_("Withdraw documents"),
            question=_(
                "Say why the documents are withdrawn. It is recorded in each document's "
                "history; a withdrawn document is seen by coordinators only."
            ),
            submit=_("Withdraw"),
            done=_("%(count)d document(s) withdrawn."),
        ),
    ]

    def save_related(self, request, form, formsets, change):
        """Tags are saved after the row: the stored search vector is refreshed once both are."""
        super().save_related(request, form, formsets, change)
        services.document_reindex(document=form.instance)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Who has private document feed addresses. The key is a secret and is never shown;
    deleting the row turns the addresses off (the member can make new ones)."""

    list_display = ["user", "created_at"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
