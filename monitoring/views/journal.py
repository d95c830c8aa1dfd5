"""/monitoring/journal/: the results journal, its entries, filters, printing and filing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from core.forms import add_service_error

from .. import selectors, services
from ..forms import JournalEntryForm, JournalFilterForm
from ..models import JournalEntry
from ..quarters import Quarter
from ._common import quarter_from

PAGE_SIZE = 20


def _entry(user, pk):
    try:
        return selectors.journal_links_for(
            selectors.journal_visible_to(user).for_listing(), user
        ).get(pk=pk)
    except JournalEntry.DoesNotExist:
        raise Http404 from None


def _require_keeper(request):
    if not selectors.can_keep_journal(request.user):
        raise Http404
    two_factor.require_second_factor(request)


def journal(request):
    user = request.user
    quarters = Quarter.current().last(8)[::-1]
    form = JournalFilterForm(request.GET or None, quarters=quarters)
    entries = form.filter(selectors.journal_visible_to(user).for_listing())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/journal.html",
        {
            "form": form,
            "page": page,
            "entries": list(page.object_list),
            "query": query.urlencode(),
            "can_keep": selectors.can_keep_journal(user),
            "sees_all": selectors.can_see_names(user),
            "quarters": quarters,
        },
    )


def journal_entry(request, pk):
    entry = _entry(request.user, pk)
    return render(
        request,
        "monitoring/journal_entry.html",
        {"entry": entry, "can_keep": selectors.can_keep_journal(request.user)},
    )


@login_required
def journal_entry_new(request):
    _require_keeper(request)
    form = JournalEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.journal_entry_create(
                acting_user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The entry is in the journal."))
            return HttpResponseRedirect(entry.get_absolute_url())
    return render(request, "monitoring/journal_form.html", {"form": form, "entry": None})


@login_required
def journal_entry_edit(request, pk):
    _require_keeper(request)
    entry = _entry(request.user, pk)
    initial = {
        "kind": entry.kind,
        "title": entry.title,
        "text": entry.text,
        "recorded_on": entry.recorded_on,
        "working_group": entry.working_group,
        "pillar": entry.pillar,
        "meetings": list(entry.meetings.all()),
        "resolutions": list(entry.resolutions.all()),
        "action_items": list(entry.action_items.all()),
        "documents": list(entry.documents.all()),
    }
    form = JournalEntryForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_entry_update(
                entry=entry, acting_user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The entry was saved."))
            return HttpResponseRedirect(entry.get_absolute_url())
    return render(request, "monitoring/journal_form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def journal_entry_visibility(request, pk):
    _require_keeper(request)
    entry = _entry(request.user, pk)
    try:
        services.journal_entry_set_visibility(
            entry=entry, acting_user=request.user, visibility=request.POST.get("visibility", "")
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Who may read the entry was changed."))
    return HttpResponseRedirect(entry.get_absolute_url())


def journal_quarter_print(request, slug):
    """The quarter's journal as one printable document (what the reader may see)."""
    quarter = quarter_from(slug)
    user = request.user
    order = JournalEntry.Kind.values
    entries = sorted(
        selectors.journal_links_for(
            selectors.journal_visible_to(user).of(quarter).for_listing(), user
        ).order_by("recorded_on", "pk"),
        key=lambda entry: order.index(entry.kind),
    )
    return render(
        request,
        "monitoring/journal_print.html",
        {
            "quarter": quarter,
            "entries": entries,
            "kinds": JournalEntry.Kind.choices,
            "can_keep": selectors.can_keep_journal(user),
            "closed": not quarter.is_current(),
            "filing": selectors.journal_filing_of(quarter)
            if selectors.can_keep_journal(user)
            else None,
        },
    )


@login_required
@require_POST
def journal_quarter_file(request, slug):
    quarter = quarter_from(slug)
    _require_keeper(request)
    try:
        filing = services.journal_file_quarter(quarter=quarter, acting_user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("The journal of %(quarter)s is filed in the repository: %(title)s.")
            % {"quarter": quarter, "title": filing.document.title},
        )
    return HttpResponseRedirect(reverse("monitoring:journal_print", kwargs={"slug": quarter.slug}))
