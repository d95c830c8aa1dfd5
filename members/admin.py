from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import (
    SEEN_STATES,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ReasonForm,
    error_text,
    moved_message,
    moved_since_seen,
    reason_action,
    run_with_reason,
    service_action,
)
from core.forms import add_service_error
from core.transitions import state_tokens

from . import selectors, services
from .forms.review import RecommendationForm
from .models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationProgramme,
    CodeOfConduct,
    CodeOfConductAcceptance,
    County,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    OrganisationStatusChange,
    Person,
    PersonEvent,
    Pillar,
    Programme,
    ReachFigure,
    ReachFigureEvent,
    Recommendation,
)

DECIDE_TEMPLATE = "admin/members/membershipapplication/decide.html"
RECOMMEND_TEMPLATE = "admin/members/membershipapplication/recommend.html"


# --- Actions with a typed reason -----------------------------------------------------------


class StatusReasonForm(ReasonForm):
    effective_on = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )


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

        return run_with_reason(
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
    """Who belongs to the organisation. Removing someone and the focal flag go through the
    services (the people admin's actions), which tell the person and end their access."""

    model = Person
    extra = 0
    fields = ["user", "kind", "is_focal_person", "ends_on", "removed_at"]
    readonly_fields = ["is_focal_person", "removed_at"]
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


class ReachInline(ReadOnlyInline):
    """Figures are reported by the focal person and verified or returned by the actions of
    the reach figure list: here they are shown only."""

    model = ReachFigure
    fields = ["year", "county", "unit", "reached", "source", "illustrative", "status"]
    readonly_fields = fields
    related = ["county"]


class ReachEventInline(ReadOnlyInline):
    model = ReachFigureEvent
    fields = ["action", "reached", "note", "acted_by", "acted_at"]
    readonly_fields = fields
    related = ["acted_by"]


@admin.register(ReachFigure)
class ReachFigureAdmin(admin.ModelAdmin):
    """The administration team's queue of reported figures: verify or return each one."""

    list_display = [
        "programme",
        "organisation",
        "year",
        "county",
        "reached",
        "unit",
        "status",
        "illustrative",
        "reported_by",
        "decided_by",
    ]
    list_filter = ["status", "year", "illustrative", "programme__pillar"]
    search_fields = ["programme__name", "programme__organisation__name", "county__name"]
    list_select_related = ["programme__organisation", "county", "reported_by", "decided_by"]
    fields = [
        "programme",
        "year",
        "county",
        "unit",
        "reached",
        "source",
        "illustrative",
        "status",
        "reported_by",
        "reported_at",
        "decided_by",
        "decided_at",
        "return_note",
    ]
    readonly_fields = fields
    inlines = [ReachEventInline]
    actions = [
        service_action(
            "reach_figure_verify",
            description=_("Verify the selected figures"),
            apply=lambda request, figure: services.reach_figure_verify(
                figure=figure, acting_user=request.user
            ),
            done=_("%(count)d figure(s) verified."),
            permissions=("verify",),
        ),
        reason_action(
            "reach_figure_return",
            description=_("Return the selected figures to their organisations"),
            apply=lambda request, figure, data: services.reach_figure_return(
                figure=figure, note=data["reason"], acting_user=request.user
            ),
            done=_("%(count)d figure(s) returned."),
            title=_("Return reach figures"),
            question=_("What should the organisation check or correct?"),
            submit=_("Return"),
            permissions=("verify",),
        ),
    ]

    @admin.display(description=_("organisation"), ordering="programme__organisation__name")
    def organisation(self, figure):
        return figure.programme.organisation

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_verify_permission(self, request):
        return request.user.has_perm(services.VERIFY_PERMISSION)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "pillar", "start_year"]
    list_filter = ["pillar"]
    search_fields = ["name", "organisation__name", "organisation__acronym"]
    list_select_related = ["organisation", "pillar"]
    filter_horizontal = ["counties"]
    inlines = [ReachInline]


def _remove_person(request, person):
    if not services.person_remove(person=person, acting_user=request.user):
        raise ValidationError(_("This person was already removed."), code="removed")


