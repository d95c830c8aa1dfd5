from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members.signals import organisation_page_sections

        from . import receivers

        user_logged_in.connect(receivers.record_sign_in, dispatch_uid="monitoring_sign_in")
        organisation_page_sections.connect(
            receivers.organisation_recognitions, dispatch_uid="monitoring_recognitions"
        )
