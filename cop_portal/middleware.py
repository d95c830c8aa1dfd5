from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware import gzip


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
