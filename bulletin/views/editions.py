"""The content coordinator's building of editions: the list and a new edition
(``/bulletin/editions/``), an edition's workshop with its sections and items
(``/bulletin/editions/<pk>/...``, ``/bulletin/sections/...``, ``/bulletin/items/...``),
scheduling, publishing, and the e-mail preview. Anyone else gets a 404."""

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

from core.forms import add_service_error

from .. import rendering, selectors, services
from ..forms import EditionCreateForm, EditorialForm, PlaceItemForm, ScheduleForm, SectionForm
from ..models import Edition, EditionItem, Section
from ._common import _coordinator_only, _error_messages, _posted

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
