"""Reads about membership: who is a member, and what the directory shows."""

from django.db.models import Prefetch

from .models import CodeOfConduct, Organisation, Person, Programme, ReachFigure


def person_for(user):
    """The user's Person row with its organisation, or None (one query, cached on the user)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_cop_person"):
        user._cop_person = Person.objects.select_related("organisation").filter(user=user).first()
    return user._cop_person


def has_member_access(user):
    """Whether the user may use member features today. Checked on every request, so a
    suspension or the end of a temporary participation takes effect at the next one."""
    person = person_for(user)
    return person is not None and person.has_member_access()


def current_code_of_conduct():
    return CodeOfConduct.objects.order_by("-published_at").first()


def has_accepted_current_code(user):
    code = current_code_of_conduct()
    return code is None or code.acceptances.filter(user=user).exists()


def can_use_member_features(user):
    """A member with access today who has accepted the current code of conduct."""
    return has_member_access(user) and has_accepted_current_code(user)


def organisations_visible_to(user):
    """Organisation profiles a user may open: active members for everyone."""
    return Organisation.objects.active()


def organisation_profile(*, slug, user):
    """One organisation with its programmes, their counties and reach, in a fixed number of
    queries; raises Organisation.DoesNotExist for one the user may not see."""
    programmes = Programme.objects.select_related("pillar").prefetch_related(
        "counties",
        Prefetch(
            "reach",
            queryset=ReachFigure.objects.select_related("county").order_by("-year", "county__name"),
        ),
    )
    return (
        organisations_visible_to(user)
        .prefetch_related(
            "pillars",
            "counties",
            Prefetch("programmes", queryset=programmes),
        )
        .get(slug=slug)
    )


def focal_people(organisation):
    return list(
        Person.objects.filter(organisation=organisation, is_focal_person=True, removed_at=None)
        .select_related("user")
        .order_by("user__full_name")
    )
