"""Signals through which apps above ``members`` add to its pages without ``members`` knowing
them (the monitoring app shows an organisation's recognitions on its profile).

Receivers do one thing: call a selector of their own app."""

from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent by the organisation's profile page: arguments ``organisation`` and ``user``. Each
# receiver returns a ``ProfileSection`` (or None when it has nothing to show).
organisation_page_sections = Signal()


@dataclass(frozen=True)
class ProfileSection:
    """A section of the profile: its heading, the template that renders it, and the
    template's context (under ``section.context``)."""

    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


def sections_for_organisation_page(*, organisation, user):
    """Every receiver's section, in the order the receivers were connected."""
    return [
        section
        for _receiver, section in organisation_page_sections.send(
            sender=organisation.__class__, organisation=organisation, user=user
        )
        if section
    ]
