"""Every model that refers to a person is covered by some app's contribution to the export
and erasure registry (core.personal_data)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from core.personal_data import contributions, covered_models


def _refers_to_a_person(model):
    """A foreign key (or one-to-one, or many-to-many) to the user, or an e-mail field."""
    user = get_user_model()
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue
        if field.is_relation and field.related_model is user:
            return True
        if isinstance(field, models.EmailField):
            return True
    return False


def test_every_model_that_refers_to_a_person_has_a_contribution():
    covered = covered_models()
    missing = sorted(
        model._meta.label
        for model in apps.get_models()
        if _refers_to_a_person(model) and model._meta.label not in covered
    )
    assert missing == [], (
        "These models hold a person's data but no app's personal_data.py covers them "
        "(add each to its app's Contribution(models=...), with its export and erasure): "
        + ", ".join(missing)
    )


def test_the_check_sees_a_model_with_a_person():
    """The test above is not vacuous: it finds the models that refer to a person."""
    found = {m._meta.label for m in apps.get_models() if _refers_to_a_person(m)}
    assert {"accounts.User", "committees.Seat", "members.ApplicationContact"} <= found


def test_every_covered_model_exists():
    for label in covered_models():
        assert apps.get_model(label)


def test_contributions_come_lowest_layer_first():
    labels = [c.app_label for c in contributions()]
    assert labels.index("core") < labels.index("accounts") < labels.index("members")
    assert labels.index("bulletin") < labels.index("privacy")
