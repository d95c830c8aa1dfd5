import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve where the checks of what every process must
# share (core.checks) fail, rather than let each worker keep its own rate-limit counters.
from core.checks import shared_cache_check  # noqa: E402

if errors := shared_cache_check():
    raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
