"""The JSON API at /api/, for the mobile app to come. OpenAPI at /api/openapi.json, docs at /api/docs.

Routes only translate HTTP: writes go to services, reads to selectors (which apply core.access).
Sign-up, login, email verification, password reset and two-factor are allauth headless endpoints
under /_allauth/, not re-implemented here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router

from closeknit.api import (
    assessments,
    checkins,
    clinic,
    clinic_alerts,
    clinic_caseload,
    clinic_intensive,
    clinic_notes,
    clinic_reports,
    decks,
    errors,
    me,
    paired,
    practices,
    reminders,
    safety,
    space,
)
from closeknit.api.auth import AUTH

DESCRIPTION = """
closeknit's API for apps. Every refusal is JSON: `{"detail": ..., "code": ..., "field": ...}`;
`detail` is written to be shown to the person as it is.

**Accounts and login** live in allauth's headless API, not here:

- `POST /_allauth/app/v1/auth/signup` (email, password), then `POST /_allauth/app/v1/auth/email/verify`
- `POST /_allauth/app/v1/auth/login` (email, password): the answer's `meta.session_token` is your token
- `POST /_allauth/app/v1/auth/2fa/authenticate` when the login asks for a TOTP code
- `DELETE /_allauth/app/v1/auth/session` to log out; `POST /_allauth/app/v1/auth/password/request` to reset

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

api = NinjaAPI(
    title="closeknit API",
    version="1",
    description=DESCRIPTION.strip(),
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)

for module in (
    me,
    space,
    checkins,
    reminders,
    safety,
    assessments,
    practices,
    paired,
    decks,
    clinic,
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
