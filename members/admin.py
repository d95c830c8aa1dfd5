from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    CodeOfConduct,
    CodeOfConductAcceptance,
    County,
    Organisation,
    OrganisationStatusChange,
    Person,
    Pillar,
    Programme,
    ReachFigure,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["name"]
    ordering = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = OrganisationStatusChange
    extra = 0
    fields = ["status", "effective_on", "reason", "acted_by", "acted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["user", "kind", "is_focal_person", "ends_on", "removed_at"]
    raw_id_fields = ["user"]


class ProgrammeInline(admin.TabularInline):
    model = Programme
    extra = 0
    fields = ["name", "pillar", "start_year", "url"]
    show_change_link = True


def _status_action(service, label):
    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        done = 0
        for organisation in queryset:
            try:
                service(
                    organisation=organisation,
                    reason=str(_("Recorded in the administration by %(user)s."))
                    % {"user": request.user},
                    acting_user=request.user,
                )
                done += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{organisation}: {' '.join(error.messages)}", messages.WARNING
                )
        if done:
            modeladmin.message_user(request, _("%(n)d organisation(s) updated.") % {"n": done})

    action.__name__ = service.__name__
    return action


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "category", "status", "national_coverage", "date_joined"]
    list_filter = ["status", "category", "pillars", "national_coverage"]
    search_fields = ["name", "acronym", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["counties"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ProgrammeInline, PersonInline, StatusChangeInline]
    actions = [
        _status_action(services.organisation_suspend, _("Suspend the selected organisations")),
        _status_action(services.organisation_reinstate, _("Reinstate the selected organisations")),
        _status_action(services.organisation_terminate, _("Terminate the selected organisations")),
    ]


class ReachInline(admin.TabularInline):
    model = ReachFigure
    extra = 1
    fields = ["year", "county", "unit", "reached", "source", "illustrative"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "pillar", "start_year"]
    list_filter = ["pillar"]
    search_fields = ["name", "organisation__name", "organisation__acronym"]
    list_select_related = ["organisation", "pillar"]
    filter_horizontal = ["counties"]
    inlines = [ReachInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "kind", "is_focal_person", "ends_on", "removed_at"]
    list_filter = ["kind", "is_focal_person"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]


@admin.register(OrganisationStatusChange)
class OrganisationStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "effective_on", "acted_by", "acted_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "reason"]
    list_select_related = ["organisation", "acted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]
    search_fields = ["version", "text"]


@admin.register(CodeOfConductAcceptance)
class CodeOfConductAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "code", "accepted_at"]
    list_filter = ["code"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "code"]

    def has_change_permission(self, request, obj=None):
        return False
