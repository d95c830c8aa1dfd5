"""What the milestones app hears from lower apps: every write to the figures, programmes and
organisations they add up makes the stored aggregates stale (``aggregates.bump_version``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from members.models import Organisation

from . import aggregates

WATCHED = aggregates.WATCHED_MODELS


def _stale(sender, **kwargs):
    aggregates.bump_version(using=kwargs.get("using"))


def connect():
    for model in WATCHED:
        uid = f"milestones:{model._meta.label}"
        post_save.connect(_stale, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_stale, sender=model, dispatch_uid=uid + ":delete")
    m2m_changed.connect(
        _stale, sender=Organisation.pillars.through, dispatch_uid="milestones:org-pillars"
    )
