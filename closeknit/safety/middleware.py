"""After a quick exit, this browser cannot walk back into our pages; no page of ours is kept for Back.

Two jobs, both about the moment someone leaves in a hurry:

- For a while after an exit (`QUICK_EXIT_HOLD` seconds) a browser that carries the exit cookie gets the
  neutral page instead of any page of ours. Back, the history list and a reopened tab all go to the
  network (see below), so the person who picks the phone up next finds the weather, not a login form.
  The page's script sets that cookie itself the moment Exit is pressed, before its background sign-out
  has an answer (on a slow network Back could otherwise beat it), and a browser that arrives with the
  cookie and a session still open is signed out here: an exit made offline ends the session at the next
  contact, whoever makes it.
- Every HTML page says `Cache-Control: no-store`, signed in or not: the browser keeps no copy to show
  again from its back/forward cache, where no server check could reach it. Crisis lines are read by
  people who are not signed in, and they need this as much as anyone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

EXIT_COOKIE = "ck_exit"
# Not pages: files, the app API (its callers are apps, not a browser's history) and the exit itself.
_PASS_THROUGH = ("/static/", "/media/", "/api/", "/_allauth/", "/exit/", "/favicon.ico")


def away_response() -> HttpResponse:
    """A bare redirect to the neutral page that nothing may store."""
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Cache-Control"] = "no-store"
    return response


class QuickExitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            EXIT_COOKIE in request.COOKIES
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(_PASS_THROUGH)
        ):
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                request.user = get_user(request)  # logout() reads it for its signal
                logout(request)
            return away_response()
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["Cache-Control"] = "private, no-store"
        return response
