from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa import signals

        from . import two_factor

        def confirmed_by_set_up(sender, request, user, **kwargs):
            two_factor.record_set_up(request, user)

        signals.authenticator_added.connect(
            confirmed_by_set_up, dispatch_uid="accounts.two_factor.set_up", weak=False
        )
