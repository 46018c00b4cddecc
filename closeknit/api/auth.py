"""Who is calling: an app with an allauth headless session token, or a logged-in browser.

Routes read `request.user` whichever way the person came in, so both classes put the User there
(allauth's own ninja class returns the user but leaves `request.user` anonymous).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, APIKeyHeader

from closeknit.accounts.middleware import speak_as
from closeknit.accounts.models import User
from closeknit.api import tokens

# Session keys are short lowercase/digit strings; anything else cannot be a token of ours, and
# must not reach the session store (a NUL byte would upset PostgreSQL).
_TOKEN = re.compile(r"^[A-Za-z0-9_\-.:]{8,256}$")


class AppToken(APIKeyHeader):
    """The token an app receives in `meta.session_token` from /_allauth/app/v1/auth/login."""

    param_name = "X-Session-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if not key or not _TOKEN.match(key):
            return None
        user = tokens.user_for_token(key)
        if user is None:
            return None
        request.user = user
        _credit_audit_actor(user)
        speak_as(request, user)  # the locale middleware went by Accept-Language before the token was read
        return user


def _credit_audit_actor(user: User) -> None:
    """auditlog's middleware picked the actor before the token was read (it saw an anonymous
    request), so name the person now: changes they make through the app are recorded as theirs."""
    from auditlog.context import auditlog_value

    try:
        context = auditlog_value.get()
    except LookupError:  # not inside a request (e.g. a direct call in a script)
        return
    if context.get("actor") is None:
        context["actor"] = user


class BrowserSession(APIKeyCookie):
    """Django's login session, with CSRF enforced on changes.

    The CSRF check runs only once we know there is a logged-in session: a caller with no login at
    all should hear "please log in" (401), not a puzzling CSRF refusal.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


app_token = AppToken()
browser_session = BrowserSession(csrf=True)
# Token first: an app request carries no cookie, and a header cannot be forged cross-site.
AUTH = [app_token, browser_session]
