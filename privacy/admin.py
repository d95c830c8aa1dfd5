"""The administration team's side of privacy: closing an account on a verified request
(never deleting a person), the consent ledger and closures as read-only records, and the
registers of data-subject requests and breaches."""

import csv

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin as AccountsUserAdmin
from core.admin import ReadOnlyAdminMixin, reason_action, service_action

from . import services
from .models import AccountClosure, Breach, Consent, DataExport, DataSubjectRequest

User = get_user_model()


class ClosureForm(forms.Form):
    reason = forms.CharField(
        label=_("The request and how it was verified"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Recorded with the closure. Do not repeat the person's name or address."),
        error_messages={
            "required": _("Give the request and how it was verified. Nothing was changed.")
        },
    )


def _close(request, user, data):
    if user.pk == request.user.pk:
        raise ValidationError(_("Close your own account from your privacy page."))
    services.account_close(user=user, acting_user=request.user, reason=data["reason"])


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    """People are never deleted here: their records keep the CoP's history whole. An account
    is closed instead, which anonymises the person everywhere."""

    actions = [
        reason_action(
            "close_accounts",
            description=_("Close the accounts on a verified request"),
            apply=_close,
            done=_("%(count)s accounts closed."),
            title=_("Close accounts"),
            question=_(
                "These people will be signed out, deactivated and anonymised everywhere. "
                "This cannot be undone."
            ),
            submit=_("Close the accounts"),
            form_class=ClosureForm,
        )
    ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "purpose", "notice_version", "method", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice_version", "method"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "status", "requested_at", "ready_at", "downloaded_at"]
    list_filter = ["status"]
    exclude = ["file"]
    list_select_related = ["user"]


@admin.register(AccountClosure)
class AccountClosureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "by", "acting_user", "closed_at"]
    list_filter = ["by"]
    list_select_related = ["user", "acting_user"]


class AnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Action taken"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        error_messages={"required": _("Say what was done. Nothing was changed.")},
    )


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    list_display = ["kind", "requester_name", "received_on", "deadline", "status", "done_on"]
    list_filter = ["status", "kind"]
    search_fields = ["requester_name", "requester_email"]
    date_hierarchy = "received_on"
    raw_id_fields = ["user"]
    fields = [
        "kind",
        "requester_name",
        "requester_email",
        "user",
        "details",
        "how_verified",
        "received_on",
        "deadline",
        "status",
        "action_taken",
        "done_on",
        "recorded_by",
    ]
    readonly_fields = ["deadline", "status", "action_taken", "done_on", "recorded_by"]
    actions = [
        reason_action(
            "answer_requests",
            description=_("Record the action taken (done)"),
            apply=lambda request, obj, data: services.request_answer(
                request=obj, action_taken=data["reason"], acting_user=request.user
            ),
            done=_("%(count)s requests answered."),
            title=_("Answer requests"),
            question=_("Say what was done for each request."),
            submit=_("Record"),
            form_class=AnswerForm,
        ),
        reason_action(
            "refuse_requests",
            description=_("Refuse, with reasons"),
            apply=lambda request, obj, data: services.request_answer(
                request=obj, action_taken=data["reason"], refused=True, acting_user=request.user
            ),
            done=_("%(count)s requests refused."),
            title=_("Refuse requests"),
            question=_("Give the reasons, as they will be told to the requester."),
            submit=_("Refuse"),
            form_class=AnswerForm,
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "kind", "received_on"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
        else:
            services.request_record(request=obj, acting_user=request.user)


@admin.action(description=_("Export the affected people's contact details (CSV)"))
def export_contacts(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="breach-contacts-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["breach", "full_name", "email", "phone", "preferred_language"])
    people = (
        Breach.people.through.objects.filter(breach__in=queryset)
        .select_related("breach", "user")
        .order_by("breach_id", "user__full_name")
    )
    for row in people.iterator():
        user = row.user
        if not user.is_active:
            continue  # a closed account has no contact details left
        writer.writerow(
            [row.breach.title, user.full_name, user.email, user.phone, user.preferred_language]
        )
    return response


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "discovered_at",
        "people_count",
        "commissioner_notified_at",
        "people_notified_at",
    ]
    search_fields = ["title"]
    date_hierarchy = "discovered_at"
    autocomplete_fields = ["people"]
    readonly_fields = [
        "commissioner_deadline",
        "commissioner_notified_at",
        "people_notified_at",
        "recorded_by",
        "recorded_at",
    ]
    fields = [
        "title",
        "description",
        "occurred_at",
        "discovered_at",
        "commissioner_deadline",
        "people",
        "people_count",
        "measures",
        "commissioner_notified_at",
        "people_notified_at",
        "recorded_by",
        "recorded_at",
    ]
    actions = [
        export_contacts,
        service_action(
            "commissioner_notified",
            description=_("Record: the Data Commissioner was notified now"),
            apply=lambda request, obj: services.breach_notified(
                breach=obj, whom="commissioner", acting_user=request.user
            ),
            done=_("%(count)s notifications to the Commissioner recorded."),
        ),
        service_action(
            "people_notified",
            description=_("Record: the people affected were notified now"),
            apply=lambda request, obj: services.breach_notified(
                breach=obj, whom="people", acting_user=request.user
            ),
            done=_("%(count)s notifications of the people affected recorded."),
        ),
    ]

    @admin.display(description=_("Commissioner to be told by"))
    def commissioner_deadline(self, obj):
        return obj.commissioner_deadline if obj.discovered_at else "—"

    def save_model(self, request, obj, form, change):
        services.breach_record(breach=obj, acting_user=request.user)
