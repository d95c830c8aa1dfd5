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
