"""What the discussions' pages share: the gate that answers 404 to anyone the discussions
are closed to (and the code-of-conduct page to a member who has not accepted it), and the
lookups that answer 404 for what the user may not see."""

from django.contrib import messages
from django.http import Http404

from members.views.conduct import refuse_member_page

from .. import selectors
from ..models import Post, Thread


def gate(request):
    """None when the user may read the discussions; otherwise the answer to give (the
    code-of-conduct page for a member who has not accepted it; a 404 for anyone else)."""
    if selectors.can_read_any(request.user):
        return None
    return refuse_member_page(request)


def thread_or_404(request, pk):
    try:
        return selectors.thread_for_page(pk=pk, user=request.user)
    except Thread.DoesNotExist:
        raise Http404 from None


def post_or_404(request, pk):
    try:
        return selectors.post_visible_to(pk=pk, user=request.user)
    except Post.DoesNotExist:
        raise Http404 from None


def error_messages(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def posted(request):
    return request.POST if request.method == "POST" else None
