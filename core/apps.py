from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: what every app shares and nothing of the domain (the mail path, the
    upload checker, rate limits, the page cache, widgets, form and admin helpers). It imports
    no app of the portal."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        # Registering: the system checks, and the integer ``in`` lookup.
        from . import checks, lookups  # noqa: F401
        from .page_cache import connect_signals

        connect_signals()
