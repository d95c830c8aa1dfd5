"""The content coordinator's approval of documents made public (``/documents/approvals/``
and ``/documents/<slug>/decide/``): a document an uploader marks public waits here, seen by
members meanwhile, until it is approved or kept for members. Anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor

from .. import selectors, services
from ..forms import DecisionForm
from ._common import _document


@login_required
def queue(request):
    if not selectors.is_coordinator(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    return render(
        request,
        "repository/queue.html",
        {"documents": list(selectors.approval_queue()), "form": DecisionForm()},
    )


@login_required
@require_POST
def decide(request, slug):
    if not selectors.is_coordinator(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    document = _document(slug, request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(reverse("repository:queue"))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.document_decide_public(
            document=document,
            acting_user=request.user,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("“%(title)s” is public.") % {"title": document.title}
            if approve
            else _("“%(title)s” stays for members.") % {"title": document.title},
        )
    return HttpResponseRedirect(reverse("repository:queue"))
