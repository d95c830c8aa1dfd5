"""Every write of the monitoring app. It writes only its own records (the journal is filed
in the repository through the repository's services)."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Resolution

from . import indicators, selectors
from .models import (
    Activity,
    Dimension,
    JournalEntry,
    JournalEvent,
    JournalFiling,
    MaturityAssessment,
    MaturityRating,
    ParticipationWeight,
    QuarterlyReport,
    QuarterSignIn,
    Recognition,
    ReportEvent,
    Snapshot,
    Stage,
)
from .quarters import Quarter


def sign_in_record(*, user):
    """Note that ``user`` signed in this quarter (the first time only: one row a quarter)."""
    now = timezone.now()
    quarter = Quarter.of(timezone.localdate(now))
    try:
        with transaction.atomic():
            QuarterSignIn.objects.get_or_create(
                user=user, year=quarter.year, quarter=quarter.number, defaults={"first_at": now}
            )
    except IntegrityError:
        # Two sign-ins at once: the other one wrote the row.
        pass


def _changes(old, new):
    """The figures and tables that differ between two computations, as "block.key"."""
    changed = []
    old_blocks, new_blocks = old.get("blocks", {}), new.get("blocks", {})
    for block, values in new_blocks.items():
        before = old_blocks.get(block, {})
        for kind in ("figures", "tables"):
            for key, value in values.get(kind, {}).items():
                if before.get(kind, {}).get(key) != value:
                    changed.append(f"{block}.{key}")
    return changed


def snapshot_take(*, quarter, acting_user=None, today=None):
    """Compute ``quarter`` and store it. The same figures as the latest version store
    nothing new (taking a quarter twice gives one snapshot); different figures (late data)
    become the next version, with what changed listed. Returns ``(snapshot, created)``.

    ``acting_user`` None is the scheduled command; a person must be in the administration
    team."""
    if acting_user is not None and not selectors.can_take_snapshots(acting_user):
        raise PermissionDenied
    if quarter.is_future(today):
        raise ValidationError(_("That quarter has not begun."), code="future_quarter")
    with transaction.atomic():
        # Lock the quarter's latest version so two runs at once make one version.
        latest = Snapshot.objects.select_for_update().of(quarter).filter(is_latest=True).first()
        readings = selectors.readings_for(quarter, latest=latest, today=today)
        data = indicators.compute(quarter, readings=readings, today=today)
        if latest is not None and latest.data == data:
            return latest, False
        version = 1
        changed = []
        if latest is not None:
            version = latest.version + 1
            changed = _changes(latest.data, data)
            Snapshot.objects.filter(pk=latest.pk).update(is_latest=False)
        snapshot = Snapshot.objects.create(
            year=quarter.year,
            quarter=quarter.number,
            version=version,
            is_latest=True,
            data=data,
            computed_at=timezone.now(),
            computed_by=acting_user,
            changed=changed,
        )
    cache.delete(selectors.live_cache_key(quarter))
    return snapshot, True


# --- The results journal ------------------------------------------------------------------

LINK_FIELDS = ("meetings", "resolutions", "action_items", "documents")


def _check_links(*, acting_user, links):
    """Each linked record must be one the author may see."""
    from committees.selectors import actions_visible_to, meetings_visible_to
    from repository.selectors import documents_visible_to

    meetings = meetings_visible_to(acting_user)
    allowed = {
        "meetings": meetings,
        "resolutions": Resolution.objects.filter(meeting__in=meetings),
        "action_items": actions_visible_to(acting_user),
        "documents": documents_visible_to(acting_user).active(),
    }
    for name, items in links.items():
        ids = {item.pk for item in items}
        if ids and allowed[name].filter(pk__in=ids).count() != len(ids):
            raise ValidationError({name: _("Link only records you can open.")}, code="not_visible")


def _entry_fields(entry, *, kind, title, text, recorded_on, working_group, pillar):
    title = (title or "").strip()
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the entry a title.")
    if not text:
        errors["text"] = _("Write what was found.")
    if kind not in JournalEntry.Kind.values:
        errors["kind"] = _("Choose what kind of entry it is.")
    if recorded_on is None:
        errors["recorded_on"] = _("Give the date.")
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    quarter = Quarter.of(recorded_on)
    entry.kind, entry.title, entry.text, entry.recorded_on = kind, title, text, recorded_on
    entry.year, entry.quarter = quarter.year, quarter.number
    entry.working_group, entry.pillar = working_group, pillar


def journal_entry_create(
    *, acting_user, kind, title, text, recorded_on, working_group=None, pillar=None, links=None
):
    if not selectors.can_keep_journal(acting_user):
        raise PermissionDenied
    links = {name: list((links or {}).get(name) or []) for name in LINK_FIELDS}
    entry = JournalEntry(author=acting_user)
    _entry_fields(
        entry,
        kind=kind,
        title=title,
        text=text,
        recorded_on=recorded_on,
        working_group=working_group,
        pillar=pillar,
    )
    _check_links(acting_user=acting_user, links=links)
    with transaction.atomic():
        entry.save()
        for name, items in links.items():
            getattr(entry, name).set(items)
        JournalEvent.objects.create(
            entry=entry, action=JournalEvent.Action.CREATED, actor=acting_user
        )
    return entry


def journal_entry_update(
    *,
    entry,
    acting_user,
    kind,
    title,
    text,
    recorded_on,
    working_group=None,
    pillar=None,
    links=None,
):
    if not selectors.can_keep_journal(acting_user):
        raise PermissionDenied
    links = {name: list((links or {}).get(name) or []) for name in LINK_FIELDS}
    _check_links(acting_user=acting_user, links=links)
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        _entry_fields(
            entry,
            kind=kind,
            title=title,
            text=text,
            recorded_on=recorded_on,
            working_group=working_group,
            pillar=pillar,
        )
        entry.save()
        for name, items in links.items():
            getattr(entry, name).set(items)
        JournalEvent.objects.create(
            entry=entry, action=JournalEvent.Action.EDITED, actor=acting_user
        )
    return entry


def journal_entry_set_visibility(*, entry, acting_user, visibility):
    """Make an entry public (members and visitors read it) or internal again."""
    if not selectors.can_keep_journal(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.can_transition(visibility):
            raise ValidationError(
                _("The entry is already %(visibility)s.")
                % {"visibility": entry.get_visibility_display().lower()},
                code="invalid_transition",
            )
        entry.visibility = visibility
        entry.save(update_fields=["visibility", "updated_at"])
        JournalEvent.objects.create(
            entry=entry,
            action=JournalEvent.Action.MADE_PUBLIC
            if visibility == JournalEntry.Visibility.PUBLIC
            else JournalEvent.Action.MADE_INTERNAL,
            actor=acting_user,
        )
    return entry


def journal_file_quarter(*, quarter, acting_user):
    """File a closed quarter's journal in the repository as one text document seen by the
    Oversight Committee (and the staff roles). Filing again, after a late entry, adds a
    version to the same document; an unchanged journal adds nothing. Returns the filing."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string
    from django.utils import translation

    from committees.selectors import oversight_committee
    from core import files
    from repository import services as repository_services
    from repository.models import Document

    if not selectors.can_keep_journal(acting_user):
        raise PermissionDenied
    if quarter.is_current() or quarter.is_future():
        raise ValidationError(
            _("A quarter's journal is filed once the quarter has closed."), code="quarter_open"
        )
    committee = oversight_committee()
    if committee is None:
        raise ValidationError(_("There is no Oversight Committee to file the journal for."))
    entries = list(JournalEntry.objects.of(quarter).for_listing().order_by("recorded_on", "pk"))
    if not entries:
        raise ValidationError(_("This quarter's journal has no entries."), code="empty")
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "monitoring/journal_file.txt", {"quarter": quarter, "entries": entries}
        )
        title = _("Results journal, %(quarter)s") % {"quarter": quarter}
    upload = ContentFile(text.encode("utf-8"), name=f"results-journal-{quarter.slug}.txt")
    checked = files.check_upload(
        upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )
    with transaction.atomic():
        filing = (
            JournalFiling.objects.select_for_update()
            .filter(year=quarter.year, quarter=quarter.number)
            .select_related("document")
            .first()
        )
        if filing is None:
            document = repository_services.document_create(
                acting_user=acting_user,
                data={
                    "title": title,
                    "summary": _(
                        "The content coordinator's results journal for the quarter: results, "
                        "lessons, conclusions and policy gaps."
                    ),
                    "type": Document.Type.OTHER,
                    "published_on": quarter.last_day,
                    "language": Document.Language.ENGLISH,
                    "visibility": Document.Visibility.COMMITTEE,
                    "body": committee,
                },
                upload=upload,
                checked=checked,
            )
            filing = JournalFiling.objects.create(
                year=quarter.year,
                quarter=quarter.number,
                document=document,
                filed_by=acting_user,
                entry_count=len(entries),
            )
        else:
            latest = filing.document.versions.order_by("-number").first()
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if latest is None or latest.sha256 != digest:
                repository_services.version_add(
                    document=filing.document,
                    acting_user=acting_user,
                    upload=upload,
                    checked=checked,
                )
                filing.filed_by = acting_user
                filing.entry_count = len(entries)
                filing.save()
    return filing


