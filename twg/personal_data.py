"""Working groups' part of a person's export and erasure (see ``core.personal_data``).
Roster places are committee seats (ended by the committees' part); a waiting join request
is withdrawn; decisions on working groups stay, recorded by "Former member"."""

from core.personal_data import Contribution, record, register, scrub_column

from .models import JoinRequest, StatusDecision


def export(user):
    yield (
        "twg-join-requests",
        (
            record(j, "working_group", "motivation", "status", "requested_at", "decided_at")
            | record(j, "note")
            for j in JoinRequest.objects.filter(user=user).select_related("working_group")
        ),
    )
    yield (
        "twg-join-requests-answered",
        (
            record(j, "working_group", "user", "status", "decided_at", "note")
            for j in JoinRequest.objects.filter(decided_by=user).select_related(
                "working_group", "user"
            )
        ),
    )
    yield (
        "twg-status-decisions-recorded",
        (
            record(d, "working_group", "status", "relevance", "alignment")
            | record(d, "stakeholder_interest")
            for d in StatusDecision.objects.filter(recorded_by=user).select_related("working_group")
        ),
    )


def erase(user, erasure):
    JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN
    )
    JoinRequest.objects.filter(user=user).update(motivation="")
    scrub_column(JoinRequest, "note", erasure)
    for name in ("relevance", "alignment", "stakeholder_interest"):
        scrub_column(StatusDecision, name, erasure)


register(
    Contribution(
        app_label="twg",
        models=("twg.StatusDecision", "twg.JoinRequest"),
        export=export,
        erase=erase,
    )
)
