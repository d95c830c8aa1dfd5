"""The signed values in confirmation and unsubscribe links.

Nothing secret is stored on a subscriber: a link carries the subscriber's id (and, to
confirm, the address being confirmed) signed with the site's secret key and a salt of its
own, so a confirmation token cannot serve as an unsubscribe token, and a forged or altered
link fails the signature check. A confirmation link expires
(``BULLETIN_CONFIRMATION_MAX_AGE``); an unsubscribe link does not, because it has to keep
working in every edition a person ever received."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "bulletin.subscriptions.confirm"
UNSUBSCRIBE_SALT = "bulletin.subscriptions.unsubscribe"


class BadToken(Exception):
    """The link was forged, altered, or (for a confirmation) is too old."""


def confirm_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email.lower()}, salt=CONFIRM_SALT)


def read_confirm_token(token):
    """``(subscriber id, address)`` of a confirmation link, or BadToken."""
    try:
        value = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.BULLETIN_CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise BadToken(str(error)) from error
    if not isinstance(value, dict) or not isinstance(value.get("s"), int):
        raise BadToken("unexpected value")
    return value["s"], str(value.get("e", ""))


def unsubscribe_token(subscriber):
    """Without a timestamp (it never expires): the same short link in every message."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def read_unsubscribe_token(token):
    """The subscriber id of an unsubscribe link, or BadToken."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as error:
        raise BadToken(str(error)) from error
    if not isinstance(value, int):
        raise BadToken("unexpected value")
    return value


def confirm_url(subscriber):
    path = reverse("bulletin:subscribe_confirm", kwargs={"token": confirm_token(subscriber)})
    return settings.SITE_URL + path


def unsubscribe_url(subscriber):
    path = reverse("bulletin:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})
    return settings.SITE_URL + path
