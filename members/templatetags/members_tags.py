from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def managed_organisation(context):
    """The organisation the signed-in user manages as focal person, or None. One query at
    most (``selectors.person_for`` caches it on the user for the rest of the request)."""
    request = context.get("request")
    if request is None:
        return None
    return selectors.focal_organisation(request.user)
