"""/monitoring/reports/: the chair's quarterly report, its commentary, and sending it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from core.forms import add_service_error

from .. import report as report_content
from .. import selectors, services
from ..forms import CommentaryForm
from ..quarters import Quarter
from ._common import quarter_from


def _page(request, quarter, form=None):
    report = selectors.report_of(quarter)
    can_edit = selectors.can_edit_report(request.user)
    if form is None and can_edit:
        form = CommentaryForm(initial={"commentary": report.commentary if report else ""})
    return render(
        request,
        "monitoring/report.html",
        {
            "quarter": quarter,
            "report": report,
            "content": report_content.content(quarter),
            "can_edit": can_edit and (report is None or report.status == "draft"),
            "form": form,
            "recipient_count": len(selectors.report_recipients()) if can_edit else 0,
        },
    )


@login_required
def report_latest(request):
    if not selectors.can_read_report(request.user):
        raise Http404
    quarter = Quarter.current().previous()
    return HttpResponseRedirect(reverse("monitoring:report", kwargs={"slug": quarter.slug}))


@login_required
def report(request, slug):
    if not selectors.can_read_report(request.user):
        raise Http404
    return _page(request, quarter_from(slug))


@login_required
@require_POST
def commentary(request, slug):
    quarter = quarter_from(slug)
    if not selectors.can_edit_report(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    form = CommentaryForm(request.POST)
    if form.is_valid():
        try:
            services.report_save_commentary(
                quarter=quarter,
                acting_user=request.user,
                commentary=form.cleaned_data["commentary"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The commentary is saved."))
            return HttpResponseRedirect(reverse("monitoring:report", kwargs={"slug": slug}))
    return _page(request, quarter, form)


@login_required
@require_POST
def send(request, slug):
    quarter = quarter_from(slug)
    if not selectors.can_edit_report(request.user):
        raise Http404
    two_factor.require_second_factor(request)
    try:
        sent = services.report_send(quarter=quarter, acting_user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("The report was sent to %(count)s people and filed in the repository.")
            % {"count": sent.recipient_count},
        )
    return HttpResponseRedirect(reverse("monitoring:report", kwargs={"slug": slug}))
