from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
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

REASON_TEMPLATE = "admin/members/action_reason.html"
DECIDE_TEMPLATE = "admin/members/membershipapplication/decide.html"


class ReadOnlyAdminMixin:
    """A record kept by the services: the admin shows it and never changes it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


# --- Actions with a typed reason -----------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Recorded with the change and sent to the people it concerns."),
        error_messages={"required": _("Give the reason. Nothing was changed.")},
    )


class StatusReasonForm(ReasonForm):
    effective_on = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return gettext("You are not allowed to do this.")


def _reason_page(modeladmin, request, queryset, *, action, form, title, question, submit):
    """The intermediate page of an action: the selected objects and the reason form."""
    opts = modeladmin.model._meta
    adminform = helpers.AdminForm(
        form, [(None, {"fields": list(form.fields)})], {}, model_admin=modeladmin
    )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "question": question,
        "submit_label": submit,
        "objects": list(queryset),
        "adminform": adminform,
        "errors": form.errors,
        "opts": opts,
        "action_name": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + adminform.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, REASON_TEMPLATE, context)


def _run_with_reason(
    modeladmin, request, queryset, *, action, form_class, title, question, submit, apply, done
):
    """Show the reason page; once a reason is given, ``apply(obj, cleaned_data)`` to each
    selected object. Each refusal is reported on its own; the others go ahead."""
    form = form_class(request.POST if request.POST.get("post") else None)
    if not form.is_bound or not form.is_valid():
        return _reason_page(
            modeladmin,
            request,
            queryset,
            action=action,
            form=form,
            title=title,
            question=question,
            submit=submit,
        )
    count = 0
    for obj in queryset:
        try:
            apply(obj, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {_error_text(error)}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return None


def _organisation_status_action(name, service, *, description, title, submit, done):
    @admin.action(description=description, permissions=["decide"])
    def action(modeladmin, request, queryset):
        def apply(organisation, data):
            service(
                organisation=organisation,
                reason=data["reason"],
                effective_on=data["effective_on"],
                acting_user=request.user,
            )

        return _run_with_reason(
            modeladmin,
            request,
            queryset,
            action=name,
            form_class=StatusReasonForm,
            title=title,
            question=_(
                "Give the reason for the change. It is recorded with the status change and "
                "e-mailed to each organisation's focal people."
            ),
            submit=submit,
            apply=apply,
            done=done,
        )

    action.__name__ = name
    return action


# --- Reference data and organisations --------------------------------------------------------


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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("acted_by")


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
        _organisation_status_action(
            "organisation_suspend",
            services.organisation_suspend,
            description=_("Suspend the selected organisations"),
            title=_("Suspend organisations"),
            submit=_("Suspend"),
            done=_("%(count)d organisation(s) suspended."),
        ),
        _organisation_status_action(
            "organisation_reinstate",
            services.organisation_reinstate,
            description=_("Reinstate the selected organisations"),
            title=_("Reinstate organisations"),
            submit=_("Reinstate"),
            done=_("%(count)d organisation(s) reinstated."),
        ),
        _organisation_status_action(
            "organisation_terminate",
            services.organisation_terminate,
            description=_("Terminate the selected organisations"),
            title=_("Terminate organisations"),
            submit=_("Terminate"),
            done=_("%(count)d organisation(s) terminated."),
        ),
    ]

    def has_decide_permission(self, request):
        """Suspension, reinstatement and termination are the Oversight Committee's decisions."""
        return self.has_change_permission(request) and request.user.has_perm(
            services.DECIDE_PERMISSION
        )


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
