"""Show every time and every word in the person's own zone and language; tell every refused caller when to return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from closeknit.core.languages import speaks
from closeknit.core.time import zone


def speak_as(request: HttpRequest, user: Any) -> None:
    """Answer `request` in `user`'s own language, when it is one we speak: a signed-in person's setting
    wins over the visitor's choice or browser that the locale middleware went by. Pages call it here;
    the API calls it once a token has named the person (the middleware ran before that)."""
    if speaks(user.language):
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class PersonPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone(user.timezone))
            speak_as(request, user)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RetryAfterMiddleware:
    """Every 429 says when to come back. Refused logins carry the exact figure (accounts.throttle); the other
    limits count per minute, so a minute is always enough."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = "60"
        return response