# --- Maturity assessment ------------------------------------------------------------------


def maturity_assess(*, quarter, acting_user, ratings, note=""):
    """The Oversight Committee records the CoP's stage for ``quarter``: ``ratings`` maps
    each dimension to ``{"stage", "rationale", "indicators", "documents", "meetings"}``. Once
    a quarter; the current or a closed quarter, never one to come."""
    from committees.selectors import meetings_visible_to
    from repository.selectors import documents_visible_to

    from .indicators.registry import all_figures

    if not selectors.can_assess_maturity(acting_user):
        raise PermissionDenied
    if quarter.is_future():
        raise ValidationError({"quarter": _("That quarter has not begun.")})
    errors = {}
    known = {f"{provider.key}.{figure.key}" for provider, figure in all_figures()}
    for dimension in Dimension.values:
        rating = ratings.get(dimension) or {}
        if rating.get("stage") not in Stage.values:
            errors[f"stage_{dimension}"] = _("Choose a stage.")
        if not (rating.get("rationale") or "").strip():
            errors[f"rationale_{dimension}"] = _("Say why, in a sentence or two.")
        if set(rating.get("indicators") or []) - known:
            errors[f"indicators_{dimension}"] = _("Cite the scorecard's figures only.")
        documents = {d.pk for d in rating.get("documents") or []}
        if documents and documents_visible_to(acting_user).filter(pk__in=documents).count() != len(
            documents
        ):
            errors[f"documents_{dimension}"] = _("Cite only documents you can open.")
        meetings = {m.pk for m in rating.get("meetings") or []}
        if meetings and meetings_visible_to(acting_user).filter(pk__in=meetings).count() != len(
            meetings
        ):
            errors[f"meetings_{dimension}"] = _("Cite only meetings you can open.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if MaturityAssessment.objects.filter(year=quarter.year, quarter=quarter.number).exists():
            raise ValidationError(
                {"quarter": _("The committee has already recorded this quarter's stage.")},
                code="already_recorded",
            )
        try:
            with transaction.atomic():
                assessment = MaturityAssessment.objects.create(
                    year=quarter.year,
                    quarter=quarter.number,
                    note=(note or "").strip(),
                    recorded_by=acting_user,
                )
        except IntegrityError:
            raise ValidationError(
                {"quarter": _("The committee has already recorded this quarter's stage.")},
                code="already_recorded",
            ) from None
        for dimension in Dimension.values:
            rating = ratings[dimension]
            made = MaturityRating.objects.create(
                assessment=assessment,
                dimension=dimension,
                stage=rating["stage"],
                rationale=rating["rationale"].strip(),
                indicators=sorted(set(rating.get("indicators") or [])),
            )
            made.documents.set(rating.get("documents") or [])
            made.meetings.set(rating.get("meetings") or [])
    return assessment


# --- Recognition --------------------------------------------------------------------------


def weights_set(*, acting_user, weights):
    """The administration team sets the points of each activity (0 to 50)."""
    if not selectors.can_set_weights(acting_user):
        raise PermissionDenied
    errors = {}
    for activity in Activity.values:
        value = weights.get(activity)
        if not isinstance(value, int) or not 0 <= value <= 50:
            errors[activity] = _("Give a whole number of points from 0 to 50.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for activity in Activity.values:
            ParticipationWeight.objects.update_or_create(
                activity=activity,
                defaults={"points": weights[activity], "updated_by": acting_user},
            )


def recognition_grant(
    *, acting_user, award, citation, period_start, period_end, user=None, organisation=None
):
    """The Oversight Committee grants a named recognition for a period; the points earned
    over the period are recorded with it. It shows on the organisation's profile at once."""
    from core.page_cache import bump_version

    from . import points

    if not selectors.can_grant_recognition(acting_user):
        raise PermissionDenied
    errors = {}
    award = (award or "").strip()
    citation = (citation or "").strip()
    if not award:
        errors["award"] = _("Name the award.")
    if not citation:
        errors["citation"] = _("Write the citation.")
    if (user is None) == (organisation is None):
        errors["organisation"] = _("Choose either a person or an organisation.")
    if period_start is None or period_end is None:
        errors["period_end"] = _("Give the period.")
    elif period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    elif period_end > timezone.localdate():
        errors["period_end"] = _("The period cannot end in the future.")
    if organisation is not None and not organisation.is_active:
        errors["organisation"] = _("Only an active member organisation can be recognised.")
    if errors:
        raise ValidationError(errors)
    earned = points.points_of(
        start=period_start, end=period_end, user=user, organisation=organisation
    )
    with transaction.atomic():
        made = Recognition.objects.create(
            award=award,
            citation=citation,
            period_start=period_start,
            period_end=period_end,
            user=user,
            organisation=organisation,
            points=earned,
            granted_by=acting_user,
        )
        transaction.on_commit(bump_version)
    return made


# --- The chair's quarterly report ---------------------------------------------------------


def report_save_commentary(*, quarter, acting_user, commentary):
    """Write the commentary of ``quarter``'s report (made on first save). A sent report is
    not changed."""
    if not selectors.can_edit_report(acting_user):
        raise PermissionDenied
    if quarter.is_future():
        raise ValidationError(_("That quarter has not begun."), code="future_quarter")
    commentary = (commentary or "").strip()
    with transaction.atomic():
        report, _created = QuarterlyReport.objects.select_for_update().get_or_create(
            year=quarter.year,
            quarter=quarter.number,
            defaults={"updated_by": acting_user},
        )
        # Editing the commentary is no move: only a report that may still be sent is edited.
        if not report.can_transition(QuarterlyReport.Status.SENT):
            raise ValidationError(
                {"commentary": _("The report was sent: it is no longer edited.")},
                code="already_sent",
            )
        report.commentary = commentary
        report.updated_by = acting_user
        report.save()
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.EDITED, actor=acting_user
        )
    return report


def report_send(*, quarter, acting_user):
    """Send the report of ``quarter`` to the Oversight and Steering Committees' members (one
    e-mail each, the page as HTML with its link) and file it as a document of the Oversight
    Committee. Once: a second send is refused."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string
    from django.utils import translation

    from committees.selectors import oversight_committee
    from core import files, mail
    from repository import services as repository_services
    from repository.models import Document

    from . import report as report_content

    if not selectors.can_edit_report(acting_user):
        raise PermissionDenied
    committee = oversight_committee()
    recipients = selectors.report_recipients()
    if committee is None or not recipients:
        raise ValidationError(
            _("The Oversight and Steering Committees have no members to send it to."),
            code="no_recipients",
        )
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .filter(year=quarter.year, quarter=quarter.number)
            .first()
        )
        if report is None:
            raise ValidationError(
                _("Write the commentary first: the report is reviewed before it is sent."),
                code="no_report",
            )
        if not report.can_transition(QuarterlyReport.Status.SENT):
            raise ValidationError(_("This report was already sent."), code="already_sent")
        if not report.commentary:
            raise ValidationError(
                {"commentary": _("Write the commentary before sending.")}, code="no_commentary"
            )
        body = report_content.content(quarter)
        context = {"report": report, "content": body, "quarter": quarter}
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string("monitoring/report_file.txt", context)
            title = _("The chair's quarterly report, %(quarter)s") % {"quarter": quarter}
        upload = ContentFile(text.encode("utf-8"), name=f"chair-report-{quarter.slug}.txt")
        checked = files.check_upload(
            upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
        )
        document = repository_services.document_create(
            acting_user=acting_user,
            data={
                "title": title,
                "summary": _(
                    "The CoP's health, maturity, results and recognitions of the quarter."
                ),
                "type": Document.Type.OTHER,
                "published_on": timezone.localdate(),
                "language": Document.Language.ENGLISH,
                "visibility": Document.Visibility.COMMITTEE,
                "body": committee,
            },
            upload=upload,
            checked=checked,
        )
        report.status = QuarterlyReport.Status.SENT
        report.sent_at = timezone.now()
        report.sent_by = acting_user
        report.document = document
        report.recipient_count = len(recipients)
        report.save()
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SENT, actor=acting_user)
        mail.send_email_each("monitoring/email/report", recipients, context)
    return report