def _set_focal(is_focal):
    def apply(request, person):
        if not services.person_set_focal(
            person=person, is_focal=is_focal, acting_user=request.user
        ):
            if person.removed_at is not None:
                raise ValidationError(_("This person was removed."), code="removed")
            if is_focal:
                raise ValidationError(_("This person is already a focal person."), code="same")
            raise ValidationError(_("This person is not a focal person."), code="same")

    return apply


class PersonEventInline(ReadOnlyInline):
    model = PersonEvent
    fields = ["at", "action", "actor"]
    readonly_fields = fields
    related = ["actor"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "kind", "is_focal_person", "ends_on", "removed_at"]
    list_filter = ["kind", "is_focal_person"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]
    readonly_fields = ["is_focal_person", "removed_at"]
    inlines = [PersonEventInline]
    actions = [
        service_action(
            "person_remove",
            description=_("Remove the selected people from their organisation"),
            apply=_remove_person,
            done=_("%(count)d person(s) removed: each was told by e-mail."),
        ),
        service_action(
            "person_make_focal",
            description=_("Make the selected people focal persons"),
            apply=_set_focal(True),
            done=_("%(count)d person(s) made focal persons."),
        ),
        service_action(
            "person_stop_focal",
            description=_("Make the selected people no longer focal persons"),
            apply=_set_focal(False),
            done=_("%(count)d person(s) no longer focal persons."),
        ),
    ]


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


# --- Membership applications -----------------------------------------------------------------

App = MembershipApplication
WAIVE_NOMINATION = "waive-nomination"
REVIEW_DECISIONS = [
    (services.Decision.APPROVE, _("Approve")),
    (services.Decision.DECLINE, _("Decline")),
    (services.Decision.MORE_INFORMATION, _("Ask for more information")),
]


def decision_choices(application):
    """The decisions that can be recorded on the application in its current status."""
    if application.can_transition(App.Status.APPROVED):
        return REVIEW_DECISIONS
    if application.status == App.Status.SUBMITTED and application.can_transition(
        App.Status.UNDER_REVIEW
    ):
        return [(WAIVE_NOMINATION, _("Waive the nomination"))]
    return []


def record_decision(*, application, decision, reason, acting_user):
    if decision == WAIVE_NOMINATION:
        return services.nomination_waive(
            application=application, reason=reason, acting_user=acting_user
        )
    return services.application_decide(
        application=application, decision=decision, reason=reason, acting_user=acting_user
    )


