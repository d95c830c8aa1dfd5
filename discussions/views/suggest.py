"""``/discussions/suggest/?title=…``: the documents and earlier threads that match a title
being typed, as a small HTML fragment the ask form's script puts under the title. Only
what the person may see; the same list the form's second step shows without the script."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import ratelimit

from .. import suggestions
from ._common import gate

SUGGEST_LIMIT = 120  # requests per person per minute (the script waits between keystrokes)


@login_required
def suggest(request):
    refused = gate(request)
    if refused:
        return refused
    title = " ".join(request.GET.get("title", "").split())[:200]
    found = suggestions.Suggestions()
    if not ratelimit.over_limit(
        f"discussions:suggest:{request.user.pk}", limit=SUGGEST_LIMIT, window=60
    ):
        found = suggestions.for_title(request.user, title)
    response = render(request, "discussions/_suggestions.html", {"suggestions": found})
    response["Cache-Control"] = "private, no-store"
    return response
