from django import template

from .. import notices
from ..receivers import SESSION_KEY

register = template.Library()


@register.inclusion_tag("privacy/includes/notice_reminder.html", takes_context=True)
def notice_reminder(context):
    """Ask a signed-in person to read a new version of the notice, on every page until they
    have. Reads the session only (filled at sign-in): no query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(
        user is not None
        and user.is_authenticated
        and request.session.get(SESSION_KEY) != notices.current().version
        and getattr(request.resolver_match, "namespace", "") != "privacy"
    )
    return {
        "show": show,
        "notice": notices.current(),
        "next": request.get_full_path() if show else "",
    }
