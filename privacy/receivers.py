"""Signal receivers: the account consent at sign-up, and whether the person has read the
notice in force, looked up once at sign-in and kept in the session (so that no page pays a
query to decide whether to show the reminder)."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import notices, services

SESSION_KEY = "privacy_notice_read"


@receiver(user_signed_up)
def record_signup_consent(sender, request, user, **kwargs):
    services.consent_record_signup(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = notices.current().version


@receiver(user_logged_in)
def remember_notice_state(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if services.has_read_current_notice(user):
        request.session[SESSION_KEY] = notices.current().version
    else:
        request.session.pop(SESSION_KEY, None)
