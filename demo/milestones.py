"""Demo data of the sector milestones: more reach figures for the demo programmes across
several years and counties (``demo/data/milestones.toml``), reported through the members
services by each organisation's focal person where it has one, then verified by the
administration team, except a few left waiting and one returned with a note. Idempotent: a
figure already there is left alone, and only waiting figures are verified."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo import members as members_demo
from demo import prose
from members import services
from members.models import County, Programme, ReachFigure, ReachFigureEvent

DATA = prose.load("milestones")


def seed(users):
    """Report, verify, keep waiting and return the demo figures; returns how many count."""
    team = get_user_model().objects.get(pk=users[members_demo.DECIDER].pk)
    counties = {county.name: county for county in County.objects.all()}
    keep = {}  # figure pk -> ("reported",) or ("returned", note)
    for spec in DATA["figures"]:
        programme = Programme.objects.select_related("organisation").get(
            organisation__acronym=spec["organisation"], name=spec["programme"]
        )
        focal = (
            programme.organisation.people.filter(is_focal_person=True, removed_at=None)
            .select_related("user")
            .first()
        )
        for row in spec["reach"]:
            county = counties.get(row.get("county"))
            figure, created = ReachFigure.objects.get_or_create(
                programme=programme,
                year=row["year"],
                county=county,
                unit=ReachFigure.Unit.PEOPLE,
                defaults={
                    "reached": row["reached"],
                    "source": members_demo.ILLUSTRATIVE_SOURCE,
                    "illustrative": True,
                    "reported_by": focal.user if focal else None,
                    "reported_at": timezone.now(),
                },
            )
            if created:
                ReachFigureEvent.objects.create(
                    figure=figure,
                    action=ReachFigureEvent.Action.REPORTED,
                    reached=figure.reached,
                    acted_by=figure.reported_by,
                )
            status = row.get("status")
            if status:
                keep[figure.pk] = (status, row.get("note", ""))
    waiting = ReachFigure.objects.filter(status=ReachFigure.Status.REPORTED)
    for figure in waiting.exclude(pk__in=keep):
        services.reach_figure_verify(figure=figure, acting_user=team)
    for pk, (status, note) in keep.items():
        figure = ReachFigure.objects.get(pk=pk)
        if status == ReachFigure.Status.RETURNED and figure.can_transition(status):
            services.reach_figure_return(figure=figure, note=note, acting_user=team)
    return ReachFigure.objects.filter(status=ReachFigure.Status.VERIFIED).count()
