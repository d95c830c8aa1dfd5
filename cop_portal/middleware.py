import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.middleware import gzip

from . import views

logger = logging.getLogger(__name__)

# What a lost database raises: the server stopped or out of reach (OperationalError, which
# psycopg_pool's PoolTimeout becomes once Django wraps it), or a connection closed under the
# request (InterfaceError). OperationalError also covers failures of a query on a database
# that is there (a statement timeout, a deadlock, SQLite's "database is locked"): those are
# server errors, reported as such, not an outage (``database_unreachable``).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL's answers that mean it is going away or not ready: class 08 (connection
# exception) and the operator's shutdowns and a start-up in progress.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03"}


def database_unreachable(error):
    """Whether a database error means the database is out of reach rather than a query
    failing on one that is there."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:  # the server answered: only its connection and shutdown errors are an outage
        return sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES
    errorname = getattr(cause, "sqlite_errorname", None)
    if errorname:  # SQLite: only a database file that cannot be opened
        return errorname == "SQLITE_CANTOPEN"
    # No answer from a server at all: refused, timed out, the pool's wait ran out.
    return True


class PermissionsPolicyMiddleware:
    """Adds a Permissions-Policy header: the portal needs no camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's gzip compression (with its "Heal The Breach" random padding against BREACH),
    for the portal's own text answers only.

    Files are left alone: a streamed download (a PDF, a spreadsheet) keeps its Content-Length
    and is not compressed a second time, and an X-Accel-Redirect answer is the web server's to
    send. WhiteNoise answers static files before this middleware is reached, with the Brotli
    or gzip file it compressed at collectstatic.
    """

    def process_response(self, request, response):
        if response.streaming or response.has_header("X-Accel-Redirect"):
            return response
        if not _compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)


def _compressible(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    main, _, sub = media_type.partition("/")
    return (
        main == "text"
        or sub in ("json", "xml", "javascript")
        or sub.endswith("+xml")
        or sub.endswith("+json")
    )


class RefuseNulBytesMiddleware:
    """Answer 400 to an address whose query string holds a NUL character. No page reads one
    on purpose, and PostgreSQL refuses it in text, so a view passing the value on to a query
    would otherwise fail with a server error. (Form fields refuse it themselves.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503, in the portal's look and with a Retry-After header, while the database is
    out of reach: logged as one warning, not as a server error mailed to the administrators.
    Nothing is kept from the failure, so the first request after the database is back is
    served as usual (the pool replaces the dead connections, ``cop_portal/postgresql/``).

    Django turns an exception into a response at every middleware, so a failure below this
    one never reaches it as an exception: it would be a 500 already. Two places are guarded
    instead. Here, the signed-in person is read before anything below reads them, since the
    session and user lookups are a request's first queries
    (``accounts.middleware.PreferredLanguageMiddleware`` reads the user next); and in
    ``process_exception``, whatever the view and its templates read. The session is not
    saved after an answer of 500 or more, so the 503 writes nothing either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018 (read now, to fail here)
        except DATABASE_UNAVAILABLE as error:
            if not database_unreachable(error):
                raise
            return self.unavailable(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        logger.warning(
            "Database unavailable, answered 503 to %s %s: %s",
            request.method,
            request.path,
            next(iter(str(error).strip().splitlines()), "") or type(error).__name__,
        )
        response = views.service_unavailable(request)
        # Django's handler logs every answer of 500 or more as an error, mailed to the
        # administrators with the traceback, unless the response was logged already: it was,
        # just above (``django.utils.log.log_response``).
        response._has_been_logged = True
        return response
