"""Automatic blocks that higher apps add to an edition, worked out and stored when the
edition is published (like its documents block), so that its page and e-mail say what was
true then. The bulletin is below the apps that provide them (milestones is layer 8), so it
cannot import them: each registers a provider in its ``AppConfig.ready()`` (decision 0023).

A provider is ``provide(edition)`` returning ``None`` (nothing to say) or a dict of plain,
JSON-ready values: ``{"title": str, "intro": str, "lines": [{"text": str, "url": str}]}``,
with absolute URLs; it runs inside the publishing transaction and must not write."""

_PROVIDERS = {}


def register(key, provide):
    """Add (or replace) the provider ``key``; blocks appear in the order of their keys."""
    _PROVIDERS[key] = provide


def work_out(edition):
    blocks = []
    for key in sorted(_PROVIDERS):
        block = _PROVIDERS[key](edition)
        if block:
            blocks.append({"key": key, **block})
    return blocks
