"""Show every time and every word in the person's own zone and language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from closeknit.core.time import zone

_SUPPORTED = {code for code, _ in settings.LANGUAGES}


class PersonPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone(user.timezone))
            if user.language in _SUPPORTED:
                translation.activate(user.language)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
