"""Refusing too many attempts with a plain 429 that says when to come back, and how to get in right now.

allauth counts attempts (ACCOUNT_RATE_LIMITS on the shared cache) and, when a count runs out, turns a login
into a form error. A refusal is not a wrong password, so it is answered as what it is: 429 Too Many
Requests with Retry-After, on the web pages and in the app API alike. The page and the API both point to
the emailed one-time code, which no count of wrong passwords can stop: whoever guesses at an address can
slow down password logins for it, but never keep its owner out.
"""

from __future__ import annotations

import math
import time
from http import HTTPStatus

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.headless.internal.restkit.response import APIResponse
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# When we cannot tell which count ran out, ask to wait a minute: every per-minute limit is over by then.
FALLBACK_WAIT = 60
WAIT = gettext_lazy("There have been too many tries. For safety, please wait %(wait)s and try again.")
BY_CODE = gettext_lazy("You can log in right now with a one-time code we email you.")


def seconds_to_wait(request: HttpRequest, *, action: str, key: str | None = None) -> int | None:
    """Seconds until `action` is allowed again for this client (and `key`), or None if it is allowed now.

    Reads the same history allauth keeps (newest first, one timestamp per counted attempt), so the figure
    is exact: the moment the oldest counted attempt of a full window falls out of it.
    """
    waits = []
    now = time.time()
    for rate in allauth_ratelimit.get_rates(app="allauth.account", action=action):
        if (rate.per == "key" and key is None) or rate.per == "user":
            continue
        cache_key = allauth_ratelimit.get_cache_key(request, app="allauth.account", action=action, rate=rate, key=key)
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(max(waits))) if waits else None


def wait_for(request: HttpRequest, *, login_key: str | None) -> tuple[int, str | None]:
    """How long the refused attempt has to wait, and which count ran out (None if we cannot tell)."""
    for action, key in (("login_failed", login_key), ("request_login_code", None)):
        wait = seconds_to_wait(request, action=action, key=key)
        if wait:
            return wait, action
    return FALLBACK_WAIT, None


def in_words(seconds: int) -> str:
    if seconds < 90:
        return _("a minute")
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def too_many(request: HttpRequest, *, retry_after: int, offer_code: bool = True) -> HttpResponse:
    """429 with Retry-After: JSON for the app API, a page with the way in by code for the web."""
    offer_code = offer_code and account_settings.LOGIN_BY_CODE_ENABLED
    wait = in_words(retry_after)
    if hasattr(getattr(request, "allauth", None), "headless"):
        message = str(WAIT) % {"wait": wait} + (" " + str(BY_CODE) if offer_code else "")
        response: HttpResponse = APIResponse(
            request,
            errors=[{"message": message, "code": "too_many_login_attempts"}],
            meta={"retry_after": retry_after, "login_by_code": offer_code},
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    else:
        context = {"wait": wait, "offer_code": offer_code}
        response = render(request, "429.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(retry_after)
    return response
