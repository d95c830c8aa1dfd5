"""The person's own privacy page: their consents, a copy of their data, closing the account.
Everything here acts on the signed-in person only: no view takes another person's id."""

import logging

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_error
from core.ratelimit import over_limit

from .. import conf, selectors, services
from ..forms import CloseAccountForm
from ..models import Consent

logger = logging.getLogger(__name__)


@login_required
def my_data(request):
    consents, account_consent = selectors.consents_of(request.user)
    return render(
        request,
        "privacy/my_data.html",
        {
            "consents": consents,
            "account_consent": account_consent,
            "notice_read": selectors.notice_read(request.user),
            "ledger": selectors.ledger_of(request.user),
            "exports": selectors.exports_of(request.user),
            "export_hours": conf.get("PRIVACY_EXPORT_LINK_HOURS"),
        },
    )


@login_required
@require_POST
def consent(request, purpose):
    if purpose not in Consent.WITHDRAWABLE:
        raise Http404
    label = Consent.Purpose(purpose).label
    if request.POST.get("give") == "yes":
        services.consent_give(user=request.user, purpose=purpose)
        messages.success(request, _("Switched on: %(what)s.") % {"what": label})
    else:
        services.consent_withdraw(user=request.user, purpose=purpose)
        messages.success(request, _("Withdrawn: %(what)s.") % {"what": label})
    return HttpResponseRedirect(reverse("privacy:my_data"))


@login_required
@require_POST
def export_request(request):
    if over_limit(f"privacy-export:{request.user.pk}", limit=5, window=24 * 3600):
        messages.error(request, _("You asked for several copies today. Try again tomorrow."))
        return HttpResponseRedirect(reverse("privacy:my_data"))
    try:
        services.export_request(user=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("We are preparing a copy of your data. We will e-mail you a link when it is ready."),
        )
    return HttpResponseRedirect(reverse("privacy:my_data"))


class _DeletingFileResponse(FileResponse):
    """Streams the archive, then deletes it: the link works once."""

    def __init__(self, *args, export, **kwargs):
        super().__init__(*args, **kwargs)
        self._export_path = export.file.name
        self._storage = export.file.storage

    def close(self):
        super().close()
        try:
            self._storage.delete(self._export_path)
        except Exception:  # a leftover archive is deleted by purge_expired
            logger.warning("Could not delete the downloaded archive %s", self._export_path)


@login_required
def export_download(request, token):
    try:
        export = services.export_claim(user=request.user, token=token)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("privacy:my_data"))
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _DeletingFileResponse(
        handle,
        export=export,
        as_attachment=True,
        filename=f"cop-portal-my-data-{export.requested_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request):
    user = request.user
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    data = request.POST if request.method == "POST" else None
    form = CloseAccountForm(data, has_totp=has_totp)
    if request.method == "POST" and form.is_valid():
        if over_limit(f"privacy-close:{user.pk}", limit=5, window=3600):
            form.add_error(None, _("Too many attempts. Wait an hour and try again."))
        else:
            try:
                services.check_reauthentication(
                    user=user,
                    password=form.cleaned_data.get("password", ""),
                    code=form.cleaned_data.get("code", ""),
                )
                services.account_close(user=user, acting_user=user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                logout(request)
                return HttpResponseRedirect(reverse("privacy:closed"))
    return render(request, "privacy/close.html", {"form": form})


def closed(request):
    return render(request, "privacy/closed.html")
