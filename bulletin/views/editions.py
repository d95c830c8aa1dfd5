"""Pages of the bulletin: the public archive and editions, members' submissions, and the
content coordinator's moderation and edition building. A submission or an unpublished edition
a user may not see answers 404."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from core import files
from core.forms import add_service_error
from core.page_cache import cache_public_page

from .. import rendering, selectors, services
from ..forms import (
    DecisionForm,
    EditionCreateForm,
    EditorialForm,
    PlaceItemForm,
    ScheduleForm,
    SectionForm,
    SubmissionForm,
    SummaryForm,
)
from ..models import Edition, EditionItem, Section, Submission

FILE_CSP = "sandbox; default-src 'none'"
# The e-mail preview is the message itself: inline styles (as e-mail needs), no script at
# all, and framed only by the portal's own preview page.
EMAIL_PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "https:", "data:"],
    "script-src": ["'none'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def _error_messages(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def _posted(request):
    """The submitted data (even if empty) on POST, None otherwise: a form is bound on POST."""
    return request.POST if request.method == "POST" else None


def _coordinator_only(request):
    if not selectors.is_coordinator(request.user):
        raise Http404


# --- Public --------------------------------------------------------------------------------


def archive(request):
    return render(
        request,
        "bulletin/archive.html",
        {
            "editions": list(selectors.archive()),
            "is_coordinator": selectors.is_coordinator(request.user),
            "can_submit": selectors.can_submit(request.user),
        },
    )


@cache_public_page
def edition_detail(request, slug):
    try:
        edition = selectors.edition_for_page(slug=slug, user=request.user)
    except Edition.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "bulletin/edition.html",
        {**rendering.edition_context(edition), "is_preview": not edition.is_published},
    )


def submission_file(request, pk):
    submission = get_object_or_404(Submission.objects.exclude(file=""), pk=pk)
    if not selectors.can_see_submission_file(request.user, submission):
        raise Http404
    inline = submission.file_content_type in {files.PDF, files.PNG, files.JPEG, files.WEBP}
    response = files.serve(
        submission.file,
        content_type=submission.file_content_type,
        filename=submission.file_name or f"item.{submission.file_extension}",
        inline=inline,
    )
    response["Content-Security-Policy"] = FILE_CSP
    response["Vary"] = "Cookie"
    return response


# --- Members -------------------------------------------------------------------------------


@login_required
def submit(request):
    if not selectors.can_submit(request.user):
        raise Http404
    initial = {"document": request.GET.get("document", "")}
    form = SubmissionForm(
        _posted(request), request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_create(
                acting_user=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                link=data["link"],
                document=data["document"],
                upload=data["file"],
                checked=form.checked,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you: “%(title)s” is waiting for the content coordinator.")
                % {"title": submission.title},
            )
            return HttpResponseRedirect(reverse("bulletin:my_submissions"))
    return render(request, "bulletin/submit.html", {"form": form})


@login_required
def my_submissions(request):
    if not selectors.can_submit(request.user):
        raise Http404
    return render(
        request,
        "bulletin/my_submissions.html",
        {"submissions": list(selectors.submissions_of(request.user))},
    )


@login_required
def submission_detail(request, pk):
    try:
        submission = selectors.submission_for_submitter(pk=pk, user=request.user)
    except Submission.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "bulletin/submission_detail.html",
        {"submission": submission, "events": submission.events.all()},
    )


@login_required
def submission_edit(request, pk):
    try:
        submission = selectors.submission_for_submitter(pk=pk, user=request.user)
    except Submission.DoesNotExist:
        raise Http404 from None
    if not submission.is_editable_by_submitter or not selectors.can_submit(request.user):
        raise Http404
    initial = {
        "kind": submission.kind,
        "title": submission.title,
        "description": submission.description,
        "link": submission.link,
        "document": submission.document.slug if submission.document else "",
    }
    form = SubmissionForm(
        _posted(request),
        request.FILES or None,
        user=request.user,
        submission=submission,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submission_update(
                submission=submission,
                acting_user=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                link=data["link"],
                document=data["document"],
                upload=data["file"],
                checked=form.checked,
                remove_file=data.get("remove_file", False),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return HttpResponseRedirect(submission.get_absolute_url())
    return render(
        request, "bulletin/submission_edit.html", {"form": form, "submission": submission}
    )


# --- Moderation ----------------------------------------------------------------------------


@login_required
def queue(request):
    _coordinator_only(request)
    return render(
        request,
        "bulletin/queue.html",
        {
            "pending": list(selectors.moderation_queue()),
            "waiting": list(selectors.waiting_for_submitter()),
            "accepted": list(selectors.placeable_submissions()),
        },
    )


@login_required
def review(request, pk):
    _coordinator_only(request)
    try:
        submission = selectors.submission_for_coordinator(pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    form = DecisionForm(_posted(request))
    if request.method == "POST":
        if submission.status != Submission.Status.SUBMITTED:
            raise Http404
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                if decision == DecisionForm.ACCEPT:
                    services.submission_accept(
                        submission=submission,
                        acting_user=request.user,
                        summary=form.cleaned_data["summary"],
                    )
                    done = _("“%(title)s” is accepted.")
                elif decision == DecisionForm.DECLINE:
                    services.submission_decline(
                        submission=submission,
                        acting_user=request.user,
                        note=form.cleaned_data["note"],
                    )
                    done = _("“%(title)s” is declined.")
                else:
                    services.submission_request_changes(
                        submission=submission,
                        acting_user=request.user,
                        note=form.cleaned_data["note"],
                    )
                    done = _("The submitter of “%(title)s” is asked for changes.")
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done % {"title": submission.title})
                return HttpResponseRedirect(reverse("bulletin:queue"))
    return render(
        request,
        "bulletin/review.html",
        {
            "submission": submission,
            "events": submission.events.all(),
            "form": form,
            "summary_form": SummaryForm(initial={"summary": submission.summary}),
        },
    )


@login_required
@require_POST
def summary_edit(request, pk):
    _coordinator_only(request)
    submission = get_object_or_404(Submission, pk=pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.submission_update_summary(
                submission=submission,
                acting_user=request.user,
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The summary is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return HttpResponseRedirect(reverse("bulletin:review", kwargs={"pk": pk}))


# --- Editions ------------------------------------------------------------------------------


@login_required
def editions(request):
    _coordinator_only(request)
    form = EditionCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                acting_user=request.user,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The %(title)s edition is started.") % {"title": edition})
            return HttpResponseRedirect(reverse("bulletin:manage", kwargs={"pk": edition.pk}))
    return render(
        request,
        "bulletin/editions.html",
        {"editions": list(selectors.editions_for_coordinator()), "form": form},
    )


def _edition(request, pk):
    _coordinator_only(request)
    return get_object_or_404(Edition, pk=pk)


@login_required
def manage(request, pk):
    """An edition's workshop: editorial, sections and their items, scheduling, publishing."""
    edition = _edition(request, pk)
    editorial_form = EditorialForm(
        _posted(request), initial={"title": edition.title, "editorial": edition.editorial}
    )
    if request.method == "POST" and editorial_form.is_valid():
        try:
            services.edition_update(
                edition=edition,
                acting_user=request.user,
                title=editorial_form.cleaned_data["title"],
                editorial=editorial_form.cleaned_data["editorial"],
            )
        except ValidationError as error:
            add_service_error(editorial_form, error)
        else:
            messages.success(request, _("The editorial is saved."))
            return HttpResponseRedirect(reverse("bulletin:manage", kwargs={"pk": edition.pk}))
    sections = selectors.sections_of(edition)
    place_form = PlaceItemForm(
        edition=edition, placeable=selectors.placeable_submissions(), prefix="place"
    )
    return render(
        request,
        "bulletin/manage.html",
        {
            "edition": edition,
            "editorial_form": editorial_form,
            "section_form": SectionForm(prefix="section"),
            "sections": sections,
            "place_form": place_form,
            "placeable_count": place_form.placeable_count(),
            "schedule_form": ScheduleForm(
                initial={"publish_at": edition.publish_at} if edition.publish_at else None,
                prefix="schedule",
            ),
            "deliveries": selectors.delivery_counts(edition) if edition.is_published else {},
        },
    )


