from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwgConfig(AppConfig):
    name = "twg"
    verbose_name = _("Thematic Working Groups")
