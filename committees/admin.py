from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ReasonForm, reason_action, service_action

from . import services
from .models import (
    ActionItem,
    ActionNote,
    Body,
    CalendarFeed,
    Meeting,
    Registration,
    Resolution,
    Seat,
)


class SeatTermFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("past", _("Ended")), ("future", _("Not started"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "past":
            return queryset.filter(ends_on__lt=today)
        if self.value() == "future":
            return queryset.filter(starts_on__gt=today)
        return queryset


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["user", "organisation", "role", "starts_on", "ends_on", "note"]
    autocomplete_fields = ["user", "organisation"]
    ordering = ["-starts_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SeatInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "body", "organisation", "starts_on", "ends_on"]
    list_filter = ["body", "role", SeatTermFilter]
    search_fields = ["user__full_name", "user__email", "organisation__name", "body__name"]
    list_select_related = ["user", "body", "organisation"]
    autocomplete_fields = ["user", "organisation", "body"]
    date_hierarchy = "starts_on"


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "registered_at", "attended"]
    readonly_fields = ["status"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


def _cancel_meeting(request, meeting, data):
    services.meeting_cancel(meeting=meeting, acting_user=request.user, reason=data["reason"])


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """A meeting is cancelled by its action, which tells those registered why; it is held
    once its record is entered on the portal. Its status is read-only here."""

    list_display = ["title", "kind", "body", "starts_at", "audience", "status", "host"]
    list_filter = ["kind", "status", "audience", "body"]
    search_fields = ["title", "agenda", "venue"]
    list_select_related = ["body", "host"]
    autocomplete_fields = ["body", "host"]
    date_hierarchy = "starts_at"
    readonly_fields = [
        "status",
        "cancel_reason",
        "uid",
        "series",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = [
        reason_action(
            "meeting_cancel",
            description=_("Cancel the selected meetings"),
            apply=_cancel_meeting,
            title=_("Cancel meetings"),
            question=_(
                "Give the reason for cancelling. It is shown on each meeting's page and "
                "e-mailed to everyone registered."
            ),
            submit=_("Cancel the meetings"),
            done=_("%(count)d meeting(s) cancelled."),
        ),
    ]


def _cancel_registration(request, registration):
    if registration.status not in services.ACTIVE_REGISTRATION:
        raise ValidationError(_("This registration is already cancelled."))
    services.registration_cancel(meeting=registration.meeting, user=registration.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """People register on the portal (a place while places remain, else the waiting list).
    A registration is cancelled by its action, which moves the first person waiting up and
    tells them; none is added here."""

    list_display = ["user", "meeting", "status", "registered_at", "attended"]
    list_filter = ["status", "attended", "meeting__kind"]
    search_fields = ["user__full_name", "user__email", "meeting__title"]
    list_select_related = ["user", "meeting"]
    autocomplete_fields = ["user", "meeting"]
    readonly_fields = ["meeting", "user", "status", "registered_at"]
    actions = [
        service_action(
            "registration_cancel",
            description=_("Cancel the selected registrations"),
            apply=_cancel_registration,
            done=_("%(count)d registration(s) cancelled."),
        ),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "recorded_by", "recorded_at"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting", "recorded_by"]
    autocomplete_fields = ["meeting", "recorded_by"]


class ActionNoteInline(ReadOnlyInline):
    """Progress notes, each with the status it set, are written on the action's page
    (``action_note_add``); here they are read only."""

    model = ActionNote
    fields = ["text", "status", "author", "at"]
    readonly_fields = fields
    related = ["author"]


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class ProgressNoteForm(ReasonForm):
    reason = forms.CharField(
        label=_("Progress note"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Kept in the action's progress notes, with the status it sets."),
        error_messages={"required": _("Write what has been done. Nothing was changed.")},
    )


def _action_status(name, status, *, description, title, submit, done):
    """An admin action that adds a progress note setting ``status`` (the service the
    action's page calls): refused for an action the table does not let move there."""

    def apply(request, action, data):
        services.action_note_add(
            action=action, acting_user=request.user, text=data["reason"], status=status
        )

    return reason_action(
        name,
        description=description,
        apply=apply,
        title=title,
        question=_("Write the progress note. It is kept with the action and its new status."),
        submit=submit,
        done=done,
        form_class=ProgressNoteForm,
    )


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_on", "status", "meeting"]
    list_filter = ["status", OverdueFilter, "meeting__body"]
    search_fields = ["title", "owner_user__full_name", "owner_organisation__name"]
    list_select_related = ["owner_user", "owner_organisation", "meeting"]
    autocomplete_fields = ["meeting", "resolution", "owner_user", "owner_organisation"]
    # The status moves with the progress notes, written on the action's page.
    readonly_fields = ["status", "reminded_at", "created_by", "created_at"]
    date_hierarchy = "due_on"
    inlines = [ActionNoteInline]
    actions = [
        _action_status(
            "action_start",
            ActionItem.Status.IN_PROGRESS,
            description=_("Mark the selected actions in progress"),
            title=_("Mark actions in progress"),
            submit=_("Mark in progress"),
            done=_("%(count)d action(s) in progress."),
        ),
        _action_status(
            "action_done",
            ActionItem.Status.DONE,
            description=_("Mark the selected actions done"),
            title=_("Mark actions done"),
            submit=_("Mark done"),
            done=_("%(count)d action(s) done."),
        ),
        _action_status(
            "action_drop",
            ActionItem.Status.DROPPED,
            description=_("Drop the selected actions"),
            title=_("Drop actions"),
            submit=_("Drop"),
            done=_("%(count)d action(s) dropped."),
        ),
        _action_status(
            "action_reopen",
            ActionItem.Status.OPEN,
            description=_("Reopen the selected actions"),
            title=_("Reopen actions"),
            submit=_("Reopen"),
            done=_("%(count)d action(s) reopened."),
        ),
    ]

    @admin.display(description=_("owner"))
    def owner(self, obj):
        return obj.owner

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Shows who has a private feed; the token is a secret and is never shown."""

    list_display = ["user", "created_at"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
