"""A cache of whole pages for anonymous visitors: the public pages are the same for everyone.

``@cache_public_page`` on a view serves a page stored in Django's default cache (local memory
in development, Redis with ``CACHE_URL`` in production) when all of these hold, and stores
the page it renders under the same conditions:

- the request is GET or HEAD (HEAD is answered from what a GET stored; only GET stores);
- the visitor is not signed in (``request.user`` not authenticated): a signed-in person's
  pages show their name, their rights and forms with their CSRF token, and are never read
  from nor written to this cache;
- no message is waiting in the session (a page showing "You have signed out" is rendered
  afresh and not stored);
- the response is a plain, non-streaming 200, without ``Cache-Control: private``/``no-store``;
- rendering it set no cookie and left the session unmodified, and it did not use the CSRF
  token: Django 5.2's ``get_token()`` (what ``{% csrf_token %}`` calls) sets
  ``request.META["CSRF_COOKIE_NEEDS_UPDATE"]`` (the older ``CSRF_COOKIE_USED`` is gone), so a
  page with a POST form that needs the token is never stored and its form keeps working.
  The language switcher in every page's footer posts without a token for anonymous
  visitors (``accounts.views.set_language``): see docs/decisions/0004-page-cache.md.

The key is the host, the full path with its query string, the active language, the
``HX-Request`` header and a version number. The version lives in the cache too: every
``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the apps whose content
these pages show (``PAGE_CACHE_APPS``) bumps it, at once and again when the transaction
commits (a page rendered from the old rows between the two is not kept), so the next
request renders afresh. Writes that send no signal (``QuerySet.update``, ``bulk_create``,
the COPY of ``generate_cop``) and what depends on the time alone (an upcoming meeting
becoming a past one, an edition published at a set hour) wait at most
``PAGE_CACHE_SECONDS`` (60 by default), the lifetime of every entry.

The script nonce of the Content Security Policy is not frozen into the stored page: it is
replaced by a placeholder when stored and by the request's own fresh nonce when served.
"""

import functools
import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
NONCE_PLACEHOLDER = b"__page-cache-csp-nonce__"
# Headers the view sets that a served copy keeps; middleware outside the view adds the rest.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def _timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number, never one an old entry could carry after an eviction.
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def bump_version(**kwargs):
    """Make every stored page stale (a signal receiver, or called directly)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # The write itself must not fail with the cache; stored pages expire within the TTL.
        logger.exception("Page cache: could not bump the version")


def _on_write(sender, **kwargs):
    bump_version()
    if transaction.get_connection(kwargs.get("using")).in_atomic_block:
        transaction.on_commit(bump_version, using=kwargs.get("using"))


def connect_signals():
    """Connect the invalidation to every model of ``PAGE_CACHE_APPS`` (from AppConfig.ready)."""
    for label in getattr(settings, "PAGE_CACHE_APPS", ()):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(_on_write, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(_on_write, sender=model, dispatch_uid=uid + ":delete")
            m2m_changed.connect(_on_write, sender=model, dispatch_uid=uid + ":m2m")


def _messages_pending(request):
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and getattr(settings, "PAGE_CACHE_ENABLED", True)
        and not request.user.is_authenticated
        and not _messages_pending(request)
    )


def _key(request):
    raw = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            get_language() or "",
            request.headers.get("HX-Request", ""),
        )
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:{_version()}:{digest}"


def _storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return not _messages_pending(request)


def _nonce(request):
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) else None


def cache_public_page(view):
    """Serve and store the view's page for anonymous visitors (rules in the module's doc)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            stored = cache.get(key)
        except Exception:
            # Without its cache the page is still rendered, only not stored.
            logger.exception("Page cache: the cache did not answer")
            return view(request, *args, **kwargs)
        if stored is not None:
            content, headers = stored
            if NONCE_PLACEHOLDER in content:
                content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(request, response):
            content = response.content
            nonce = _nonce(request)
            if nonce:
                content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            try:
                cache.set(key, (content, headers), timeout=_timeout())
            except Exception:
                logger.exception("Page cache: could not store a page")
        return response

    return wrapper
