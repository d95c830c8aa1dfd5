from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from committees.models import Seat

from .models import JoinRequest, StatusDecision, WorkingGroup


class StatusDecisionInline(admin.TabularInline):
    """Decisions are recorded on the group's page (twg:decide); here they are read only."""

    model = StatusDecision
    extra = 0
    can_delete = False
    fields = [
        "status",
        "decided_on",
        "relevance",
        "alignment",
        "stakeholder_interest",
        "recorded_by",
        "recorded_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "lead_agency", "level", "status", "roster_size", "order"]
    list_filter = ["status", "body__county"]
    search_fields = ["body__name", "purpose", "lead_agency__name"]
    list_select_related = ["body", "body__county", "lead_agency"]
    autocomplete_fields = ["body", "lead_agency"]
    readonly_fields = ["status"]
    inlines = [StatusDecisionInline]

    def get_queryset(self, request):
        current = Seat.current_q(prefix="body__seats__")
        return (
            super()
            .get_queryset(request)
            .annotate(_roster_size=Count("body__seats__user", filter=current, distinct=True))
        )

    @admin.display(description=_("name"), ordering="body__name")
    def name(self, obj):
        return obj.body.name

    @admin.display(description=_("level"), ordering="body__county__name")
    def level(self, obj):
        return obj.body.county or _("National")

    @admin.display(description=_("members"), ordering="_roster_size")
    def roster_size(self, obj):
        return obj._roster_size


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Requests are answered by the group's lead on the portal; the admin shows them."""

    list_display = ["user", "working_group", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "working_group"]
    search_fields = ["user__full_name", "user__email", "working_group__body__name"]
    list_select_related = ["user", "working_group__body", "decided_by"]
    readonly_fields = [
        "working_group",
        "user",
        "motivation",
        "status",
        "requested_at",
        "decided_by",
        "decided_at",
        "note",
    ]

    def has_add_permission(self, request):
        return False
