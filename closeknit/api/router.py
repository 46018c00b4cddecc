"""The JSON API at /api/, for the mobile app to come. OpenAPI at /api/openapi.json, docs at /api/docs.

Routes only translate HTTP: writes go to services, reads to selectors (which apply access).
Sign-up, login, email verification, password reset and two-factor are allauth headless endpoints
under /_allauth/, not re-implemented here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from ninja import NinjaAPI, Router
from ninja.operation import Operation

from closeknit.api import (
    assessments,
    checkins,
    decks,
    desires,
    enums,
    errors,
    me,
    paired,
    practices,
    reminders,
    safety,
    space,
)
from closeknit.api.auth import AUTH
from closeknit.api.clinic import alerts as clinic_alerts
from closeknit.api.clinic import care as clinic_care
from closeknit.api.clinic import caseload as clinic_caseload
from closeknit.api.clinic import intensive as clinic_intensive
from closeknit.api.clinic import notes as clinic_notes
from closeknit.api.clinic import public as clinic_public
from closeknit.api.clinic import reports as clinic_reports

DESCRIPTION = """
closeknit's API for apps. Every refusal is JSON: `{"detail": ..., "code": ..., "field": ...}`;
`detail` is written to be shown to the person as it is.

**Accounts and login** live in allauth's headless API, not here:

- `POST /_allauth/app/v1/auth/signup` (email, password) answers 401 with `verify_email` pending in
  `data.flows` and a `meta.session_token` that carries the sign-up on. We email a code (like
  `FLLW-LNPB`); send it as `{"key": code}` to `POST /_allauth/app/v1/auth/email/verify` with that token
  in `X-Session-Token`: the 200 holds the token to use from then on. `POST .../auth/email/verify/resend`
  sends a new code (twice at most).
- `POST /_allauth/app/v1/auth/login` (email, password): the answer's `meta.session_token` is your token
  (a 401 with `verify_email` pending means the address is not confirmed yet: a code is on its way)
- `POST /_allauth/app/v1/auth/2fa/authenticate` when the login asks for a TOTP code
- `DELETE /_allauth/app/v1/auth/session` to log out
- A forgotten password: `POST /_allauth/app/v1/auth/password/request` (email) answers 401 with
  `password_reset_by_code` pending and a token; send `{"key": code, "password": new}` to
  `POST .../auth/password/reset` with that token, then log in with the new password.

A code works only with the token of the flow that asked for it. Three wrong codes end the flow (409
afterwards: start again); a verification code lasts 15 minutes, a reset code 10.

Those routes are described in allauth's own document, `/_allauth/openapi.json` (or `.yaml`).
Their answers have allauth's shape, not ours: success is `{"status": 200, "data": ..., "meta": ...}`;
a refusal is `{"status": 400, "errors": [{"message": ..., "code": ..., "param": ...}]}`, and a 401 lists
the steps still to take in `data.flows` (such as `mfa_authenticate`). Too many tries is a 429 with
`Retry-After`.

Send the token in the `X-Session-Token` header on every call here. Browsers may use their login
session instead (with the CSRF token on changes).

**Long lists** come a page at a time: `{"items": [...], "next": ...}`; call `next` as it is until it
is null (`?limit=` sets the page size, up to 200).

**Retries.** Create routes take an optional `Idempotency-Key` header (a fresh UUID per new entry): if
the answer is lost, send the same request with the same key again and you get the first answer, with
no second entry (kept 24 hours).

