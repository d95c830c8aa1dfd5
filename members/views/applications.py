"""The applicant's pages, the nominating member's answer and member-initiated nominations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import two_factor
from core import files
from core.ratelimit import over_limit

from .. import selectors, services
from ..forms.applications import (
    ApplicationForm,
    ContactFormSet,
    DocumentForm,
    NominateOrganisationForm,
    NominationResponseForm,
    ProgrammeFormSet,
    StartApplicationForm,
    SubmitForm,
)
from ..models import ApplicationDocument, MembershipApplication

App = MembershipApplication

# Nominations one person may make in an hour: each e-mails an address they type.
NOMINATIONS_PER_HOUR = 10


def _own_application(request, pk):
    try:
        return selectors.application_for_applicant(pk=pk, user=request.user)
    except App.DoesNotExist:
        raise Http404 from None


def join(request):
    """What joining means, for anyone, before any account: who can join and how, the steps,
    how long they have taken lately, what to prepare; then the way in."""
    return render(
        request,
        "members/applications/join.html",
        {
            "days": selectors.decision_days(),
            "document_kinds": ApplicationDocument.Kind.choices,
            "max_documents": services.MAX_DOCUMENTS,
            "max_size": settings.APPLICATION_DOCUMENT_MAX_SIZE,
            "apply_url": reverse("members:apply"),
        },
    )


@login_required
def apply(request):
    form = StartApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        application, created = services.application_start(
            applicant=request.user, kind=form.cleaned_data["kind"]
        )
        if not created:
            messages.info(request, _("You already have an application in progress: here it is."))
            return redirect(application)
        return redirect("members:application_edit", pk=application.pk)
    return render(
        request,
        "members/applications/apply.html",
        {"form": form, "applications": selectors.applications_of(request.user)},
    )


@login_required
def application_list(request):
    return render(
        request,
        "members/applications/list.html",
        {"applications": selectors.applications_of(request.user)},
    )


@login_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    return render(
        request,
        "members/applications/detail.html",
        _detail_context(application, submit_form=None),
    )


def _detail_context(application, *, submit_form):
    missing = services.application_missing(application) if application.is_editable else []
    return {
        "application": application,
        "missing": missing,
        "events": selectors.application_history(application, for_applicant=True),
        "documents": list(application.documents.all()),
        "contacts": list(application.contacts.all()),
        "programmes": list(application.programmes.select_related("pillar")),
        "submit_form": submit_form
        or SubmitForm(needs_answer=application.status == App.Status.MORE_INFORMATION),
    }


@login_required
def application_edit(request, pk):
    application = _own_application(request, pk)
    if not application.is_editable:
        messages.info(request, _("This application is with the committee and cannot be changed."))
        return redirect(application)
    institutional = application.kind == App.Kind.INSTITUTIONAL
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application)
    contacts = ContactFormSet(data, instance=application, prefix="contacts")
    programmes = (
        ProgrammeFormSet(data, instance=application, prefix="programmes") if institutional else None
    )
    formsets = [f for f in (contacts, programmes) if f is not None]
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for f in formsets):
            with transaction.atomic():
                form.save()
                for formset in formsets:
                    formset.save()
            messages.success(request, _("Your application is saved."))
            if "continue" in request.POST:
                return redirect("members:application_documents", pk=application.pk)
            return redirect(application)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "members/applications/edit.html",
        {"application": application, "form": form, "contacts": contacts, "programmes": programmes},
    )


@login_required
def application_documents(request, pk):
    application = _own_application(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not application.is_editable:
            raise Http404
        if form.is_valid():
            try:
                services.document_add(
                    application=application,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    content_type=form.cleaned_data["content_type"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The document is uploaded."))
                return redirect("members:application_documents", pk=application.pk)
    return render(
        request,
        "members/applications/documents.html",
        {"application": application, "form": form, "documents": application.documents.all()},
    )


@login_required
@require_POST
def application_document_delete(request, pk, document_pk):
    application = _own_application(request, pk)
    document = application.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    try:
        services.document_delete(document=document, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is removed."))
    return redirect("members:application_documents", pk=application.pk)


@login_required
def application_document(request, pk, document_pk):
    """Serve a document to its applicant or to a reviewer; anyone else gets 404."""
    # Through the relation's pk, not ``application_id``: only the pk lookup checks the number
    # against the column's range, which SQLite's driver refuses past (a server error).
    document = (
        ApplicationDocument.objects.select_related("application")
        .filter(pk=document_pk, application__pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    application = document.application
    is_applicant = application.applicant_id == request.user.pk
    is_reviewer = selectors.can_review(request.user) and application.status != App.Status.DRAFT
    if not (is_applicant or is_reviewer):
        raise Http404
    if not is_applicant:
        two_factor.require_second_factor(request)
    return files.serve(
        document.file, content_type=document.content_type, filename=document.original_name
    )


@login_required
@require_POST
def application_submit(request, pk):
    application = _own_application(request, pk)
    needs_answer = application.status == App.Status.MORE_INFORMATION
    form = SubmitForm(request.POST, needs_answer=needs_answer)
    if form.is_valid():
        try:
            services.application_submit(
                application=application,
                acting_user=request.user,
                answer=form.cleaned_data.get("answer", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your application is resubmitted to the committee.")
                if needs_answer
                else _("Your application is submitted. We have sent you an e-mail."),
            )
            return redirect(application)
    application.refresh_from_db()
    return render(
        request,
        "members/applications/detail.html",
        _detail_context(application, submit_form=form),
        status=200,
    )


# --- The nominating member -----------------------------------------------------------------


@login_required
def nomination(request, pk):
    try:
        application = selectors.application_for_nominator(nomination_pk=pk, user=request.user)
    except App.DoesNotExist:
        raise Http404 from None
    nomination = application.nomination
    form = NominationResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        endorse = form.cleaned_data["response"] == form.ENDORSE
        try:
            services.nomination_respond(
                nomination=nomination,
                endorse=endorse,
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except services.AlreadyDecided as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you: the application goes to the Oversight Committee.")
                if endorse
                else _("Your answer is recorded and the applicant is told."),
            )
        return redirect("members:nomination", pk=pk)
    return render(
        request,
        "members/applications/nomination.html",
        {"application": application, "nomination": nomination, "form": form},
    )


@login_required
def nominate(request):
    organisation = selectors.focal_organisation(request.user)
    if organisation is None:
        raise Http404
    form = NominateOrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if over_limit(f"nominate:{request.user.pk}", limit=NOMINATIONS_PER_HOUR, window=3600):
            form.add_error(
                None,
                ngettext(
                    "You have made %(limit)s nomination in the last hour. Try again later.",
                    "You have made %(limit)s nominations in the last hour. Try again later.",
                    NOMINATIONS_PER_HOUR,
                )
                % {"limit": NOMINATIONS_PER_HOUR},
            )
            return _nominate_page(request, organisation, form)
        try:
            application = services.nominate_organisation(
                acting_user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is nominated: we have e-mailed %(email)s an invitation to apply.")
                % {
                    "name": application.organisation_name,
                    "email": form.cleaned_data["contact_email"],
                },
            )
            return redirect("members:nominate")
    return _nominate_page(request, organisation, form)


def _nominate_page(request, organisation, form):
    return render(
        request,
        "members/applications/nominate.html",
        {
            "form": form,
            "organisation": organisation,
            "nominations": selectors.nominations_by(organisation),
        },
    )
