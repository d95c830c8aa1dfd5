"""Subscribe (double opt-in), confirm, unsubscribe (RFC 8058 one-click) and the member's
choice. Links from e-mails open a page with a button: following a link (as a mail
scanner does) changes nothing; only the POST does."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from committees.selectors import is_staff_role
from core.ratelimit import over_limit
from members.selectors import has_member_access

from ..models import Edition
from . import selectors, services, tokens
from .forms import PreferenceForm, SubscribeForm

# Sign-up requests one client address may make in a window (seconds), whatever addresses
# it types: a second limit beside the one-e-mail-per-address interval of the service.
CLIENT_LIMIT = 10
CLIENT_WINDOW = 3600


def _client_over_limit(request):
    # The client's address as the login limits see it (ALLAUTH_TRUSTED_PROXY_COUNT behind a
    # proxy), so every visitor behind nginx does not share one counter.
    key = f"bulletin-subscribe:{get_adapter().get_client_ip(request)}"
    return over_limit(key, limit=CLIENT_LIMIT, window=CLIENT_WINDOW)


def _bad_link(request):
    return render(request, "bulletin/subscriptions/bad_link.html", status=400)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _client_over_limit(request):
            form.add_error(
                None, _("Too many sign-up requests from your connection. Try again in an hour.")
            )
        else:
            services.subscriber_request(
                email=form.cleaned_data["email"], language=translation.get_language()
            )
            return HttpResponseRedirect(reverse("bulletin:subscribe_sent"))
    return render(request, "bulletin/subscriptions/subscribe.html", {"form": form})


def subscribe_sent(request):
    return render(request, "bulletin/subscriptions/subscribe_sent.html")


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request, token):
    try:
        tokens.read_confirm_token(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "GET":
        return render(request, "bulletin/subscriptions/confirm.html", {"token": token})
    try:
        subscriber, changed = services.subscriber_confirm(token=token)
    except tokens.BadToken:
        return _bad_link(request)
    return render(
        request,
        "bulletin/subscriptions/confirmed.html",
        {"subscriber": subscriber, "changed": changed},
    )


# Exempt from CSRF because RFC 8058 one-click unsubscribe is a POST made by the recipient's
# mail provider, without a session, a cookie or a form from us. Nothing else is at stake:
# the signed token in the URL is itself the proof that the request comes from the address's
# owner, and the only thing the POST can do is unsubscribe that one address.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "GET":
        return render(request, "bulletin/subscriptions/unsubscribe.html", {"token": token})
    try:
        subscriber, changed = services.subscriber_unsubscribe(token=token)
    except tokens.BadToken:
        return _bad_link(request)
    return render(
        request,
        "bulletin/subscriptions/unsubscribed.html",
        {"subscriber": subscriber, "changed": changed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The member's choice: receive the bulletin (the default) or not."""
    is_member = has_member_access(request.user)
    form = PreferenceForm(request.POST or None)
    if request.method == "POST":
        if not is_member:
            return render(request, "bulletin/subscriptions/not_member.html", status=403)
        if form.is_valid():
            subscribed = form.cleaned_data["subscribed"]
            services.member_set_subscribed(acting_user=request.user, subscribed=subscribed)
            if subscribed:
                messages.success(request, _("You will receive the bulletin."))
            else:
                messages.success(request, _("You will no longer receive the bulletin."))
            return HttpResponseRedirect(reverse("bulletin:subscription"))
    subscriber, receives = selectors.subscription_of(request.user)
    return render(
        request,
        "bulletin/subscriptions/preferences.html",
        {"is_member": is_member, "receives": receives, "subscriber": subscriber, "form": form},
    )


@login_required
def deliveries(request, pk):
    """The distribution of a published edition for the coordinators: how many were sent,
    are waiting or failed, and which addresses failed with what error."""
    if not is_staff_role(request.user):
        raise Http404
    edition = get_object_or_404(Edition.objects.published(), pk=pk)
    return render(
        request,
        "bulletin/subscriptions/deliveries.html",
        {"edition": edition, "progress": selectors.delivery_progress(edition)},
    )
