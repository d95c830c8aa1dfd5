"""Writes to the bulletin. Each service checks who acts and whether the transition is allowed,
runs in one transaction with the changed row locked, records the event, and sends its e-mail
once the transaction commits.

Publishing (now or when a scheduled edition falls due) hands the edition to
``sending.queue_edition`` after commit: that is where distribution starts."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import files, mail
from core.sanitise import clean_html, clean_text
from members import selectors as member_selectors

from . import blocks, selectors, sending
from .models import (
    Edition,
    EditionDocument,
    EditionItem,
    Section,
    Submission,
    SubmissionEvent,
)


def _url(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _required(value, field, message, code):
    value = clean_text(value)
    if not value:
        raise ValidationError({field: ValidationError(message, code=code)})
    return value


# --- Submissions ---------------------------------------------------------------------------


def _check_sources(*, link, has_file, document, acting_user):
    if not (link or has_file or document):
        raise ValidationError(
            _("Give a link, a file or a repository document (or several)."), code="no_source"
        )
    if document is not None and not (
        selectors.documents_for_submission(acting_user).filter(pk=document.pk).exists()
    ):
        raise ValidationError(
            {"document": ValidationError(_("Choose a document you can see."), code="document")}
        )


def _store_file(submission, upload, checked, stored):
    submission.file_extension = checked.extension
    submission.file_content_type = checked.content_type
    submission.file_name = upload.name[:255]
    files.store(submission.file, upload, stored)


def _event(submission, action, actor, note=""):
    return SubmissionEvent.objects.create(
        submission=submission, action=action, actor=actor, note=note
    )


def submission_create(
    *, acting_user, kind, title, description, link="", document=None, upload=None, checked=None
):
    """A member submits an item: a link, a file (``checked`` is ``repository.checks``'s
    answer for ``upload``) or a repository document they can see, or several."""
    if not selectors.can_submit(acting_user):
        raise PermissionDenied
    title = _required(title, "title", _("Give the item a title."), "title")
    description = _required(
        description, "description", _("Say in a few words what it is about."), "description"
    )
    _check_sources(link=link, has_file=bool(upload), document=document, acting_user=acting_user)
    person = member_selectors.person_for(acting_user)
    stored = []
    try:
        with transaction.atomic():
            submission = Submission(
                kind=kind,
                title=title,
                description=description,
                link=link or "",
                document=document,
                submitted_by=acting_user,
                organisation=person.organisation if person else None,
            )
            if upload:
                _store_file(submission, upload, checked, stored)
            submission.full_clean(exclude=["file"])
            submission.save()
            _event(submission, SubmissionEvent.Action.SUBMITTED, acting_user)
    except BaseException:
        files.discard(stored)
        raise
    return submission


def submission_update(
    *,
    submission,
    acting_user,
    kind,
    title,
    description,
    link="",
    document=None,
    upload=None,
    checked=None,
    remove_file=False,
):
    """The submitter edits an item still waiting for review, or answers a request for
    changes: the item then goes back to the queue."""
    title = _required(title, "title", _("Give the item a title."), "title")
    description = _required(
        description, "description", _("Say in a few words what it is about."), "description"
    )
    stored, replaced = [], []
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            if submission.submitted_by_id != acting_user.pk or not selectors.can_submit(
                acting_user
            ):
                raise PermissionDenied
            if not submission.is_editable_by_submitter:
                raise ValidationError(
                    _("This item was already decided on: it can no longer be changed."),
                    code="decided",
                )
            keeps_file = bool(submission.file) and not remove_file and not upload
            _check_sources(
                link=link,
                has_file=bool(upload) or keeps_file,
                document=document,
                acting_user=acting_user,
            )
            if submission.file and (upload or remove_file):
                replaced.append((submission.file.storage, submission.file.name))
                submission.file = ""
                submission.file_name = submission.file_extension = ""
                submission.file_content_type = ""
            if upload:
                _store_file(submission, upload, checked, stored)
            submission.kind = kind
            submission.title = title
            submission.description = description
            submission.link = link or ""
            submission.document = document
            resubmitted = submission.can_transition(Submission.Status.SUBMITTED)
            if resubmitted:
                submission.status = Submission.Status.SUBMITTED
                submission.submitted_at = timezone.now()
            submission.full_clean(exclude=["file"])
            submission.save()
            _event(
                submission,
                SubmissionEvent.Action.RESUBMITTED
                if resubmitted
                else SubmissionEvent.Action.EDITED,
                acting_user,
            )
            transaction.on_commit(lambda: files.discard(replaced))
    except BaseException:
        files.discard(stored)
        raise
    return submission


def _locked_for_decision(submission, acting_user, to):
    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied
    submission = (
        Submission.objects.select_for_update().select_related("submitted_by").get(pk=submission.pk)
    )
    if not submission.can_transition(to):
        raise ValidationError(
            _("This item is no longer waiting for a decision (%(status)s).")
            % {"status": submission.get_status_display().lower()},
            code="decided",
        )
    return submission


def _mail_submitter(submission, template):
    mail.send_email(
        f"bulletin/email/{template}",
        [submission.submitted_by.email],
        {
            "submission": submission,
            "url": _url("bulletin:submission_detail", pk=submission.pk),
        },
    )


def submission_accept(*, submission, acting_user, summary):
    """Accept an item with the summary the bulletin prints (required)."""
    summary = _required(
        summary, "summary", _("Write the summary the bulletin will print."), "summary"
    )
    with transaction.atomic():
        submission = _locked_for_decision(submission, acting_user, Submission.Status.ACCEPTED)
        submission.status = Submission.Status.ACCEPTED
        submission.summary = summary
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "summary", "decided_at", "updated_at"])
        _event(submission, SubmissionEvent.Action.ACCEPTED, acting_user)
        _mail_submitter(submission, "submission_accepted")
    return submission


def submission_decline(*, submission, acting_user, note):
    note = _required(note, "note", _("Tell the submitter why it is declined."), "note")
    with transaction.atomic():
        submission = _locked_for_decision(submission, acting_user, Submission.Status.DECLINED)
        submission.status = Submission.Status.DECLINED
        submission.note_to_submitter = note
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "note_to_submitter", "decided_at", "updated_at"])
        _event(submission, SubmissionEvent.Action.DECLINED, acting_user, note)
        _mail_submitter(submission, "submission_declined")
    return submission


def submission_request_changes(*, submission, acting_user, note):
    note = _required(note, "note", _("Tell the submitter what to change."), "note")
    with transaction.atomic():
        submission = _locked_for_decision(
            submission, acting_user, Submission.Status.CHANGES_REQUESTED
        )
        submission.status = Submission.Status.CHANGES_REQUESTED
        submission.note_to_submitter = note
        submission.save(update_fields=["status", "note_to_submitter", "updated_at"])
        _event(submission, SubmissionEvent.Action.CHANGES_REQUESTED, acting_user, note)
        _mail_submitter(submission, "submission_changes_requested")
    return submission


def submission_update_summary(*, submission, acting_user, summary):
    """Revise the summary of an accepted item before its edition goes out."""
    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied
    summary = _required(
        summary, "summary", _("Write the summary the bulletin will print."), "summary"
    )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.ACCEPTED:
            raise ValidationError(
                _("Only the summary of an accepted item not yet published can change."),
                code="not_accepted",
            )
        submission.summary = summary
        submission.save(update_fields=["summary", "updated_at"])
        _event(submission, SubmissionEvent.Action.SUMMARY_EDITED, acting_user)
    return submission


# --- Editions ------------------------------------------------------------------------------


def _coordinator(acting_user):
    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied


def _locked_editable(edition, to=None):
    """The edition, locked, if it may still change (and move ``to`` a status, if given)."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise ValidationError(
            _("This edition is published: it can no longer change."), code="published"
        )
    if to is not None and not edition.can_transition(to):
        raise ValidationError(
            _("This edition is %(current)s: it cannot become %(new)s.")
            % {
                "current": edition.get_status_display().lower(),
                "new": Edition.Status(to).label.lower(),
            },
            code="invalid_transition",
        )
    return edition


