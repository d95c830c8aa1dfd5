from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The Kenya Data Protection Act duties: the notice and its versions, the consent
    ledger, a person's data export and account closure (running every app's contribution
    from ``core.personal_data``), retention, and the requests and breach registers."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from . import receivers  # noqa: F401  (sign-up consent, notice state at sign-in)
