"""The privacy notice, each version in English and Kiswahili, and its acknowledgement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import conf, notices, services
from ..receivers import SESSION_KEY


def notice(request, version=None):
    shown = notices.by_version(version) if version else notices.current()
    if shown is None:
        raise Http404
    current = notices.current()
    unread = (
        request.user.is_authenticated
        and shown == current
        and request.session.get(SESSION_KEY) != current.version
    )
    context = {
        "notice": shown,
        "current": current,
        "versions": notices.VERSIONS,
        "unread": unread,
        "next": _safe_next(request, request.GET.get("next", "")),
        "retention": conf.retention(),
        "deadlines": conf.REQUEST_DEADLINE_DAYS,
        "controller": conf.get("PRIVACY_CONTROLLER"),
        "controller_email": conf.get("PRIVACY_CONTROLLER_EMAIL"),
        "dpo_email": conf.get("PRIVACY_DPO_EMAIL"),
        "export_hours": conf.get("PRIVACY_EXPORT_LINK_HOURS"),
        "notice_template": shown.template(get_language()),
    }
    return render(request, "privacy/notice.html", context)


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@login_required
@require_POST
def acknowledge(request):
    services.notice_acknowledge(user=request.user)
    request.session[SESSION_KEY] = notices.current().version
    messages.success(request, _("Thank you. We have recorded that you read the notice."))
    return HttpResponseRedirect(
        _safe_next(request, request.POST.get("next", "")) or reverse("privacy:notice")
    )
