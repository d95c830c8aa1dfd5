"""A counter per key and window in the default cache: how many times an action that sends
e-mail may be repeated (bulletin sign-ups per client address, invitations and nominations
per person). The cache is shared between processes in production (Redis, ``CACHE_URL``)."""

from django.core.cache import cache


def over_limit(key, *, limit, window):
    """Count one more use of ``key``; True when that makes more than ``limit`` within
    ``window`` seconds of the first."""
    key = f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
