"""System checks of what several processes must share."""

from django.conf import settings
from django.core.checks import Error, register

# Backends whose data lives in one process: each gunicorn worker would count rate limits
# (login lockout, two-factor codes, sign-ups, invitations) and cache pages on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register("caches")
def shared_cache_check(app_configs=None, **kwargs):
    """With debug off the default cache must be shared by every process (Redis)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            "The default cache is kept in each process's memory, so rate limits do not hold "
            "across server processes.",
            hint="Set CACHE_URL to the Redis server every process shares, "
            "for example redis://127.0.0.1:6379/0.",
            id="core.E001",
        )
    ]
