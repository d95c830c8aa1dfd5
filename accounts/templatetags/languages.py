"""The page in each language the portal speaks: ``?lang=`` addresses for search engines'
``hreflang`` alternates (read by ``accounts.middleware``)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import format_html_join

register = template.Library()

PARAMETER = "lang"


def _query_without_language(request):
    return [(k, v) for k in request.GET if k != PARAMETER for v in request.GET.getlist(k)]


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """``<link rel="alternate" hreflang>`` for every language, and ``x-default`` for the
    address that follows the reader's own choice."""
    request = context.get("request")
    if request is None or request.method != "GET":
        return ""
    query = _query_without_language(request)

    def address(language=None):
        pairs = [*query, (PARAMETER, language)] if language else query
        suffix = f"?{urlencode(pairs)}" if pairs else ""
        return request.build_absolute_uri(request.path + suffix)

    links = [(code, address(code)) for code, _name in settings.LANGUAGES]
    links.append(("x-default", address()))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag(takes_context=True)
def path_without_language(context):
    """The current address without ``?lang=``: where the language switch returns to."""
    request = context.get("request")
    if request is None:
        return "/"
    query = _query_without_language(request)
    return request.path + (f"?{urlencode(query)}" if query else "")
