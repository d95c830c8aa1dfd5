from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    JournalEntry,
    MaturityAssessment,
    MaturityRating,
    ParticipationWeight,
    QuarterlyReport,
    QuarterSignIn,
    Recognition,
    Snapshot,
)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Stored figures are history: read only. Computing a quarter again is an action that
    calls the service (a new version only when a figure changed)."""

    list_display = ["__str__", "is_latest", "computed_at", "computed_by"]
    list_filter = ["year", "quarter", "is_latest"]
    readonly_fields = [
        "year",
        "quarter",
        "version",
        "is_latest",
        "computed_at",
        "computed_by",
        "changed",
        "data",
    ]
    actions = ["compute_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Compute the selected quarters again"))
    def compute_again(self, request, queryset):
        for quarter in {snapshot.period for snapshot in queryset}:
            try:
                snapshot, created = services.snapshot_take(
                    quarter=quarter, acting_user=request.user
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{quarter}: {error}", messages.ERROR)
                continue
            if created:
                text = _("%(quarter)s: version %(version)s stored.")
            else:
                text = _("%(quarter)s: unchanged since version %(version)s.")
            self.message_user(request, text % {"quarter": quarter, "version": snapshot.version})


@admin.register(QuarterSignIn)
class QuarterSignInAdmin(admin.ModelAdmin):
    list_display = ["user", "year", "quarter", "first_at"]
    list_filter = ["year", "quarter"]
    readonly_fields = ["user", "year", "quarter", "first_at"]
    search_fields = ["user__email", "user__full_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Entries are written on the site (they need their links checked); here they are read,
    and made public or internal through the service."""

    list_display = ["title", "kind", "recorded_on", "visibility", "author"]
    list_filter = ["kind", "visibility", "year", "quarter"]
    search_fields = ["title", "text"]
    readonly_fields = [
        "kind",
        "title",
        "text",
        "recorded_on",
        "year",
        "quarter",
        "working_group",
        "pillar",
        "meetings",
        "resolutions",
        "action_items",
        "documents",
        "visibility",
        "author",
        "created_at",
        "updated_at",
    ]
    actions = ["make_public", "make_internal"]

    def has_add_permission(self, request):
        return False

    def _set(self, request, queryset, visibility):
        for entry in queryset:
            try:
                services.journal_entry_set_visibility(
                    entry=entry, acting_user=request.user, visibility=visibility
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request,
                    f"{entry}: {' '.join(error.messages) if hasattr(error, 'messages') else error}",
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("%(entry)s: changed.") % {"entry": entry})

    @admin.action(description=_("Make the selected entries public"))
    def make_public(self, request, queryset):
        self._set(request, queryset, JournalEntry.Visibility.PUBLIC)

    @admin.action(description=_("Make the selected entries internal"))
    def make_internal(self, request, queryset):
        self._set(request, queryset, JournalEntry.Visibility.INTERNAL)


class MaturityRatingInline(admin.TabularInline):
    model = MaturityRating
    fields = ["dimension", "stage", "rationale", "indicators"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(admin.ModelAdmin):
    """Recorded by the Oversight Committee on the site; read only here."""

    list_display = ["__str__", "recorded_by", "recorded_at"]
    readonly_fields = ["year", "quarter", "note", "recorded_by", "recorded_at"]
    inlines = [MaturityRatingInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    """Granted by the Oversight Committee on the site (the service counts the points)."""

    list_display = ["award", "recipient_name", "period_start", "period_end", "granted_by"]
    readonly_fields = [
        "award",
        "citation",
        "period_start",
        "period_end",
        "user",
        "organisation",
        "points",
        "granted_by",
        "granted_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ParticipationWeight)
class ParticipationWeightAdmin(admin.ModelAdmin):
    """Set by the administration team on the recognition page's weights form."""

    list_display = ["activity", "points", "updated_by", "updated_at"]
    readonly_fields = ["activity", "points", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(admin.ModelAdmin):
    """Written and sent on the report page; sending is also an action here (the service)."""

    list_display = ["__str__", "status", "sent_at", "recipient_count"]
    readonly_fields = [
        "year",
        "quarter",
        "commentary",
        "status",
        "sent_at",
        "sent_by",
        "recipient_count",
        "document",
        "updated_by",
        "updated_at",
    ]
    actions = ["send"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected reports to the committees"))
    def send(self, request, queryset):
        for report in queryset:
            try:
                services.report_send(quarter=report.period, acting_user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{report}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(report)s: sent.") % {"report": report})
