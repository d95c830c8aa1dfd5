from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils import timezone

from core import mail


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails through the portal's one mail path."""

    def send_mail(self, template_prefix, email, context):
        ctx = {"email": email, "current_site": get_current_site(self.request), **context}
        mail.send_email(template_prefix, [email], ctx)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Count failed logins per address only. allauth's default prefixes the request's host
        name, which a client can vary (port, letter case) to get a fresh count."""
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        return f"login:{login}"

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", user.full_name)
        user.job_title = form.cleaned_data.get("job_title", "")
        user.preferred_language = getattr(request, "LANGUAGE_CODE", user.preferred_language)
        if form.cleaned_data.get("privacy_consent"):
            user.privacy_consent_at = timezone.now()
        if commit:
            user.save()
        return user
