"""The two-factor policy for privileged rights (decision 0028).

A privileged right (a staff group's, or one a seat grants: reviewing and deciding
applications, convening a body, deciding on working groups) is used only in a session whose
second factor was confirmed: at sign-in (allauth's two-factor stage), by entering a code
again (``mfa_reauthenticate``), or by setting up an authenticator just now. A view calls
``require_second_factor(request)`` once it has found that the person uses such a right;
``SecondFactorMiddleware`` turns the refusal into a redirect to the two-factor step, which
sends the person back to the page (``next``) once done.
"""

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

# Where the person goes back to after setting up two-factor (the set-up pages of allauth
# end on the recovery codes, which show a link back: templates/mfa/recovery_codes/index.html).
NEXT_SESSION_KEY = "two_factor_next"
# A longer ``next`` is no page of ours: the step goes to the home page instead.
MAX_NEXT_LENGTH = 2000


class SecondFactorRequired(Exception):
    """Raised by a view for a person who uses a privileged right without a confirmed
    second factor in this session."""


def second_factor_confirmed(request):
    """Whether this session confirmed the person's second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def require_second_factor(request):
    if not second_factor_confirmed(request):
        raise SecondFactorRequired


def step_url(next_url):
    return f"{reverse('accounts:second_factor')}?{urlencode({'next': next_url})}"


def _safe_next(request):
    next_url = request.GET.get("next") or ""
    if len(next_url) <= MAX_NEXT_LENGTH and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("home")


@login_required
def second_factor(request):
    """The two-factor step: back to ``next`` when confirmed already; to the code when an
    authenticator is set up; else to setting one up (which asks for the password first)."""
    next_url = _safe_next(request)
    if second_factor_confirmed(request):
        return HttpResponseRedirect(next_url)
    if is_mfa_enabled(request.user):
        messages.info(request, _("Enter the code from your authenticator app to continue."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    request.session[NEXT_SESSION_KEY] = next_url
    messages.warning(
        request,
        _(
            "This page needs two-factor authentication. Set it up: your password, then a "
            "code from an authenticator app on your phone."
        ),
    )
    return redirect("mfa_activate_totp")


def record_set_up(request, user):
    """Setting up an authenticator proves the person holds it: the session counts as
    confirmed (allauth's ``authenticator_added`` signal, connected in ``apps``)."""
    if request is not None and getattr(request, "session", None) is not None:
        record_authentication(request, user, "mfa", type="totp", set_up=True)


class SecondFactorMiddleware:
    """Sends a person whose view raised ``SecondFactorRequired`` to the two-factor step,
    then back to the page they asked for (a POST comes back to its page: nothing of it was
    applied)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired):
            return None
        back = request.get_full_path()
        if request.method != "GET":
            # A form's page, rather than the address it posts to (which may answer only POST).
            referer = request.headers.get("referer", "")
            if url_has_allowed_host_and_scheme(
                referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = referer
        return redirect(step_url(back))
