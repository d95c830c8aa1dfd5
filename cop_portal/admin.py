from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts import two_factor
from members.selectors import DECIDE_PERMISSION, REVIEW_PERMISSION

# The rights that open the admin without a hand-set ``is_staff``: a current seat grants them
# (committees.backends.SeatBackend), so they end with the seat (decision 0021).
SEAT_RIGHTS = (REVIEW_PERMISSION, DECIDE_PERMISSION)


def may_enter_admin(user):
    """Whether ``user`` may use the admin, two-factor aside: an active account that is staff
    or holds a right to review or decide on membership applications (asked of the
    authentication backends, the seat backend among them, at every request)."""
    if not user.is_active:
        return False
    return user.is_staff or any(user.has_perm(right) for right in SEAT_RIGHTS)


class PortalAdminSite(admin.AdminSite):
    """The admin for the administration team, and for committee members whose seat grants a
    right over membership applications (they see those and nothing else).

    Its login is the portal's own (django-allauth), so the same rate limits and two-factor
    step apply; an account without two-factor authentication is sent to set it up and
    cannot use the admin until it has.
    """

    site_header = _("CoP Portal administration")
    site_title = _("CoP Portal administration")
    index_title = _("Administration")

    def has_permission(self, request):
        return (
            may_enter_admin(request.user)
            and is_mfa_enabled(request.user)
            and two_factor.second_factor_confirmed(request)
        )

    def login(self, request, extra_context=None):
        """Never a second password form: someone signed out is sent to the portal's sign-in
        (allauth's ``secure_admin_login``); someone signed in who may enter goes to the
        index, or first to set up two-factor; anyone else is refused."""
        user = request.user
        if not user.is_authenticated:
            return secure_admin_login(super().login)(request, extra_context)
        if not may_enter_admin(user):
            raise PermissionDenied
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                _("Set up two-factor authentication before you use the administration."),
            )
            return redirect("mfa_activate_totp")
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:index", current_app=self.name)
        if not two_factor.second_factor_confirmed(request):
            # Set up, but not entered in this session (signed in before it was set up).
            return redirect(two_factor.step_url(back))
        return redirect(back)
