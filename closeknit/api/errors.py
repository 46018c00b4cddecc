"""One shape for every refusal, so an app can show `detail` to the person and branch on `code`.

Services raise ServiceError with a message already written for people; ninja's own refusals
(validation, unreadable JSON, missing login, CSRF) are reworded here so they read the same way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from closeknit.checkins.models import ANSWERS
from closeknit.core.errors import ServiceError


class Error(Schema):
    """Every 4xx answer. `detail` is meant to be shown to the person as it is."""

    detail: str = Field(description="A sentence to show the person as it is.")
    code: str = Field(
        description="Stable, for programs: e.g. not_authenticated, csrf_failed, invalid, not_found, no_space, "
        "already_in_space, space_full, invite_missing, invite_unknown, invite_expired, invite_used, "
        "invite_revoked, already_member, already_checked_in, day_closed, unreadable, too_large."
    )
    field: str | None = Field(default=None, description="The request field to fix, when there is one.")


class FieldProblem(Schema):
    field: str | None
    detail: str


class ValidationErrorOut(Error):
    """A 422: the request did not have the expected shape. `errors` lists every problem found."""

    errors: list[FieldProblem] = []


# Plain names for fields, used when ninja (not a service) complains about them.
FIELD_LABELS: dict[str, str] = {
    "emotional_closeness": "Emotional closeness",
    "physical_closeness": "Physical closeness",
    "stress": "Stress",
    "feelings": "Feelings",
    "appreciation": "The appreciation answer",
    "need": "The need answer",
    "note": "The note",
    "shared": "Sharing",
    "display_name": "Your display name",
    "pronouns": "Pronouns",
    "timezone": "Time zone",
    "language": "Language",
    "country": "Country",
    "local_time": "The reminder time",
    "enabled": "Reminders on or off",
    "partner_nudges": "Partner nudges",
    "days": "The number of days",
    "name": "The space's name",
    "code": "The invitation code",
    "token": "The invitation link",
    "checkin_id": "That check-in number",
    "invitation_id": "That invitation number",
}

SCORES = ("emotional_closeness", "physical_closeness", "stress")

# When a field has a pattern, say what a good value looks like instead of quoting the regex.
PATTERN_HINTS: dict[str, str] = {
    "local_time": "Please give the reminder time as hours and minutes, such as 20:00.",
    "country": "Please give the country as two letters, such as US or FR.",
}

UNAUTHENTICATED = (
    "Please log in first. Apps send the session token from /_allauth/app/v1/auth/login in the "
    "X-Session-Token header; browsers use their login session."
)


def _label(field: str | None) -> str:
    if field is None:
        return "This request"
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str | None:
    """ninja's loc looks like ("body", "payload", "stress", 0): the field is the first name after
    the parameter, else the parameter itself for query and path values."""
    names = [part for part in loc[1:] if isinstance(part, str)]
    if not names:
        return None
    if loc[0] == "body":
        return names[1] if len(names) > 1 else None
    return names[0]


def _explain(err: dict[str, Any]) -> tuple[str | None, str]:
    """Turn one pydantic error into a sentence a person can act on."""
    field = _field_of(err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    label = _label(field)
    if field is None and kind in {"missing", "model_type", "model_attributes_type", "dict_type"}:
        return None, "Please send the details as a JSON object."
    if field in SCORES:
        if kind == "missing":
            return field, f"{label} needs a number from 0 to 10."
        if kind in {"greater_than_equal", "less_than_equal"}:
            return field, f"{label} should be between 0 and 10."
        if kind in {"int_type", "int_parsing", "int_from_float"}:
            return field, f"{label} should be a whole number from 0 to 10."
    if field == "feelings":
        if kind == "too_short":
            return field, "Pick at least one word for how you feel."
        if kind == "too_long":
            return field, f"Pick up to {ctx.get('max_length')} feelings."
        if kind in {"literal_error", "enum"}:
            return field, "We don't know that feeling; please pick words from the list (GET /api/feelings)."
    if field == "shared" and kind in {"literal_error", "enum"}:
        return field, f"You can share only these answers: {', '.join(ANSWERS)}."
    if kind == "missing":
        return field, f"{label} is missing."
    if kind == "extra_forbidden":
        if field == "email":
            return field, "Your email address can't be changed here; use your account settings."
        return field, f"{field!r} is not something we expected here; please leave it out."
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if field == "days":
            return field, "Please ask for between 1 and 365 days."
        return field, f"{label} is out of range."
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return field, f"{label} should be a whole number."
    if kind in {"bool_type", "bool_parsing"}:
        return field, f"{label} should be true or false."
    if kind in {"string_type", "string_sub_type"}:
        return field, f"{label} should be text."
    if kind in {"list_type", "tuple_type", "set_type"}:
        return field, f"{label} should be a list."
    if kind == "string_too_long":
        return field, f"Please keep {label.lower()} under {ctx.get('max_length')} characters."
    if kind == "string_too_short":
        return field, f"{label} can't be empty."
    if kind == "too_long":
        return field, f"{label}: please choose up to {ctx.get('max_length')}."
    if kind == "too_short":
        return field, f"{label}: please choose at least {ctx.get('min_length')}."
    if kind == "string_pattern_mismatch":
        return field, PATTERN_HINTS.get(field or "", f"{label} is not in the expected form.")
    if kind in {"literal_error", "enum"}:
        return field, f"{label} should be one of: {ctx.get('expected', 'the listed choices')}."
    if kind == "value_error":
        return field, str(ctx.get("error", "")) or f"{label} is not valid."
    return field, f"{label} is not valid."


def error_body(message: str, *, code: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": message, "code": code, "field": field}


def install(api: NinjaAPI) -> None:
    """One handler per kind of refusal, all answering with the Error shape."""

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return api.create_response(request, error_body(exc.message, code=exc.code, field=exc.field), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [_explain(err) for err in exc.errors]
        field, detail = problems[0] if problems else (None, "The request is not valid.")
        body = error_body(detail, code="invalid", field=field)
        body["errors"] = [{"field": f, "detail": d} for f, d in problems]
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, error_body(UNAUTHENTICATED, code="not_authenticated"), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:
            body = error_body(
                "Your browser session needs its CSRF token for this change; reload the page and try again.",
                code="csrf_failed",
            )
        elif exc.status_code == 400:
            body = error_body("We couldn't read that request; please send JSON.", code="unreadable")
        else:
            body = error_body(str(exc), code="error")
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE with its HTML 400 page; an app gets JSON."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        size = f" (up to {limit / 1024 / 1024:.1f} MB)" if limit else ""
        body = error_body(
            f"That is more than we can take in one request{size}. Please send less at once.", code="too_large"
        )
        return api.create_response(request, body, status=413)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("We could not find that.", code="not_found"), status=404)


def responses(*codes: int) -> dict[int, type[Schema]]:
    """The error part of an operation's `response=`: every status it can refuse with. An operation
    that reads a body (it declares 400, unreadable JSON) can also meet a body over the size limit: 413."""
    if 400 in codes:
        codes = (*codes, 413)
    return {code: (ValidationErrorOut if code == 422 else Error) for code in codes}
