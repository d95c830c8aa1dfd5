"""Template tags of the admin pages: the states a changelist shows, carried by its form."""

from django import template

from core.transitions import state_tokens

register = template.Library()


@register.simple_tag
def seen_states(objects):
    return state_tokens(objects)
