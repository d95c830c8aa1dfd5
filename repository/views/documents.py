"""The documents of the knowledge repository (``/documents/...``): the list and search, a
document's page and citations, its downloads and those of each version, uploading, editing,
new versions, withdrawal, and "My documents" (``/documents/mine/``). Every page and download
starts from ``selectors.documents_visible_to``: a document a user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import files
from core.forms import add_service_error
from core.page_cache import cache_public_page
from members import selectors as member_selectors
from members.views.conduct import refuse_member_page

from .. import citation, search, selectors, services, signals
from ..forms import DocumentForm, UploadForm, VersionForm, WithdrawForm
from ..models import Document, DocumentVersion
from ._common import _document

PAGE_SIZE = 20
INLINE_TYPES = {files.PDF, files.PNG, files.JPEG, files.WEBP}


class CountedPaginator(Paginator):
    """A paginator told how many results there are: search counts them in the same query as
    the facets, so the paginator does not count them again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


class OpenPage(Page):
    """A page whose paginator does not know the last page: "Next" shows when the page's
    query found one row more than the page holds."""

    def __init__(self, object_list, number, paginator, *, has_more):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    def next_page_number(self):
        return self.number + 1


class EstimatedPaginator(Paginator):
    """Pages of a search whose count is an estimate (``search.counts``): the estimate is
    shown, but which pages exist comes from the rows themselves, so that no page past the
    real end is offered."""

    estimated = True

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._estimate = count

    @property
    def count(self):
        return self._estimate

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer.")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1."))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return OpenPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)


def document_list(request):
    """The list and the search: one GET form, results only from what the user may see."""
    results = search.results_for(selectors.documents_visible_to(request.user), request.GET)
    with search.planned(results):
        if results.can_fall_back and results.count == 0:
            results = results.with_close_titles()
        counted = CountedPaginator if results.exact_total else EstimatedPaginator
        paginator = counted(results.documents, PAGE_SIZE, count=results.count)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        search.add_snippets(page.object_list, results.query, fuzzy=results.fuzzy)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "repository/list.html",
        {
            "page": page,
            "results": results,
            "facets": results.facets(),
            "chosen_count": sum(len(values) for values in results.chosen.values()),
            "sorts": search.Sort.OFFERED,
            "query": query.urlencode(),
            "can_upload": selectors.can_upload(request.user),
            "must_accept_code": member_selectors.needs_code_acceptance(request.user),
            "is_coordinator": selectors.is_coordinator(request.user),
            "feed_url": reverse("repository:feed"),
        },
    )


@cache_public_page
def document_detail(request, slug):
    try:
        document = selectors.document_for_page(slug=slug, user=request.user)
    except Document.DoesNotExist:
        raise Http404 from None
    user = request.user
    is_coordinator = selectors.is_coordinator(user)
    return render(
        request,
        "repository/detail.html",
        {
            "document": document,
            "versions": document.versions.all(),
            "can_edit": selectors.can_edit(user, document) and not document.is_withdrawn,
            "can_withdraw": selectors.can_withdraw(user, document) and not document.is_withdrawn,
            "events": document.events.all() if is_coordinator else [],
            "is_coordinator": is_coordinator,
            "related": selectors.related_documents(document, user=user),
            "citation": citation.suggested_citation(document),
            "discussed_in": signals.links_for_document_page(document=document, user=user),
        },
    )


def _citation_response(request, slug, *, render_record, content_type, extension):
    """A citation record of a document the user may see, as a download."""
    try:
        document = selectors.document_for_page(slug=slug, user=request.user)
    except Document.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(render_record(document), content_type=content_type)
    # The slug is ASCII letters, digits and hyphens: safe as it is in the header.
    response["Content-Disposition"] = f'attachment; filename="{document.slug}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    # The record depends on who asks (a document they may see) and names the day it was read.
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def cite_bibtex(request, slug):
    return _citation_response(
        request,
        slug,
        render_record=citation.bibtex,
        content_type=citation.BIBTEX_CONTENT_TYPE,
        extension="bib",
    )


def cite_ris(request, slug):
    return _citation_response(
        request,
        slug,
        render_record=citation.ris,
        content_type=citation.RIS_CONTENT_TYPE,
        extension="ris",
    )


def _serve(request, document, version):
    services.download_count(document=document, version=version)
    response = files.serve(
        version.file,
        content_type=version.content_type
        + ("; charset=utf-8" if version.content_type.startswith("text/") else ""),
        filename=version.original_name,
        # Opened in the browser only if our own reader got through the document: a file it
        # refused (nested too deeply, a bomb...) is only ever a download.
        inline=version.content_type in INLINE_TYPES
        and document.index_status != Document.IndexStatus.FAILED,
    )
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def download(request, slug):
    document = _document(slug, request.user)
    if document.is_withdrawn:
        raise Http404
    try:
        version = selectors.version_for_download(document=document)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    return _serve(request, document, version)


def version_download(request, slug, number):
    document = _document(slug, request.user)
    if document.is_withdrawn:
        raise Http404
    try:
        version = selectors.version_for_download(document=document, number=number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    return _serve(request, document, version)


@login_required
def upload(request):
    if not selectors.can_upload(request.user):
        return refuse_member_page(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            document = services.document_create(
                acting_user=request.user,
                data=form.metadata(),
                tags=form.cleaned_data["tags"],
                upload=upload_file,
                checked=getattr(form, "checked", None),
                external_url=form.cleaned_data["external_url"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if document.public_status == Document.PublicStatus.PENDING:
                messages.success(
                    request,
                    _(
                        "The document is saved. Members see it now; it becomes public once a "
                        "content coordinator approves it."
                    ),
                )
            else:
                messages.success(request, _("The document is saved."))
            return HttpResponseRedirect(document.get_absolute_url())
    return render(request, "repository/upload.html", {"form": form})


@login_required
def my_documents(request):
    """What the user uploaded, with how each is doing (searchable or why not), and the ones
    they can no longer open named with the reason."""
    page = Paginator(selectors.uploads_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "repository/mine.html",
        {
            "page": page,
            "can_upload": selectors.can_upload(request.user),
            "must_accept_code": member_selectors.needs_code_acceptance(request.user),
        },
    )


def _editable(request, slug):
    document = _document(slug, request.user)
    if not selectors.can_edit(request.user, document) or document.is_withdrawn:
        raise Http404
    return document


@login_required
def edit(request, slug):
    document = _editable(request, slug)
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document,
                acting_user=request.user,
                data=form.metadata(),
                tags=form.cleaned_data["tags"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The document's details are saved."))
            return HttpResponseRedirect(document.get_absolute_url())
    return render(request, "repository/edit.html", {"form": form, "document": document})


@login_required
def version_new(request, slug):
    document = _editable(request, slug)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_add(
                document=document,
                acting_user=request.user,
                upload=form.cleaned_data["file"],
                checked=form.checked,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is saved.") % {"number": version.number}
            )
            return HttpResponseRedirect(document.get_absolute_url())
    return render(request, "repository/version_new.html", {"form": form, "document": document})


@login_required
def withdraw(request, slug):
    document = _document(slug, request.user)
    if not selectors.can_withdraw(request.user, document) or document.is_withdrawn:
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(
                document=document, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The document is withdrawn: it is no longer served."))
            if selectors.is_coordinator(request.user):
                return HttpResponseRedirect(document.get_absolute_url())
            return HttpResponseRedirect(reverse("repository:list"))
    return render(request, "repository/withdraw.html", {"form": form, "document": document})