def _back(edition):
    return HttpResponseRedirect(reverse("bulletin:manage", kwargs={"pk": edition.pk}))


def _run(request, action, success):
    try:
        action()
    except ValidationError as error:
        _error_messages(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)


@login_required
@require_POST
def section_add(request, pk):
    edition = _edition(request, pk)
    form = SectionForm(request.POST, prefix="section")
    if not form.is_valid():
        messages.error(request, _("Give the section a title."))
        return _back(edition)
    _run(
        request,
        lambda: services.section_add(
            edition=edition, acting_user=request.user, title=form.cleaned_data["title"]
        ),
        _("The section is added."),
    )
    return _back(edition)


def _section(request, pk):
    _coordinator_only(request)
    return get_object_or_404(Section.objects.select_related("edition"), pk=pk)


@login_required
@require_POST
def section_rename(request, pk):
    section = _section(request, pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the section a title."))
        return _back(section.edition)
    _run(
        request,
        lambda: services.section_rename(
            section=section, acting_user=request.user, title=form.cleaned_data["title"]
        ),
        _("The section is renamed."),
    )
    return _back(section.edition)


@login_required
@require_POST
def section_delete(request, pk):
    section = _section(request, pk)
    _run(
        request,
        lambda: services.section_delete(section=section, acting_user=request.user),
        _("The section is removed; its items wait for an edition again."),
    )
    return _back(section.edition)


def _direction(request):
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    return direction


@login_required
@require_POST
def section_move(request, pk):
    section = _section(request, pk)
    direction = _direction(request)
    _run(
        request,
        lambda: services.section_move(
            section=section, acting_user=request.user, direction=direction
        ),
        _("The section is moved."),
    )
    return _back(section.edition)


@login_required
@require_POST
def item_add(request, pk):
    edition = _edition(request, pk)
    form = PlaceItemForm(
        request.POST, edition=edition, placeable=selectors.placeable_submissions(), prefix="place"
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(edition)
    _run(
        request,
        lambda: services.item_add(
            section=form.cleaned_data["section"],
            submission=form.cleaned_data["submission"],
            acting_user=request.user,
        ),
        _("The item is placed."),
    )
    return _back(edition)


def _item(request, pk):
    _coordinator_only(request)
    return get_object_or_404(
        EditionItem.objects.select_related("section__edition", "submission"), pk=pk
    )


@login_required
@require_POST
def item_move(request, pk):
    item = _item(request, pk)
    direction = _direction(request)
    _run(
        request,
        lambda: services.item_move(item=item, acting_user=request.user, direction=direction),
        _("The item is moved."),
    )
    return _back(item.section.edition)


@login_required
@require_POST
def item_remove(request, pk):
    item = _item(request, pk)
    _run(
        request,
        lambda: services.item_remove(item=item, acting_user=request.user),
        _("The item is taken out; it waits for an edition again."),
    )
    return _back(item.section.edition)


@login_required
@require_POST
def publish(request, pk):
    edition = _edition(request, pk)
    try:
        services.edition_publish(edition=edition, acting_user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return _back(edition)
    messages.success(
        request, _("%(title)s is published and queued for e-mail.") % {"title": edition}
    )
    return HttpResponseRedirect(edition.get_absolute_url())


@login_required
@require_POST
def schedule(request, pk):
    edition = _edition(request, pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(edition)
    _run(
        request,
        lambda: services.edition_schedule(
            edition=edition, acting_user=request.user, publish_at=form.cleaned_data["publish_at"]
        ),
        _("The edition will be published at the time set."),
    )
    return _back(edition)


@login_required
@require_POST
def unschedule(request, pk):
    edition = _edition(request, pk)
    _run(
        request,
        lambda: services.edition_unschedule(edition=edition, acting_user=request.user),
        _("The edition is a draft again."),
    )
    return _back(edition)


@login_required
def preview_email(request, pk):
    edition = _edition(request, pk)
    subject, text, _html = rendering.render_edition_email(edition)
    return render(
        request,
        "bulletin/preview_email.html",
        {"edition": edition, "subject": subject, "text": text},
    )


@login_required
@xframe_options_sameorigin
@csp_replace(EMAIL_PREVIEW_CSP)
def preview_email_html(request, pk):
    edition = _edition(request, pk)
    _subject, _text, html = rendering.render_edition_email(edition)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
