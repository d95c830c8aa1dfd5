"""Members' submissions to the bulletin: submitting (``/bulletin/submit/``), their own
list, page and edit form (``/bulletin/submissions/...``), and a submission's file
(``/bulletin/submissions/<pk>/file/``, open to everyone once the item is published). A
submission a user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import files
from core.forms import add_service_error
from members.views.conduct import refuse_member_page

from .. import selectors, services
from ..forms import SubmissionForm
from ..models import Submission
from ._common import _posted


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
    response["Vary"] = "Cookie"
    return response


@login_required
def submit(request):
    if not selectors.can_submit(request.user):
        return refuse_member_page(request)
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
        return refuse_member_page(request)
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
    if not submission.is_editable_by_submitter:
        raise Http404
    if not selectors.can_submit(request.user):
        return refuse_member_page(request)
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
