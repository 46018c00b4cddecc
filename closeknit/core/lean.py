"""Middleware that pages need and the JSON API does not, stepping aside on the API's paths.

The API (`/api/`) answers apps and scripts with JSON: it has no forms of ours (ninja checks CSRF itself
when a browser session calls it), no flash messages, no htmx, no static files, no frames and no trailing
slash to add. Those middlewares still ran on every API call, a measurable part of a check-in's CPU. Each
is wrapped with `pages_only`, which hands an API request straight on and runs the real middleware for
everything else. What guards every path stays on every path: security headers and HTTPS, sessions and
login, allauth's request context, the person's zone and language, the key ring, the audit actor, the
quick exit and Retry-After.

`LEAN_PATHS` (settings) lists the prefixes; the load benchmark adds its bare view's, so the ratio it
prints compares the check-in with a plain view behind the very same middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django_htmx.middleware import HtmxMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

_HOOKS = ("process_view", "process_exception", "process_template_response")


def pages_only(middleware: type) -> type:
    """A subclass of `middleware` (so checks that look for it still find it) that hands requests whose
    path starts with one of settings.LEAN_PATHS straight on, hooks included."""
    lean = tuple(getattr(settings, "LEAN_PATHS", ()))
    namespace: dict[str, Any] = {}

    def __call__(self: Any, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(lean):
            return self.get_response(request)
        return middleware.__call__(self, request)

    namespace["__call__"] = __call__
    for name in _HOOKS:  # Django looks for these when it builds the chain; keep the same set
        if hasattr(middleware, name):
            namespace[name] = _skipping(getattr(middleware, name), lean)
    return type(f"PagesOnly{middleware.__name__}", (middleware,), namespace)


def _skipping(method: Callable[..., Any], lean: tuple[str, ...]) -> Callable[..., Any]:
    def hook(self: Any, request: HttpRequest, *args: Any) -> Any:
        return None if request.path_info.startswith(lean) else method(self, request, *args)

    return hook


WhiteNoise = pages_only(WhiteNoiseMiddleware)
Common = pages_only(CommonMiddleware)
Csrf = pages_only(CsrfViewMiddleware)
Messages = pages_only(MessageMiddleware)
XFrameOptions = pages_only(XFrameOptionsMiddleware)
Htmx = pages_only(HtmxMiddleware)
