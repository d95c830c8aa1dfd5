from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import QuarterSignIn, Snapshot


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
