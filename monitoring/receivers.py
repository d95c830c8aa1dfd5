"""Receivers of other apps' (and Django's) signals: each calls one service."""

from . import services


def record_sign_in(sender, request, user, **kwargs):
    services.sign_in_record(user=user)


def organisation_recognitions(sender, organisation, user, **kwargs):
    """The organisation's recognitions, as a section of its profile."""
    from django.utils.translation import gettext_lazy as _

    from members.signals import ProfileSection

    from . import selectors

    recognitions = selectors.recognitions_of_organisation(organisation)
    if not recognitions:
        return None
    return ProfileSection(
        key="recognitions",
        title=_("Recognitions"),
        template="monitoring/includes/profile_recognitions.html",
        context={"recognitions": recognitions},
    )
