"""The OAI-PMH 2.0 endpoint at ``/oai/`` (``repository.oai``): GET or POST, no session, no
CSRF token (harvesters are programs posting a form without one; nothing here changes
anything), XML in UTF-8."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import oai


@csrf_exempt
@require_http_methods(["GET", "POST", "HEAD"])
def endpoint(request):
    query = request.POST if request.method == "POST" else request.GET
    body = oai.respond(request.build_absolute_uri(request.path), query)
    response = HttpResponse(body, content_type="text/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
