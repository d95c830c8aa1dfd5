"""The transition table on the model (STYLE.md item 14, decision 0027).

A model with a workflow mixes in ``Transitions`` and sets ``TRANSITIONS``: for each state,
the states it may move to. Services check ``can_transition(to)`` on the locked row before
they change it, admin actions call those services, and templates read ``next_states`` to
decide which buttons to show. ``tests/test_transitions.py`` walks every (from, to) pair of
every table through its service.
"""


class Transitions:
    """A mixin for a model whose state lives in ``STATE_FIELD`` (``status`` by default)."""

    STATE_FIELD = "status"
    TRANSITIONS = {}

    @property
    def state(self):
        return getattr(self, self.STATE_FIELD)

    @property
    def next_states(self):
        """The states this object may move to now (for templates: ``"x" in obj.next_states``)."""
        return frozenset(self.TRANSITIONS.get(self.state, ()))

    def can_transition(self, to):
        return to in self.next_states


def state_token(obj):
    """What an admin page saw of an object's state: the state, and the time of its last
    change where the model keeps one (a state that moved away and back is a change too).
    Empty for objects without a transition table."""
    if not isinstance(obj, Transitions):
        return ""
    updated_at = getattr(obj, "updated_at", None)
    return f"{obj.state}@{updated_at.isoformat()}" if updated_at else str(obj.state)


def state_tokens(objects):
    """``pk=token`` pairs for a page of objects, as one string for a hidden field."""
    return ";".join(f"{obj.pk}={state_token(obj)}" for obj in objects if state_token(obj))


def read_state_tokens(value):
    pairs = (item.partition("=") for item in (value or "").split(";") if "=" in item)
    return {pk: token for pk, _sep, token in pairs}
