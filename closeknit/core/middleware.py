"""Request-wide mechanisms: security headers on every response, and the key ring report after a request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from closeknit.core import crypto

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The API's docs page too: ninja serves Swagger UI from local static files, and its settings ride
        # in a JSON <script> block that the browser does not run, so the same policy holds there.
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class KeyRingMiddleware:
    """After a request that used encrypted text, tell the database which key ring this process holds
    (a write only when it changed, or every FIELD_KEYS_HEARTBEAT_SECONDS). The ring itself is kept
    current by `crypto.ring()` at each use. This is what lets `rotate_field_keys` run while the site
    serves. After, not before: by then the request's writes are committed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        crypto.report_in_use()
        return response
