"""A fixed-window counter on the shared cache, so every app server counts together."""

from __future__ import annotations

from django.core.cache import cache

from closeknit.core.errors import ServiceError


def hit(key: str, *, limit: int, window: int, message: str, code: str = "rate_limited") -> None:
    """Count one attempt under `key`; past `limit` within `window` seconds, refuse with a 429."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise ServiceError(message, status=429, code=code)
