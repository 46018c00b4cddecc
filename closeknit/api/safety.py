"""Crisis resources: public, because someone in trouble must not need to log in first."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import Field

from closeknit.api.errors import responses
from closeknit.safety import resources

router = Router(tags=["safety"])


class ResourceOut(Schema):
    name: str
    kind: Literal["crisis", "violence", "emergency"]
    about: str
    hours: str
    phone: str
    tel: str = Field(description="The phone number as digits, for a tel: link.")
    text: str = Field(description="How to reach them by text message, such as 'HOME to 741741'.")
    sms: str = Field(description="The number part of `text`, for an sms: link.")
    sms_body: str = Field(description="The word to send, if any.")
    tty: str


class CountryOut(Schema):
    code: str
    name: str
    emergency: str = Field(description="The local emergency number.")
    resources: list[ResourceOut]


@router.get(
    "/crisis-resources",
    auth=None,
    response={200: CountryOut, **responses(422)},
    summary="Crisis resources for a country",
)
def crisis_resources(
    request: HttpRequest,
    country: str | None = Query(
        None,
        pattern=r"^[A-Za-z]{2}$",
        description="Two letters. Without it: the logged-in person's country, else the site's default. "
        "A country we have no list for gets the default list; `code` says which one you got.",
    ),
) -> CountryOut:
    """Help lines for a country, in the reader's language where we wrote it (a logged-in person's own setting,
    else Accept-Language). Open to everyone: no login needed."""
    if country is None and request.user.is_authenticated:
        country = request.user.country
    found = resources.for_country(country)
    language = translation.get_language()  # the person's own setting once logged in, else Accept-Language
    return CountryOut(
        code=found.code,
        name=found.name_in(language),
        emergency=found.emergency,
        resources=[
            ResourceOut(
                name=r.name,
                kind=r.kind,  # type: ignore[arg-type]  # content's str; pydantic checks it against the Literal
                about=r.about_in(language),
                hours=r.hours,
                phone=r.phone,
                tel=r.tel,
                text=r.text,
                sms=r.sms,
                sms_body=r.sms_body,
                tty=r.tty,
            )
            for r in found.resources
        ],
    )
