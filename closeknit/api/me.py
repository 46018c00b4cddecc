"""The caller's own profile. Changes go through accounts.services so pages and the API agree."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from closeknit.accounts import services
from closeknit.accounts.models import User
from closeknit.api.common import In
from closeknit.api.errors import responses

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


def _text(max_length: int | None = None, description: str = "") -> object:
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
            raise ValueError("Leave a field out to keep it as it is; null is not a value.")
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
def get_me(request: HttpRequest) -> Profile:
    """Everything an app needs to greet the person and show times in their zone."""
    return profile_of(request.user)  # type: ignore[arg-type]


@router.patch("/me", response={200: Profile, **responses(400, 401, 403, 422)}, summary="Change your profile")
def patch_me(request: HttpRequest, changes: ProfileChanges) -> Profile:
    """Send only what changes. Nothing is saved unless every field given is acceptable."""
    sent = changes.model_dump(exclude_unset=True)
    user = services.update_profile(user=request.user, changes=sent)  # type: ignore[arg-type]
    return profile_of(user)
