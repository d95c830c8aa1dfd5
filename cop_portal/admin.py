from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The admin for the administration team.

    Its login is the portal's own (django-allauth), so the same rate limits and two-factor
    step apply; a staff account without two-factor authentication is sent to set it up and
    cannot use the admin until it has.
    """

    site_header = _("CoP Portal administration")
    site_title = _("CoP Portal administration")
    index_title = _("Administration")

    def has_permission(self, request):
        return super().has_permission(request) and is_mfa_enabled(request.user)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not is_mfa_enabled(user):
            messages.warning(
                request,
                _("Set up two-factor authentication before you use the administration."),
            )
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
