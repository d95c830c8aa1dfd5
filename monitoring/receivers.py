"""Receivers of other apps' (and Django's) signals: each calls one service."""

from . import services


def record_sign_in(sender, request, user, **kwargs):
    services.sign_in_record(user=user)
