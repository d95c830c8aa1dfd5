from django import template

from accounts.two_factor import NEXT_SESSION_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def two_factor_next(context):
    """Where the person was going when they were sent to set up two-factor, if anywhere."""
    request = context.get("request")
    session = getattr(request, "session", None)
    return session.get(NEXT_SESSION_KEY, "") if session is not None else ""
