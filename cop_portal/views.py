from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from core.page_cache import cache_public_page

from . import home as home_page
from . import start


@cache_public_page
def home(request):
    return render(request, "home.html", home_page.home_context(request.user))


@login_required
def start_page(request):
    """Where signing in lands: the work the person's roles give them, each kind with how much
    of it waits and a link to the page where it is done."""
    return render(request, "start.html", start.start_page(request.user))


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Render the 500 page from the template alone: no context processors, no database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"LANGUAGE_CODE": translation.get_language() or "en"})
    )


# How long a browser or a crawler is asked to wait before trying again while the database is
# out of reach: about what a restart or a failover takes.
RETRY_AFTER_SECONDS = 60


def service_unavailable(request):
    """The 503 page while the database is out of reach (``DatabaseUnavailableMiddleware``):
    from the template alone, like the 500 page, since the context processors, the session and
    the user all need the database."""
    template = loader.get_template("503.html")
    response = HttpResponse(
        template.render({"LANGUAGE_CODE": translation.get_language() or "en"}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """A refused form (expired session, cookies off) in the portal's look, not Django's."""
    return render(request, "403_csrf.html", status=403)