**Privacy.** A partner's private answers never appear in any answer. Shared answers to a day's
check-in stay hidden ("waiting") until you have checked in that day yourself, or the day has ended.
"""

# Each operation's tag, by the first part of its path: one tag per operation, and the operationId is
# the tag and the function's name (`care_my_care`, `clinic_list_note_templates`), short and stable for
# generated clients. A path not listed here is tagged with its own first part.
AREAS: dict[str, str] = {
    "feelings": "check-ins",
    "checkins": "check-ins",
    "crisis-resources": "safety",
    "practice-suggestions": "practices",
    "practice-runs": "practices",
    "practice-log": "practices",
    "conversations": "practices",
    "closeness-questions": "practices",
    "emotional-map": "practices",
    "appreciations": "practices",
    "moments": "practices",
    "coach": "practices",
    "therapists": "finding-care",
    "screens": "finding-care",
    "bookings": "finding-care",
}

# Where a tag reads badly as an identifier.
ID_PREFIX = {"check-ins": "checkins"}

TAGS = [
    {"name": "me", "description": "Your profile, your data export, and deleting your account."},
    {"name": "space", "description": "The space you share with a partner: create it, invite, join, leave."},
    {"name": "check-ins", "description": "The daily check-in, its feelings list, and your history."},
    {"name": "reminders", "description": "Your daily reminder."},
    {"name": "safety", "description": "Crisis resources by country; open to everyone."},
    {"name": "assessments", "description": "Check-ups, their results, the couple report and the 4-week plan."},
    {"name": "practices", "description": "Practices, runs, conversations, closeness questions, maps and notes."},
    {"name": "decks", "description": "The ids and words behind practices: questions, needs, gestures, phrases."},
    {"name": "finding-care", "description": "Finding a therapist, the private screen and booking a first talk."},
    {"name": "care", "description": "For partners in care: your therapist, what you share, and your plan."},
    {"name": "clinic", "description": "For clinicians and practice staff."},
]

SECURITY_DOCS = {
    "AppToken": "The session token from `meta.session_token` of `POST /_allauth/app/v1/auth/login`, sent in "
    "the `X-Session-Token` header.",
    "BrowserSession": "A logged-in browser's session cookie; changes also need the CSRF token (X-CSRFToken).",
}


def area_of(path: str) -> str:
    """The tag of a path relative to /api/, e.g. "/care/steps" -> "care"."""
    first = path.strip("/").split("/", 1)[0]
    return AREAS.get(first, first)


def _json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a known path with a wrong method with a plain-text 405; say it in JSON like every
    other refusal, keeping the Allow header."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            body = errors.error_body(
                f"This address does not take {request.method}; it takes {allowed}.", code="method_not_allowed"
            )
            refused = api.create_response(request, body, status=405)
            refused["Allow"] = allowed
            return refused
        return response

    return wrapped


class CloseknitAPI(NinjaAPI):
    """NinjaAPI with short operationIds, one tag per operation, and JSON 405s."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        area = area_of(operation.path)
        return f"{ID_PREFIX.get(area, area)}_{operation.view_func.__name__}".replace("-", "_")

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        prefix = self.get_root_path(path_params or {}) if path_prefix is None else path_prefix
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                operation["tags"] = [area_of(path.removeprefix(prefix.rstrip("/")))]
        for name, scheme in schema.get("components", {}).get("securitySchemes", {}).items():
            if name in SECURITY_DOCS:
                scheme["description"] = SECURITY_DOCS[name]
        return enums.share(schema)

    def _get_urls(self) -> list[Any]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if hasattr(pattern, "callback") and pattern.callback is not None:
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns


api = CloseknitAPI(
    title="closeknit API",
    version="1",
    description=DESCRIPTION.strip(),
    auth=AUTH,
    urls_namespace="api",
    servers=[{"url": "/", "description": "The server this document came from; apps set their own base URL."}],
    openapi_extra={"tags": TAGS},
)
errors.install(api)

for module in (
    me,
    space,
    checkins,
    reminders,
    safety,
    assessments,
    desires,  # before practices, whose /practices/{slug} would catch it
    practices,
    paired,
    decks,
    clinic_public,
    clinic_care,
    clinic_intensive,
    clinic_notes,
    clinic_reports,
    clinic_alerts,
    clinic_caseload,
):
    api.add_router("", module.router)

# Last, so it matches only what nothing above did: an app that calls a wrong address hears so in
# JSON (Django's own 404 page is HTML). Not part of the documented API.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
def no_such_route(request: HttpRequest, rest: str) -> HttpResponse:
    body = errors.error_body("There is nothing at this address in the API; see /api/docs.", code="no_route")
    return api.create_response(request, body, status=404)


api.add_router("", fallback)
