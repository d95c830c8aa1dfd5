"""Reads about membership: who is a member, and what the directory shows."""

import statistics

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from .models import (
    ApplicationEvent,
    CodeOfConduct,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    Person,
    Programme,
    ReachFigure,
    Recommendation,
)

REVIEW_PERMISSION = "members.review_membershipapplication"
DECIDE_PERMISSION = "members.decide_membershipapplication"


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
    """Cached on the user for the rest of the request: several checks of one page ask."""
    if not hasattr(user, "_cop_accepted_code"):
        code = current_code_of_conduct()
        user._cop_accepted_code = code is None or code.acceptances.filter(user=user).exists()
    return user._cop_accepted_code


def needs_code_acceptance(user):
    """A member with access today who has not accepted the current code of conduct: the one
    step they miss. The pages the code gates tell them so, and link the code, instead of
    answering 404."""
    return has_member_access(user) and not has_accepted_current_code(user)


def can_use_member_features(user):
    """A member with access today who has accepted the current code of conduct."""
    return has_member_access(user) and has_accepted_current_code(user)


def organisations_visible_to(user):
    """Organisation profiles a user may open: active members for everyone."""
    return Organisation.objects.active()


def organisation_profile(*, slug, user):
    """One organisation with its programmes, their counties and verified reach figures, in a
    fixed number of queries; raises Organisation.DoesNotExist for one the user may not see."""
    programmes = Programme.objects.select_related("pillar").prefetch_related(
        "counties",
        Prefetch(
            "reach",
            queryset=ReachFigure.objects.filter(status=ReachFigure.Status.VERIFIED)
            .select_related("county")
            .order_by("-year", "county__name"),
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


def is_focal_person(user, organisation):
    """Whether the user, a member with access today, manages this organisation."""
    person = person_for(user)
    return (
        organisation is not None
        and person is not None
        and person.is_focal_person
        and person.organisation_id == organisation.pk
        and person.has_member_access()
    )


def focal_organisation(user):
    """The organisation the user manages as focal person, or None."""
    person = person_for(user)
    if person and person.is_focal_person and person.has_member_access():
        return person.organisation
    return None


def organisation_people(organisation):
    return list(
        Person.objects.filter(organisation=organisation, removed_at=None)
        .select_related("user")
        .order_by("-is_focal_person", "user__full_name")
    )


def open_invitations(organisation):
    return list(
        Invitation.objects.open()
        .filter(organisation=organisation, purpose=Invitation.Purpose.JOIN)
        .order_by("-created_at")
    )


def open_invitation_count(organisation):
    """How many of the organisation's invitations to join are still open (one query)."""
    return (
        Invitation.objects.open()
        .filter(organisation=organisation, purpose=Invitation.Purpose.JOIN)
        .count()
    )


def organisation_programmes(organisation):
    return list(
        Programme.objects.filter(organisation=organisation)
        .select_related("pillar")
        .prefetch_related(
            "counties",
            Prefetch("reach", queryset=ReachFigure.objects.select_related("county")),
        )
    )


# --- Applications ------------------------------------------------------------------------


def applications_of(user):
    return list(
        MembershipApplication.objects.filter(applicant=user)
        .select_related("nominating_organisation")
        .order_by("-created_at")
    )


def application_for_applicant(*, pk, user):
    """The user's own application; raises DoesNotExist for anyone else's (answered 404)."""
    return MembershipApplication.objects.select_related(
        "nominating_organisation", "nomination", "organisation"
    ).get(pk=pk, applicant=user)


# An application the applicant still follows: not decided yet.
IN_PROGRESS_STATUSES = (
    MembershipApplication.Status.DRAFT,
    MembershipApplication.Status.SUBMITTED,
    MembershipApplication.Status.UNDER_REVIEW,
    MembershipApplication.Status.MORE_INFORMATION,
)


def application_in_progress(user):
    """The user's newest application not yet decided, or None (one query)."""
    if not user.is_authenticated:
        return None
    return (
        MembershipApplication.objects.filter(applicant=user, status__in=IN_PROGRESS_STATUSES)
        .only("pk", "kind", "status", "organisation_name", "applicant_id", "created_at")
        .order_by("-created_at", "-pk")
        .first()
    )


def application_history(application, *, for_applicant):
    events = application.events.select_related("actor")
    if for_applicant:
        events = events.filter(visible_to_applicant=True)
    return list(events)


def can_review(user):
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def can_decide(user):
    return user.is_authenticated and user.has_perm(DECIDE_PERMISSION)


QUEUE_FIELDS = (
    "kind",
    "status",
    "organisation_name",
    "review_round",
    "submitted_at",
    "applicant__full_name",
    "nominating_organisation__name",
    "nominating_organisation__acronym",
    "nomination__status",
)


def review_queue(*, status=None):
    """The queue as reviewers see it (a fixed number of queries: one, plus the counts),
    with only the columns its table shows."""
    queryset = (
        MembershipApplication.objects.for_queue()
        .only(*QUEUE_FIELDS)
        .annotate(
            recommendation_count=Count(
                "recommendations",
                filter=Q(recommendations__review_round=F("review_round")),
            )
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def decision_days(*, recent=20, at_least=3):
    """How long the last ``recent`` decided applications waited from submission to decision,
    in whole days: the median and the longest, or None while fewer than ``at_least`` were
    decided (too few to tell a newcomer anything). One query."""
    decided = list(
        MembershipApplication.objects.filter(decided_at__isnull=False, submitted_at__isnull=False)
        .order_by("-decided_at")
        .values_list("submitted_at", "decided_at")[:recent]
    )
    if len(decided) < at_least:
        return None
    days = sorted(max((d - s).days, 0) for s, d in decided)
    return {"median": statistics.median_low(days), "longest": days[-1], "count": len(days)}


def review_counts():
    counts = dict(
        MembershipApplication.objects.exclude(status=MembershipApplication.Status.DRAFT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return counts


def reviews_waiting_for(user):
    """How many applications under review still wait for the user's recommendation in their
    current round; their own application does not count, since nobody reviews it (one
    query)."""
    recommended = Recommendation.objects.filter(
        application=OuterRef("pk"), reviewer=user, review_round=OuterRef("review_round")
    )
    return (
        MembershipApplication.objects.filter(status=MembershipApplication.Status.UNDER_REVIEW)
        .exclude(applicant=user)
        .exclude(Exists(recommended))
        .count()
    )


def application_for_review(pk):
    """Everything a reviewer reads about one application."""
    return (
        MembershipApplication.objects.exclude(status=MembershipApplication.Status.DRAFT)
        .select_related(
            "applicant",
            "nominating_organisation",
            "nomination__responded_by",
            "organisation",
            "decided_by",
        )
        .prefetch_related(
            "pillars",
            "counties",
            "contacts",
            "documents",
            "programmes__pillar",
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("reviewer").order_by(
                    "-review_round", "recorded_at"
                ),
            ),
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


CRITERIA = ("alignment", "value_added", "credibility", "scope")


def recommendation_tally(application):
    """The reviewers' recommendations of the application's current round, counted: per
    criterion, how many found it met, partly met or not met; per verdict, how many
    recommend it. One query, whatever the number of reviewers.

    ``{"round": n, "reviewers": n, "assessments": [label, ...],
    "criteria": [(label, [count, ...]), ...], "verdicts": [(label, count), ...]}``, the
    counts in the order of ``assessments`` (and of the verdict choices)."""
    assessments = Recommendation.Assessment
    verdicts = Recommendation.Verdict
    counts = {"reviewers": Count("pk")}
    for criterion in CRITERIA:
        for value in assessments.values:
            counts[f"{criterion}:{value}"] = Count("pk", filter=Q(**{criterion: value}))
    for value in verdicts.values:
        counts[f"verdict:{value}"] = Count("pk", filter=Q(verdict=value))
    totals = Recommendation.objects.filter(
        application=application, review_round=application.review_round
    ).aggregate(**counts)
    fields = {field.name: field for field in Recommendation._meta.fields}
    return {
        "round": application.review_round,
        "reviewers": totals["reviewers"],
        "assessments": assessments.labels,
        "criteria": [
            (
                fields[criterion].verbose_name,
                [totals[f"{criterion}:{value}"] for value in assessments.values],
            )
            for criterion in CRITERIA
        ],
        "verdicts": [(label, totals[f"verdict:{value}"]) for value, label in verdicts.choices],
    }


def application_for_nominator(*, nomination_pk, user):
    """A nomination the user may answer: they are a focal person of the nominating member."""
    organisation = focal_organisation(user)
    if organisation is None:
        raise MembershipApplication.DoesNotExist
    return (
        MembershipApplication.objects.select_related("applicant", "nomination")
        .prefetch_related("pillars", "counties", "contacts", "programmes__pillar")
        .get(nomination__pk=nomination_pk, nomination__organisation=organisation)
    )


def nominations_by(organisation):
    """Applications the organisation nominated, newest first (one query)."""
    return list(
        MembershipApplication.objects.filter(nomination__organisation=organisation)
        .select_related("nomination", "applicant")
        .order_by("-created_at")
    )


def nominations_awaiting(organisation):
    """How many submitted applications name the organisation as nominating member and still
    wait for its focal person's answer (one query)."""
    return MembershipApplication.objects.filter(
        status=MembershipApplication.Status.SUBMITTED,
        nomination__organisation=organisation,
        nomination__status=Nomination.Status.PENDING,
    ).count()
