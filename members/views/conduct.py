"""What the pages the code of conduct gates answer a member who has not accepted its current
version: a page saying so with the link to accept it (403), where anyone else gets a 404.
Used by every app whose member pages the code gates (the repository, the bulletin)."""

from urllib.parse import quote

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .. import selectors


def code_of_conduct_url(next_url):
    """The code of conduct's page, coming back to ``next_url`` once accepted."""
    return reverse("members:code_of_conduct") + "?next=" + quote(next_url)


def refuse_member_page(request):
    """The answer to someone a members' page refuses: the code-of-conduct page (status 403)
    for a member whose only missing step is accepting the current code, a 404 for anyone
    else (a visitor, a non-member, a member whose access ended), as before."""
    if not selectors.needs_code_acceptance(request.user):
        raise Http404
    # After a refused POST, come back to the form rather than re-post it.
    next_url = request.path if request.method == "POST" else request.get_full_path()
    return render(
        request,
        "members/code_of_conduct_required.html",
        {
            "code": selectors.current_code_of_conduct(),
            "conduct_url": code_of_conduct_url(next_url),
        },
        status=403,
    )
