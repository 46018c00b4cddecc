"""The caller's own account: profile, export and deletion. Everything goes through accounts.services and
accounts.selectors, so the pages and the API follow one set of rules."""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from closeknit.accounts import exports, selectors, services
from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import In
from closeknit.api.errors import error_body, responses
from closeknit.api.me_export import ExportOut

router = Router(tags=["me"])


class Profile(Schema):
    id: int
    email: str = Field(description="Read-only here; changed through the account pages or /_allauth/.")
    name: str = Field(description="What we call the person: their display name, else the start of their email.")
    display_name: str
    pronouns: str
    timezone: str
    language: str
    country: str = Field(description="Two letters; picks the crisis resources shown to this person.")


def _text(max_length: int | None = None, description: str = "") -> Any:
    return Field(default=None, max_length=max_length, description=description)


class ProfileChanges(In):
    """Only the fields sent change. `null` is not a value: leave a field out to keep it."""

    display_name: str | SkipJsonSchema[None] = _text(60, "Up to 60 characters; empty to use your email's name.")
    pronouns: str | SkipJsonSchema[None] = _text(40, "Free text, such as she/her, he/him, they/them.")
    timezone: str | SkipJsonSchema[None] = _text(64, "An IANA zone such as Europe/Paris.")
    language: str | SkipJsonSchema[None] = _text(12, "A language code the site offers, such as en.")
    country: str | SkipJsonSchema[None] = _text(2, "Two letters, such as US or FR.")

    @field_validator("*", mode="before")
    @classmethod
    def refuse_null(cls, value: object) -> object:
        # SkipJsonSchema keeps null out of the document; refuse it here too, so the two agree.
        if value is None:
            raise ValueError(_("Leave a field out to keep it as it is; null is not a value."))
        return value


def profile_of(user: User) -> Profile:
    return Profile(
        id=user.pk,
        email=user.email,
        name=user.name,
        display_name=user.display_name,
        pronouns=user.pronouns,
        timezone=user.timezone,
        language=user.language,
        country=user.country,
    )


@router.get("/me", response={200: Profile, **responses(401)}, summary="Your profile")
def get_me(request: AuthedRequest) -> Profile:
    """Everything an app needs to greet the person and show times in their zone."""
    return profile_of(request.user)


@router.patch("/me", response={200: Profile, **responses(400, 401, 403, 422)}, summary="Change your profile")
def patch_me(request: AuthedRequest, changes: ProfileChanges) -> Profile:
    """Send only what changes. Nothing is saved unless every field given is acceptable."""
    sent = changes.model_dump(exclude_unset=True)
    user = services.update_profile(user=request.user, changes=sent)
    return profile_of(user)


# --- export and deletion ---------------------------------------------------------------------------
@router.get("/me/export", response={200: ExportOut, **responses(401)}, summary="Download everything you wrote")
def export_me(request: AuthedRequest) -> HttpResponse:
    """The same JSON as the web download, byte for byte, to save before deleting an account or to keep."""
    body = exports.as_json(selectors.export_for(request.user))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="closeknit-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


class DeleteAccountIn(In):
    password: str = Field(min_length=1, max_length=4096, description="Your password, typed again.")


@router.post(
    "/me/delete",
    response={204: None, **responses(400, 401, 403, 409, 422, 429)},
    summary="Delete your account and everything you wrote",
)
def delete_me(request: AuthedRequest, payload: DeleteAccountIn) -> Status[None] | HttpResponse:
    """As on the account page: your password again (403 `wrong_password`). A clinician who holds clinical
    records is refused with 409 `keeps_clinical_records`, and one who still holds people who reached out (and
    their booked first conversations) with 409 `keeps_leads`: hand them to a colleague first. A shared space
    ends; your partner keeps their own entries. Every session and app token of yours ends too, this one
    included. Save GET /api/me/export first: nothing can be brought back. Ten tries a minute (429 `too_many_tries`)."""
    user: User = request.user
    if not ratelimit.consume(request, action="reauthenticate", user=user):
        body = error_body(
            "There have been too many tries. For safety, please wait a minute and try again.", code="too_many_tries"
        )
        refused = JsonResponse(body, status=429)
        refused["Retry-After"] = "60"
        return refused
    services.delete_account(user=user, password=payload.password)
    logout(request)
    return Status(204, None)
