"""Admin helpers every app's admin shares: read-only audit records, and actions that ask
for a typed reason on an intermediate page before they call a service."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .transitions import read_state_tokens, state_token, state_tokens

REASON_TEMPLATE = "admin/core/action_reason.html"
# The hidden field in which the changelist (templates/admin/actions.html), the reason page
# and per-object pages carry the states they showed (decision 0027).
SEEN_STATES = "_seen_states"


class ReadOnlyAdminMixin:
    """A record kept by the services: the admin shows it and never changes it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Rows of the parent's audit trail: whoever may see the parent sees them."""

    extra = 0
    can_delete = False
    related = []

    def has_view_permission(self, request, obj=None):
        parent = self.admin_site._registry[self.parent_model]
        return parent.has_view_or_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Recorded with the change and sent to the people it concerns."),
        error_messages={"required": _("Give the reason. Nothing was changed.")},
    )


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return gettext("You are not allowed to do this.")


def moved_since_seen(request, obj):
    """Whether ``obj``'s state changed since the page that posted ``request`` showed it
    (another tab, another person). Objects the page did not list are not compared."""
    seen = read_state_tokens(request.POST.get(SEEN_STATES))
    token = seen.get(str(obj.pk))
    return token is not None and token != state_token(obj)


def moved_message(obj):
    return gettext(
        "%(object)s changed since the page was shown (it is now %(state)s): nothing was "
        "done to it. Look at it again before you choose."
    ) % {"object": obj, "state": _state_label(obj)}


def _state_label(obj):
    field = getattr(obj, "STATE_FIELD", "status")
    display = getattr(obj, f"get_{field}_display", None)
    return (display() if display else str(obj.state)).lower()


def reason_page(modeladmin, request, queryset, *, action, form, title, question, submit):
    """The intermediate page of an action: the selected objects and the reason form. It
    carries the states the changelist showed (or, if none, the states now)."""
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
        "seen_states_name": SEEN_STATES,
        "seen_states": request.POST.get(SEEN_STATES) or state_tokens(queryset),
        "media": modeladmin.media + adminform.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, REASON_TEMPLATE, context)


def run_with_reason(
    modeladmin, request, queryset, *, action, form_class, title, question, submit, apply, done
):
    """Show the reason page; once a reason is given, ``apply(obj, cleaned_data)`` to each
    selected object. Each refusal is reported on its own; the others go ahead."""
    form = form_class(request.POST if request.POST.get("post") else None)
    if not form.is_bound or not form.is_valid():
        return reason_page(
            modeladmin,
            request,
            queryset,
            action=action,
            form=form,
            title=title,
            question=question,
            submit=submit,
        )
    apply_each(
        modeladmin, request, queryset, apply=lambda obj: apply(obj, form.cleaned_data), done=done
    )
    return None


def apply_each(modeladmin, request, queryset, *, apply, done):
    """``apply(obj)`` (a call to a service) on each selected object. A refusal (the service's
    ``ValidationError`` or ``PermissionDenied``: the object moved on since the list was
    shown, or the change is not allowed) is reported on its own and changes nothing; the
    others go ahead, and ``done`` says how many did. An object whose state changed since
    the posting page showed it is refused before the service is called, even when the
    change would still be allowed: the person chose on what they saw."""
    count = 0
    for obj in queryset:
        if moved_since_seen(request, obj):
            modeladmin.message_user(request, moved_message(obj), messages.WARNING)
            continue
        try:
            apply(obj)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


def service_action(name, *, description, apply, done, permissions=("change",)):
    """An admin action that calls a service on each selected object, with no question to
    ask: ``apply(request, obj)``."""

    @admin.action(description=description, permissions=list(permissions))
    def action(modeladmin, request, queryset):
        apply_each(modeladmin, request, queryset, apply=lambda obj: apply(request, obj), done=done)

    action.__name__ = name
    return action


def reason_action(
    name,
    *,
    description,
    apply,
    done,
    title,
    question,
    submit,
    form_class=ReasonForm,
    permissions=("change",),
):
    """An admin action that asks a typed reason on an intermediate page, then calls a
    service on each selected object: ``apply(request, obj, cleaned_data)``."""

    @admin.action(description=description, permissions=list(permissions))
    def action(modeladmin, request, queryset):
        return run_with_reason(
            modeladmin,
            request,
            queryset,
            action=name,
            form_class=form_class,
            title=title,
            question=question,
            submit=submit,
            apply=lambda obj, data: apply(request, obj, data),
            done=done,
        )

    action.__name__ = name
    return action
