from django.conf import settings


def portal(request):
    """Site-wide template values that cost no query."""
    return {
        "SITE_NAME": "CoP Portal",
        "SITE_URL": settings.SITE_URL,
    }
