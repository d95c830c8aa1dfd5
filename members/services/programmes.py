"""A focal person's programmes and their reach figures, and the administration team's
verification of each figure: only a verified figure counts in public (decision 0023)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail

from .. import reference_data, selectors
from ..models import Programme, ReachFigure, ReachFigureEvent

VERIFY_PERMISSION = "members.verify_reachfigure"
PROGRAMME_FIELDS = ("name", "pillar", "description", "start_year", "url")
FIGURE_FIELDS = ("year", "county", "unit", "reached", "source")


def _where(county):
    return county.name if county else _("national")


def check_reach(*, year, county, reached):
    """Refuse a number no programme can have reached: below zero, or more people than the
    county (or the country) counted in the 2019 census."""
    if reached is None or reached < 0:
        raise ValidationError(_("The number reached cannot be negative."), code="negative")
    limit = reference_data.population_limit(county.code if county else None)
    if reached > limit:
        raise ValidationError(
            _(
                "%(reached)s for %(year)s, %(where)s, is more than the %(limit)s people the "
                "2019 census counted there. Check the figure."
            )
            % {
                "reached": f"{reached:,}",
                "year": year,
                "where": _where(county),
                "limit": f"{limit:,}",
            },
            code="implausible",
        )


def _duplicate_error(year, county, unit):
    return ValidationError(
        _(
            "There are two figures for %(year)s, %(where)s, in %(unit)s. "
            "Keep one per year, place and unit."
        )
        % {"year": year, "where": _where(county), "unit": ReachFigure.Unit(unit).label},
        code="duplicate",
    )


def _figure_event(figure, action, acting_user, note=""):
    ReachFigureEvent.objects.create(
        figure=figure, action=action, reached=figure.reached, note=note, acted_by=acting_user
    )


def programme_save(*, programme, acting_user, counties=(), figures=(), **fields):
    """Create or change a programme of the acting focal person's organisation, with its reach
    figures, from cleaned data. ``fields`` are the programme's own (name, pillar,
    description, start_year, url); ``figures`` a list of dicts with ``pk`` (None for a new
    figure), ``delete`` and the figure's fields (year, county, unit, reached, source).

    A new or changed figure is reported by the acting user and waits for the
    administration team's verification; an unchanged one keeps its state. All or nothing:
    a refused figure leaves the programme and all its figures as they were."""
    if not selectors.is_focal_person(acting_user, programme.organisation):
        raise PermissionDenied
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Not a programme field: {', '.join(sorted(unknown))}")
    now = timezone.now()
    try:
        with transaction.atomic():
            if programme.pk:
                try:
                    programme = Programme.objects.select_for_update().get(
                        pk=programme.pk, organisation=programme.organisation
                    )
                except Programme.DoesNotExist:
                    raise PermissionDenied from None
            for name, value in fields.items():
                setattr(programme, name, value)
            programme.full_clean(exclude=["organisation"])
            programme.save()
            programme.counties.set(counties)
            existing = (
                {
                    f.pk: f
                    for f in programme.reach.select_for_update(of=("self",)).select_related(
                        "county"
                    )
                }
                if figures
                else {}
            )
            kept, changed = _apply_figures(programme, existing, figures)
            seen = set()
            for figure in kept:
                key = (figure.year, figure.county_id, figure.unit)
                if key in seen:
                    raise _duplicate_error(figure.year, figure.county, figure.unit)
                seen.add(key)
            for figure, _action in changed:
                figure.status = ReachFigure.Status.REPORTED
                figure.reported_by = acting_user
                figure.reported_at = now
                figure.return_note = ""
            # The deletions are done: a figure may take the place a deleted one left.
            for figure, action in changed:
                figure.full_clean(exclude=["programme"], validate_constraints=False)
                figure.save()
                _figure_event(figure, action, acting_user)
    except IntegrityError:
        raise ValidationError(
            _(
                "The programme could not be saved: its name or one of its figures clashes "
                "with one already recorded. Check and try again."
            ),
            code="conflict",
        ) from None
    return programme


def _apply_figures(programme, existing, figures):
    """Delete what is to go; set the new values on the rest. Returns the figures kept and
    those new or changed, each with its audit action."""
    kept_pks = set(existing)
    changed = []
    for change in figures:
        pk = change.get("pk")
        if pk is not None and pk not in existing:
            raise PermissionDenied  # a figure of another programme
        if change.get("delete"):
            if pk is not None:
                existing[pk].delete()
                kept_pks.discard(pk)
            continue
        check_reach(year=change["year"], county=change["county"], reached=change["reached"])
        if pk is None:
            figure = ReachFigure(programme=programme)
            action = ReachFigureEvent.Action.REPORTED
        else:
            figure = existing[pk]
            action = ReachFigureEvent.Action.CORRECTED
            if all(
                getattr(figure, name) == change[name] for name in FIGURE_FIELDS if name in change
            ):
                continue
        for name in FIGURE_FIELDS:
            if name in change:
                setattr(
                    figure,
                    name,
                    " ".join(change[name].split()) if name == "source" else change[name],
                )
        changed.append((figure, action))
    kept = [existing[pk] for pk in kept_pks]
    kept += [figure for figure, _action in changed if figure.pk is None]
    return kept, changed


def programme_delete(*, programme, acting_user):
    """A focal person deletes a programme of their organisation, with its reach figures."""
    if not selectors.is_focal_person(acting_user, programme.organisation):
        raise PermissionDenied
    Programme.objects.filter(pk=programme.pk, organisation=programme.organisation).delete()


def _lock_figure(figure, to):
    locked = (
        ReachFigure.objects.select_for_update(of=("self",))
        .select_related("programme__organisation", "county")
        .get(pk=figure.pk)
    )
    if not locked.can_transition(to):
        raise ValidationError(
            _("This figure is %(status)s: it cannot be %(action)s.")
            % {
                "status": locked.get_status_display().lower(),
                "action": ReachFigure.Status(to).label.lower(),
            },
            code="state",
        )
    return locked


def reach_figure_verify(*, figure, acting_user):
    """The administration team checks a reported figure against its source: from now on it
    counts in public."""
    if not acting_user.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        figure = _lock_figure(figure, ReachFigure.Status.VERIFIED)
        figure.status = ReachFigure.Status.VERIFIED
        figure.decided_by = acting_user
        figure.decided_at = timezone.now()
        figure.return_note = ""
        figure.save(update_fields=["status", "decided_by", "decided_at", "return_note"])
        _figure_event(figure, ReachFigureEvent.Action.VERIFIED, acting_user)
    return figure


def reach_figure_return(*, figure, note, acting_user):
    """The administration team sends a figure back to the organisation with a note saying
    what to check; it stops counting in public until corrected and verified."""
    if not acting_user.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Say what the organisation should check. Nothing was changed."), code="note"
        )
    with transaction.atomic():
        figure = _lock_figure(figure, ReachFigure.Status.RETURNED)
        figure.status = ReachFigure.Status.RETURNED
        figure.decided_by = acting_user
        figure.decided_at = timezone.now()
        figure.return_note = note
        figure.save(update_fields=["status", "decided_by", "decided_at", "return_note"])
        _figure_event(figure, ReachFigureEvent.Action.RETURNED, acting_user, note)
        recipients = [p.user.email for p in selectors.focal_people(figure.programme.organisation)]
        if recipients:
            mail.send_email(
                "members/email/reach_figure_returned", recipients, {"figure": figure, "note": note}
            )
    return figure
