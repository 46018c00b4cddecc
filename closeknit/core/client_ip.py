"""Which address a request really came from, for counting attempts per client.

Behind a TLS proxy every request arrives from the proxy, so counting by REMOTE_ADDR would count the whole
site as one client: five wrong passwords anywhere would lock everyone out. Each proxy appends the address it
saw to X-Forwarded-For, so with `TRUSTED_PROXY_COUNT` proxies of our own in front, the real client is that
many entries from the right. Anything further left was written by the client and may be made up, so it is
never used; with no trusted proxy (the default) the header is ignored altogether.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

log = logging.getLogger(__name__)
_warned = False


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: from X-Forwarded-For when our own proxies put it there, else REMOTE_ADDR."""
    global _warned
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "unknown"
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if hops <= 0 or not forwarded:
        if forwarded and not _warned:
            _warned = True
            log.warning(
                "Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: attempts are counted per proxy "
                "address, not per client. Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app."
            )
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the leftmost entry is the furthest we can see.
    chosen = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return _clean(chosen) or remote