class DecisionForm(ReasonForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    field_order = ["decision", "reason"]

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices
        self.fields["reason"].help_text = _(
            "Sent to the applicant. When you ask for more information, this is the question."
        )


def _application_action(name, decision, *, description, title, question, submit, done):
    @admin.action(description=description, permissions=["decide"])
    def action(modeladmin, request, queryset):
        def apply(application, data):
            record_decision(
                application=application,
                decision=decision,
                reason=data["reason"],
                acting_user=request.user,
            )

        return run_with_reason(
            modeladmin,
            request,
            queryset,
            action=name,
            form_class=ReasonForm,
            title=title,
            question=question,
            submit=submit,
            apply=apply,
            done=done,
        )

    action.__name__ = name
    return action


def reads_applications(user):
    """Reviewers and deciders read every application in the admin with what it carries,
    whether their right was granted by hand or comes from a current seat (the seat
    backend answers ``has_perm``): a committee member needs no model permission for it."""
    return selectors.can_review(user) or selectors.can_decide(user)


class ApplicationPartInline(admin.TabularInline):
    """What the applicant wrote beside the form: read by whoever reads applications;
    changing it still takes the model's own permissions."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or reads_applications(request.user)


class ApplicationContactInline(ApplicationPartInline):
    model = ApplicationContact
    extra = 0
    fields = ["full_name", "job_title", "email", "phone"]


class ApplicationProgrammeInline(ApplicationPartInline):
    model = ApplicationProgramme
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["name", "pillar", "start_year", "url"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The pillar choices are read once per page, not once per programme row."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "pillar":
            if not hasattr(request, "_members_pillar_choices"):
                request._members_pillar_choices = list(field.choices)
            field.choices = request._members_pillar_choices
        return field


class ApplicationDocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["kind", "download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, document):
        return _download_link(document)


def _download_link(document):
    """The document through the portal's permission-checked view, never the storage URL."""
    return format_html('<a href="{}">{}</a>', document.get_absolute_url(), document.original_name)


class NominationInline(ReadOnlyInline):
    model = Nomination
    fields = [
        "organisation",
        "status",
        "initiated_by_member",
        "comment",
        "responded_by",
        "responded_at",
    ]
    readonly_fields = fields
    # The row's label names its application: read with the row, not once per row.
    related = ["application", "organisation", "responded_by"]


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = [
        "review_round",
        "reviewer",
        "verdict",
        "alignment",
        "value_added",
        "credibility",
        "scope",
        "reason",
        "recorded_at",
    ]
    readonly_fields = fields
    related = ["reviewer"]


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "action", "actor", "note", "visible_to_applicant"]
    readonly_fields = fields
    # The row's label names its application: read with the row, not once per event.
    related = ["application", "actor"]
    verbose_name_plural = _("history")


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    """Applications are started and submitted by applicants; the admin can correct what
    they wrote, but every change of status goes through the services (the actions and the
    "Record decision" page)."""

    change_form_template = "admin/members/membershipapplication/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "__str__",
        "kind",
        "status",
        "nominating_organisation",
        "nomination_status",
        "review_round",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["status", "kind", "nomination__status", "review_round"]
    search_fields = [
        "organisation_name",
        "acronym",
        "applicant__full_name",
        "applicant__email",
        "contacts__email",
    ]
    list_select_related = ["applicant", "nominating_organisation", "nomination"]
    date_hierarchy = "created_at"
    filter_horizontal = ["pillars", "counties"]
    readonly_fields = [
        "kind",
        "status",
        "applicant",
        "nominating_organisation",
        "submitted_at",
        "review_round",
        "question",
        "decision_reason",
        "decided_by",
        "decided_at",
        "organisation",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "status", "applicant", "nominating_organisation", "submitted_at"]},
        ),
        (
            _("Organisation"),
            {"fields": MembershipApplication.ORGANISATION_FIELDS},
        ),
        (_("Exemption"), {"fields": MembershipApplication.EXEMPTION_FIELDS}),
        (_("Fit with the CoP"), {"fields": ["fit_statement"]}),
        (
            _("Review and decision"),
            {
                "fields": [
                    "review_round",
                    "question",
                    "decision_reason",
                    "decided_by",
                    "decided_at",
                    "organisation",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [
        ApplicationContactInline,
        ApplicationProgrammeInline,
        ApplicationDocumentInline,
        NominationInline,
        RecommendationInline,
        ApplicationEventInline,
    ]
    actions = [
        _application_action(
            "application_approve",
            services.Decision.APPROVE,
            description=_("Approve the selected applications"),
            title=_("Approve applications"),
            question=_(
                "Give the reason for the approval. It is recorded with the decision and sent "
                "to each applicant."
            ),
            submit=_("Approve"),
            done=_("%(count)d application(s) approved."),
        ),
        _application_action(
            "application_decline",
            services.Decision.DECLINE,
            description=_("Decline the selected applications"),
            title=_("Decline applications"),
            question=_(
                "Give the reason for declining. It is recorded with the decision and sent to "
                "each applicant."
            ),
            submit=_("Decline"),
            done=_("%(count)d application(s) declined."),
        ),
        _application_action(
            "application_ask_more_information",
            services.Decision.MORE_INFORMATION,
            description=_("Ask the selected applicants for more information"),
            title=_("Ask for more information"),
            question=_(
                "Write the question to the applicants. It is sent to each of them, and their "
                "application returns to them until they answer."
            ),
            submit=_("Ask"),
            done=_("%(count)d applicant(s) asked for more information."),
        ),
        _application_action(
            "nomination_waive",
            WAIVE_NOMINATION,
            description=_("Waive the nomination of the selected applications"),
            title=_("Waive nominations"),
            question=_(
                "Give the reason for waiving the nomination. The applications then go to "
                "review without their nominating member's endorsement."
            ),
            submit=_("Waive the nomination"),
            done=_("Nomination waived for %(count)d application(s)."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return super().has_module_permission(request) or reads_applications(request.user)

    def has_view_permission(self, request, obj=None):
        """Staff with the model permission, and reviewers and deciders (a seat on the
        Oversight Committee): the admin shows them the applications and nothing else."""
        return super().has_view_permission(request, obj) or reads_applications(request.user)

    def has_review_permission(self, request):
        return request.user.has_perm(services.REVIEW_PERMISSION)

    def has_decide_permission(self, request):
        return request.user.has_perm(services.DECIDE_PERMISSION)

    def view_on_site(self, application):
        """The reviewers' page: the application's own URL is the applicant's."""
        return application.get_review_url()

    @admin.display(description=_("nomination"), ordering="nomination__status")
    def nomination_status(self, application):
        nomination = getattr(application, "nomination", None)
        return nomination.get_status_display() if nomination else "-"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name=f"{prefix}_decide",
            ),
            path(
                "<path:object_id>/recommend/",
                self.admin_site.admin_view(self.recommend_view),
                name=f"{prefix}_recommend",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_record_decision"] = bool(
            obj is not None and self.has_decide_permission(request) and decision_choices(obj)
        )
        context["can_record_recommendation"] = bool(
            obj is not None
            and self.has_review_permission(request)
            and obj.status == App.Status.UNDER_REVIEW
        )
        if obj is not None:
            context["tally"] = selectors.recommendation_tally(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _change_url(self, application):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[application.pk]
        )

    def recommend_view(self, request, object_id):
        """Record (or replace) the reviewer's own recommendation on the current round, through
        the service the review page calls."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not (
            self.has_view_permission(request, application) and self.has_review_permission(request)
        ):
            raise PermissionDenied
        change_url = self._change_url(application)
        if application.status != App.Status.UNDER_REVIEW:
            self.message_user(
                request,
                _("No recommendation can be recorded on this application: it is %(status)s.")
                % {"status": application.get_status_display().lower()},
                messages.WARNING,
            )
            return redirect(change_url)
        mine = application.recommendations.filter(
            review_round=application.review_round, reviewer=request.user
        ).first()
        form = RecommendationForm(request.POST if request.method == "POST" else None, instance=mine)
        if form.is_valid():
            try:
                services.recommendation_record(
                    application=application, reviewer=request.user, **form.cleaned_data
                )
            except (services.AlreadyDecided, PermissionDenied) as error:
                # Left review since the page was shown, or the reviewer's own application.
                self.message_user(request, error_text(error), messages.WARNING)
                return redirect(change_url)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.message_user(request, _("Your recommendation is recorded."), messages.SUCCESS)
                return redirect(change_url)
        adminform = helpers.AdminForm(
            form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record recommendation"),
            "subtitle": str(application),
            "original": application,
            "change_url": change_url,
            "adminform": adminform,
            "errors": form.errors,
            "opts": self.opts,
            "submit_label": _("Record recommendation"),
            "media": self.media + adminform.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, RECOMMEND_TEMPLATE, context)

    def decide_view(self, request, object_id):
        """Record one decision on one application, through the same services as the
        actions."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not (
            self.has_view_or_change_permission(request, application)
            and self.has_decide_permission(request)
        ):
            raise PermissionDenied
        change_url = self._change_url(application)
        if request.method == "POST" and moved_since_seen(request, application):
            # Decided, or answered and back in review, in another tab since this page was
            # loaded: the decider chose on what they saw, so nothing is applied.
            self.message_user(request, moved_message(application), messages.WARNING)
            return redirect(change_url)
        choices = decision_choices(application)
        if not choices:
            self.message_user(
                request,
                _("No decision can be recorded on this application: it is %(status)s.")
                % {"status": application.get_status_display().lower()},
                messages.WARNING,
            )
            return redirect(change_url)
        form = DecisionForm(request.POST if request.method == "POST" else None, choices=choices)
        if form.is_valid():
            try:
                record_decision(
                    application=application,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.WARNING)
            else:
                application.refresh_from_db(fields=["status"])
                self.message_user(
                    request,
                    _("Decision recorded: the application is now %(status)s.")
                    % {"status": application.get_status_display().lower()},
                    messages.SUCCESS,
                )
            return redirect(change_url)
        adminform = helpers.AdminForm(
            form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record decision"),
            "subtitle": str(application),
            "original": application,
            "change_url": change_url,
            "recommendations": application.recommendations.filter(
                review_round=application.review_round
            ).select_related("reviewer"),
            "tally": selectors.recommendation_tally(application),
            "adminform": adminform,
            "errors": form.errors,
            "opts": self.opts,
            "seen_states_name": SEEN_STATES,
            "seen_states": request.POST.get(SEEN_STATES) or state_tokens([application]),
            "submit_label": _("Record decision"),
            "media": self.media + adminform.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, DECIDE_TEMPLATE, context)


class ReadOnlyRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The records the application services keep: shown, never changed here."""


@admin.register(Nomination)
class NominationAdmin(ReadOnlyRecordAdmin):
    view_on_site = False  # the nominating member's page, which staff cannot open
    list_display = [
        "application",
        "organisation",
        "status",
        "initiated_by_member",
        "responded_by",
        "responded_at",
    ]
    list_filter = ["status", "initiated_by_member"]
    search_fields = ["application__organisation_name", "organisation__name", "comment"]
    list_select_related = ["application__applicant", "organisation", "responded_by"]
    date_hierarchy = "created_at"


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyRecordAdmin):
    list_display = ["application", "review_round", "reviewer", "verdict", "recorded_at"]
    list_filter = ["verdict", "review_round"]
    search_fields = ["application__organisation_name", "reviewer__email", "reason"]
    list_select_related = ["application__applicant", "reviewer"]
    date_hierarchy = "recorded_at"


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyRecordAdmin):
    list_display = ["at", "application", "action", "actor", "visible_to_applicant"]
    list_filter = ["action", "visible_to_applicant"]
    search_fields = ["application__organisation_name", "actor__email", "note"]
    list_select_related = ["application__applicant", "actor"]
    date_hierarchy = "at"


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(ReadOnlyRecordAdmin):
    list_display = ["original_name", "application", "kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "application__organisation_name"]
    list_select_related = ["application__applicant", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    # Never the file field itself: its storage URL is not served; the link goes through the
    # view that checks the reader may see the application.
    fields = [
        "application",
        "kind",
        "download",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, document):
        return _download_link(document)


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Open")),
            ("accepted", _("Accepted")),
            ("withdrawn", _("Withdrawn")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        waiting = queryset.filter(accepted_at=None, revoked_at=None)
        return {
            "open": waiting.filter(expires_at__gt=now),
            "accepted": queryset.exclude(accepted_at=None),
            "withdrawn": queryset.filter(accepted_at=None).exclude(revoked_at=None),
            "expired": waiting.filter(expires_at__lte=now),
        }.get(self.value(), queryset)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyRecordAdmin):
    list_display = [
        "email",
        "full_name",
        "purpose",
        "organisation",
        "application",
        "invited_by",
        "created_at",
        "state",
    ]
    list_filter = [InvitationStateFilter, "purpose"]
    search_fields = ["email", "full_name", "organisation__name", "application__organisation_name"]
    list_select_related = ["organisation", "application__applicant", "invited_by"]
    date_hierarchy = "created_at"
    # Never the token hash.
    fields = [
        "purpose",
        "email",
        "full_name",
        "organisation",
        "application",
        "make_focal_person",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["invitation_withdraw"]

    def has_withdraw_permission(self, request):
        return request.user.has_perm(services.INVITATION_WITHDRAW_PERMISSION)

    @admin.display(description=_("state"))
    def state(self, invitation):
        if invitation.accepted_at:
            return _("Accepted")
        if invitation.revoked_at:
            return _("Withdrawn")
        if invitation.expires_at <= timezone.now():
            return _("Expired")
        return _("Open")

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["withdraw"])
    def invitation_withdraw(self, request, queryset):
        count = 0
        for invitation in queryset:
            if not invitation.is_open:
                self.message_user(
                    request,
                    _("%(invitation)s: this invitation is no longer open.")
                    % {"invitation": invitation},
                    messages.WARNING,
                )
                continue
            try:
                services.invitation_revoke(invitation=invitation, acting_user=request.user)
            except PermissionDenied as error:
                self.message_user(request, f"{invitation}: {error_text(error)}", messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(
                request,
                _("%(count)d invitation(s) withdrawn.") % {"count": count},
                messages.SUCCESS,
            )
