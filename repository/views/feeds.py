"""The page of feeds a person may follow (``/documents/feeds/``) and the button that makes
or resets their private feed key (``/documents/feeds/key/``). The Atom feeds themselves
(``/documents/feed/...``) are the classes of ``repository.feeds``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services


def feeds(request):
    """The feeds a person may follow: the public one, and (signed in) the private address of
    each working group's feed they may follow, with a button to reset the key."""
    user = request.user
    token = selectors.feed_token_of(user)
    groups = selectors.followed_groups(user) if user.is_authenticated else []
    if token is not None:
        for group in groups:
            group.feed_url = request.build_absolute_uri(
                reverse(
                    "repository:group_feed", kwargs={"slug": group.body.slug, "token": token.token}
                )
            )
    return render(
        request,
        "repository/feeds.html",
        {
            "public_feed_url": request.build_absolute_uri(reverse("repository:feed")),
            "token": token,
            "groups": groups,
        },
    )


FEED_TOKEN_ACTIONS = {
    "create": (services.feed_token_create, gettext_lazy("Your private feed addresses are ready.")),
    "reset": (
        services.feed_token_reset,
        gettext_lazy(
            "Your private feed addresses are new: the old ones no longer work. Subscribe again "
            "with the new ones."
        ),
    ),
}


@login_required
@require_POST
def feed_token(request):
    action = FEED_TOKEN_ACTIONS.get(request.POST.get("action"))
    if action is None:
        messages.error(request, _("Choose what to do with your private feed addresses."))
    else:
        service, message = action
        service(acting_user=request.user)
        messages.success(request, message)
    return HttpResponseRedirect(reverse("repository:feeds"))
