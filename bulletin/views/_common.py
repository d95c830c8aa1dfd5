"""What the bulletin's member and coordinator pages share: reading a bound form's data,
turning a service's refusal into messages, and the coordinator-only gate (a 404 for anyone else)."""

from django.contrib import messages
from django.http import Http404

from accounts import two_factor

from .. import selectors


def _error_messages(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def _posted(request):
    """The submitted data (even if empty) on POST, None otherwise: a form is bound on POST."""
    return request.POST if request.method == "POST" else None


def _coordinator_only(request):
    if not selectors.is_coordinator(request.user):
        raise Http404
    two_factor.require_second_factor(request)