def edition_create(*, acting_user, year, quarter, title=""):
    _coordinator(acting_user)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": ValidationError(_("Choose a quarter."), code="quarter")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": ValidationError(_("Give a real year."), code="year")})
    exists = ValidationError(
        _("There is already an edition for %(title)s.")
        % {"title": Edition.default_title(year, quarter)},
        code="exists",
    )
    if Edition.objects.filter(year=year, quarter=quarter).exists():
        raise exists
    edition = Edition(
        year=year,
        quarter=quarter,
        title=clean_text(title) or Edition.default_title(year, quarter),
        slug=Edition.default_slug(year, quarter),
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            edition.full_clean(validate_unique=False, validate_constraints=False)
            edition.save()
    except IntegrityError:
        raise exists from None  # created by someone else meanwhile
    return edition


def edition_update(*, edition, acting_user, title, editorial):
    """Change the title and the editorial (sanitised with the allowlist before it is kept)."""
    _coordinator(acting_user)
    title = _required(title, "title", _("Give the edition a title."), "title")
    with transaction.atomic():
        edition = _locked_editable(edition)
        edition.title = title
        edition.editorial = clean_html(editorial)
        edition.full_clean()
        edition.save(update_fields=["title", "editorial", "updated_at"])
    return edition


def section_add(*, edition, acting_user, title):
    _coordinator(acting_user)
    title = _required(title, "title", _("Give the section a title."), "title")
    with transaction.atomic():
        edition = _locked_editable(edition)
        last = edition.sections.aggregate(n=Max("position"))["n"]
        return Section.objects.create(
            edition=edition, title=title[:200], position=0 if last is None else last + 1
        )


def section_rename(*, section, acting_user, title):
    _coordinator(acting_user)
    title = _required(title, "title", _("Give the section a title."), "title")
    with transaction.atomic():
        _locked_editable(section.edition)
        Section.objects.filter(pk=section.pk).update(title=title[:200])


def section_delete(*, section, acting_user):
    """Remove a section; its items go back to the accepted items waiting for an edition."""
    _coordinator(acting_user)
    with transaction.atomic():
        _locked_editable(section.edition)
        for item in section.items.select_related("submission"):
            _event(item.submission, SubmissionEvent.Action.REMOVED, acting_user)
        section.items.all().delete()
        section.delete()


def _swap(queryset, obj, direction):
    """Move ``obj`` one place up or down among ``queryset`` (ordered by position, pk), then
    renumber 0..n-1 so that positions stay dense."""
    rows = list(queryset.order_by("position", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def section_move(*, section, acting_user, direction):
    _coordinator(acting_user)
    with transaction.atomic():
        edition = _locked_editable(section.edition)
        _swap(edition.sections.all(), section, direction)


def item_add(*, section, submission, acting_user):
    """Place an accepted item in a section (at its end). An item is in one edition at most."""
    _coordinator(acting_user)
    with transaction.atomic():
        _locked_editable(section.edition)
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.ACCEPTED:
            raise ValidationError(_("Only accepted items can be placed."), code="not_accepted")
        if EditionItem.objects.filter(submission=submission).exists():
            raise ValidationError(_("This item is already in an edition."), code="already_placed")
        last = section.items.aggregate(n=Max("position"))["n"]
        item = EditionItem.objects.create(
            section=section, submission=submission, position=0 if last is None else last + 1
        )
        _event(submission, SubmissionEvent.Action.PLACED, acting_user, section.edition.title)
    return item


def item_remove(*, item, acting_user):
    _coordinator(acting_user)
    with transaction.atomic():
        _locked_editable(item.section.edition)
        _event(item.submission, SubmissionEvent.Action.REMOVED, acting_user)
        item.delete()


def item_move(*, item, acting_user, direction):
    _coordinator(acting_user)
    with transaction.atomic():
        _locked_editable(item.section.edition)
        _swap(item.section.items.all(), item, direction)


def edition_schedule(*, edition, acting_user, publish_at, now=None):
    """Publish at a set time: ``publish_due_editions`` (cron or worker) does it then."""
    _coordinator(acting_user)
    if publish_at is None or publish_at <= (now or timezone.now()):
        raise ValidationError(
            {"publish_at": ValidationError(_("Choose a time in the future."), code="past")}
        )
    with transaction.atomic():
        edition = _locked_editable(edition, Edition.Status.SCHEDULED)
        _check_publishable(edition)
        edition.status = Edition.Status.SCHEDULED
        edition.publish_at = publish_at
        edition.save(update_fields=["status", "publish_at", "updated_at"])
    return edition


def edition_unschedule(*, edition, acting_user):
    _coordinator(acting_user)
    with transaction.atomic():
        edition = _locked_editable(edition, Edition.Status.DRAFT)
        edition.status = Edition.Status.DRAFT
        edition.publish_at = None
        edition.save(update_fields=["status", "publish_at", "updated_at"])
    return edition


def _check_publishable(edition):
    if not EditionItem.objects.filter(section__edition=edition).exists():
        raise ValidationError(
            _("Place at least one accepted item in the edition first."), code="empty"
        )


def store_new_documents(edition):
    """Work out the published edition's "new public documents" block as of its publication
    and store it, with the automatic blocks of other apps (``bulletin.blocks``), so that its
    page and e-mail read a few rows rather than every approval in the repository. Publishing
    calls it; so may anything that changes ``published_at`` afterwards (the demo and the
    generator date their editions back)."""
    with transaction.atomic():
        edition.documents_stored = False  # work it out, whatever was stored before
        documents = selectors.work_out_new_public_documents(edition)
        EditionDocument.objects.filter(edition=edition).delete()
        EditionDocument.objects.bulk_create(
            EditionDocument(
                edition=edition, document=document, made_public_at=document.made_public_at,
                position=position,
            )
            for position, document in enumerate(documents)
        )  # fmt: skip
        edition.documents_stored = True
        edition.automatic_blocks = blocks.work_out(edition)
        Edition.objects.filter(pk=edition.pk).update(
            documents_stored=True, automatic_blocks=edition.automatic_blocks
        )
    return documents


def _publish(edition, *, actor, note="", distribute=True):
    """Publish a locked, unpublished edition: its items become published, their submitters
    are told, and (unless ``distribute`` is false) distribution is queued once the
    transaction commits."""
    _check_publishable(edition)
    now = timezone.now()
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = now
    if edition.publish_at is None:
        edition.publish_at = now
    edition.save(update_fields=["status", "published_at", "publish_at", "updated_at"])
    store_new_documents(edition)
    submissions = list(
        Submission.objects.select_for_update()
        .filter(edition_item__section__edition=edition)
        .select_related("submitted_by")
    )
    edition_url = settings.SITE_URL + edition.get_absolute_url()
    for submission in submissions:
        submission.status = Submission.Status.PUBLISHED
        submission.save(update_fields=["status", "updated_at"])
        _event(submission, SubmissionEvent.Action.PUBLISHED, actor, note or edition.title)
        mail.send_email(
            "bulletin/email/submission_published",
            [submission.submitted_by.email],
            {"submission": submission, "edition": edition, "url": edition_url},
        )
    if distribute:
        edition_pk = edition.pk
        transaction.on_commit(lambda: sending.queue_edition(Edition.objects.get(pk=edition_pk)))
    return edition


def edition_publish(*, edition, acting_user, distribute=True):
    """Publish now. ``distribute=False`` puts the edition on the web (archive, feed) without
    e-mailing it: for past editions entered after the fact, never offered in the pages."""
    _coordinator(acting_user)
    with transaction.atomic():
        edition = _locked_editable(edition, Edition.Status.PUBLISHED)
        return _publish(edition, actor=acting_user, distribute=distribute)


def publish_due_editions(now=None):
    """Publish every scheduled edition whose time has come (run by cron or a worker). Each is
    locked and checked again, so two runs at once publish it once. Returns the editions."""
    published = []
    for pk in list(Edition.objects.due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=pk)
            if not (
                edition.status == Edition.Status.SCHEDULED
                and edition.can_transition(Edition.Status.PUBLISHED)
            ):
                continue
            try:
                with transaction.atomic():
                    published.append(
                        _publish(edition, actor=None, note=_("Published at the scheduled time"))
                    )
            except ValidationError:
                # Emptied after it was scheduled: back to draft rather than retried forever.
                edition.status = Edition.Status.DRAFT
                edition.save(update_fields=["status", "updated_at"])
    return published
