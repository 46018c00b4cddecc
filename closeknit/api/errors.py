"""One shape for every refusal, so an app can show `detail` to the person and branch on `code`.

Services raise ServiceError with a message already written for people; ninja's own refusals
(validation, unreadable JSON, missing login, CSRF) are reworded here so they read the same way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
FIELD_LABELS: dict[str, Any] = {
    "emotional_closeness": gettext_lazy("Emotional closeness"),
    "physical_closeness": gettext_lazy("Physical closeness"),
    "stress": gettext_lazy("Stress"),
    "feelings": gettext_lazy("Feelings"),
    "appreciation": gettext_lazy("The appreciation answer"),
    "need": gettext_lazy("The need answer"),
    "note": gettext_lazy("The note"),
    "shared": gettext_lazy("Sharing"),
    "display_name": gettext_lazy("Your display name"),
    "pronouns": gettext_lazy("Pronouns"),
    "timezone": gettext_lazy("Time zone"),
    "language": gettext_lazy("Language"),
    "country": gettext_lazy("Country"),
    "local_time": gettext_lazy("The reminder time"),
    "enabled": gettext_lazy("Reminders on or off"),
    "partner_nudges": gettext_lazy("Partner nudges"),
    "days": gettext_lazy("The number of days"),
    "name": gettext_lazy("The space's name"),
    "code": gettext_lazy("The invitation code"),
    "token": gettext_lazy("The invitation link"),
    "checkin_id": gettext_lazy("That check-in number"),
    "invitation_id": gettext_lazy("That invitation number"),
}

SCORES = ("emotional_closeness", "physical_closeness", "stress")

# When a field has a pattern, say what a good value looks like instead of quoting the regex.
PATTERN_HINTS: dict[str, Any] = {
    "local_time": gettext_lazy("Please give the reminder time as hours and minutes, such as 20:00."),
    "country": gettext_lazy("Please give the country as two letters, such as US or FR."),
}

UNAUTHENTICATED = gettext_lazy(
    "Please log in first. Apps send the session token from /_allauth/app/v1/auth/login in the "
    "X-Session-Token header; browsers use their login session."
)


def _label(field: str | None) -> str:
    if field is None:
        return _("This request")
    return str(FIELD_LABELS.get(field, field.replace("_", " ").capitalize()))


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
        return None, _("Please send the details as a JSON object.")
    if field in SCORES:
        if kind == "missing":
            return field, _("%(label)s needs a number from 0 to 10.") % {"label": label}
        if kind in {"greater_than_equal", "less_than_equal"}:
            return field, _("%(label)s should be between 0 and 10.") % {"label": label}
        if kind in {"int_type", "int_parsing", "int_from_float"}:
            return field, _("%(label)s should be a whole number from 0 to 10.") % {"label": label}
    if field == "feelings":
        if kind == "too_short":
            return field, _("Pick at least one word for how you feel.")
        if kind == "too_long":
            return field, _("Pick up to %(count)s feelings.") % {"count": ctx.get("max_length")}
        if kind in {"literal_error", "enum"}:
            return field, _("We don't know that feeling; please pick words from the list (GET /api/feelings).")
    if field == "shared" and kind in {"literal_error", "enum"}:
        return field, _("You can share only these answers: %(answers)s.") % {"answers": ", ".join(ANSWERS)}
    if kind == "missing":
        return field, _("%(label)s is missing.") % {"label": label}
    if kind == "extra_forbidden":
        if field == "email":
            return field, _("Your email address can't be changed here; use your account settings.")
        return field, _("%(field)r is not something we expected here; please leave it out.") % {"field": field}
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if field == "days":
            return field, _("Please ask for between 1 and 365 days.")
        return field, _("%(label)s is out of range.") % {"label": label}
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return field, _("%(label)s should be a whole number.") % {"label": label}
    if kind in {"bool_type", "bool_parsing"}:
        return field, _("%(label)s should be true or false.") % {"label": label}
    if kind in {"string_type", "string_sub_type"}:
        return field, _("%(label)s should be text.") % {"label": label}
    if kind in {"list_type", "tuple_type", "set_type"}:
        return field, _("%(label)s should be a list.") % {"label": label}
    if kind == "too_long" and ctx.get("field_type") == "Value":  # a text (str | None) over its max_length
        kind = "string_too_long"
    if kind == "string_too_long":
        return field, _("Please keep %(label)s under %(max_length)s characters.") % {
            "label": label.lower(),
            "max_length": ctx.get("max_length"),
        }
    if kind == "string_too_short":
        return field, _("%(label)s can't be empty.") % {"label": label}
    if kind == "too_long":
        return field, _("%(label)s: please choose up to %(count)s.") % {"label": label, "count": ctx.get("max_length")}
    if kind == "too_short":
        return field, _("%(label)s: please choose at least %(count)s.") % {
            "label": label,
            "count": ctx.get("min_length"),
        }
    if kind == "string_pattern_mismatch":
        return field, str(
            PATTERN_HINTS.get(field or "", _("%(label)s is not in the expected form.") % {"label": label})
        )
    if kind in {"literal_error", "enum"}:
        return field, _("%(label)s should be one of: %(choices)s.") % {
            "label": label,
            "choices": ctx.get("expected", _("the listed choices")),
        }
    if kind == "value_error":
        return field, str(ctx.get("error", "")) or _("%(label)s is not valid.") % {"label": label}
    return field, _("%(label)s is not valid.") % {"label": label}


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
        field, detail = problems[0] if problems else (None, _("The request is not valid."))
        body = error_body(detail, code="invalid", field=field)
        body["errors"] = [{"field": f, "detail": d} for f, d in problems]
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, error_body(str(UNAUTHENTICATED), code="not_authenticated"), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:
            body = error_body(
                _("Your browser session needs its CSRF token for this change; reload the page and try again."),
                code="csrf_failed",
            )
        elif exc.status_code == 400:
            body = error_body(_("We couldn't read that request; please send JSON."), code="unreadable")
        else:
            body = error_body(str(exc), code="error")
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE with its HTML 400 page; an app gets JSON."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        if limit:
            text = _(
                "That is more than we can take in one request (up to %(size).1f MB). Please send less at once."
            ) % {"size": limit / 1024 / 1024}
        else:
            text = _("That is more than we can take in one request. Please send less at once.")
        body = error_body(text, code="too_large")
        return api.create_response(request, body, status=413)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(_("We could not find that."), code="not_found"), status=404)


def responses(*codes: int) -> dict[int, type[Schema]]:
    """The error part of an operation's `response=`: every status it can refuse with. An operation
    that reads a body (it declares 400, unreadable JSON) can also meet a body over the size limit: 413."""
    if 400 in codes:
        codes = (*codes, 413)
    return {code: (ValidationErrorOut if code == 422 else Error) for code in codes}
