"""No admin change form edits a state field: a status, a visibility, a withdrawal, a removal,
a focal flag or a count of attempts changes only through its app's service (an admin action),
which checks the transition, writes the audit row and sends the e-mail."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STATE_FIELDS = {
    "status",
    "visibility",
    "public_status",
    "withdrawn_at",
    "removed_at",
    "is_focal_person",
    "attempts",
}


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def _editable_state_fields(model_admin, request, obj):
    """The state fields the add form (``obj`` None) or the change form would let one edit."""
    if obj is None:
        if isinstance(model_admin, InlineModelAdmin):
            may_add = model_admin.has_add_permission(request, None)
        else:
            may_add = model_admin.has_add_permission(request)
        if not may_add:
            return set()
    elif not model_admin.has_change_permission(request, obj):
        return set()
    # The fields the form shows (``get_fieldsets`` falls back on ``get_fields``), less those
    # it shows as text.
    fields = set(flatten_fieldsets(model_admin.get_fieldsets(request, obj)))
    return (fields - set(model_admin.get_readonly_fields(request, obj))) & STATE_FIELDS


def _forms():
    """Every admin and each of its inlines, once for the add form and once for a change
    form (an unsaved instance stands for an existing object: the fields asked for are the
    same)."""
    request = _superuser_request()
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model()):
            yield f"{model_admin}", model_admin, request, obj
            for inline in model_admin.get_inline_instances(request, obj):
                yield f"{model_admin} / {type(inline).__name__}", inline, request, obj


def test_no_admin_form_edits_a_state_field():
    editable = []
    for name, model_admin, request, obj in _forms():
        fields = _editable_state_fields(model_admin, request, obj)
        if fields:
            form = "add" if obj is None else "change"
            editable.append(f"{name} ({form}): {', '.join(sorted(fields))}")

    assert editable == []


def test_the_check_sees_an_editable_state_field():
    """The test above would catch a state field left editable (it is not vacuous)."""

    class Careless(admin.ModelAdmin):
        fields = ["title", "status"]

    from bulletin.models import Edition

    careless = Careless(Edition, admin.site)
    request = _superuser_request()

    assert _editable_state_fields(careless, request, Edition()) == {"status"}
    assert _editable_state_fields(careless, request, None) == {"status"}
