"""The couple's shared space: make it, name it, invite the partner, join, leave.

A person has at most one active space, so it is a singleton resource at /space. Only active members
see it; after leaving, the space is simply gone for both (404), and what each wrote stays theirs.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, In
from closeknit.api.errors import responses
from closeknit.api.idempotency import idempotent
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors, services
from closeknit.couples.models import Invitation

router = Router(tags=["space"])

NO_SPACE = "You don't have a shared space yet. Make one, or join your partner's with their code."


class PartnerOut(Schema):
    id: int
    name: str
    pronouns: str


class InvitationOut(Schema):
    id: int
    code: str = Field(description="Eight letters and digits to read out or type; spaces and dashes are ignored.")
    link: str = Field(description="Open on the partner's phone to join.")
    expires_at: dt.datetime


class SpaceOut(Schema):
    id: int
    name: str
    created_at: dt.datetime
    is_solo: bool = Field(description="True until a partner joins. Everything works alone too.")
    partner: PartnerOut | None
    open_invitation: InvitationOut | None = Field(
        description="The invitation still waiting for the partner, if any (only while solo)."
    )


class SpaceCreate(In):
    name: str = Field(default="", max_length=80, description="Optional; up to 80 characters.")


class SpaceRename(In):
    name: str = Field(max_length=80, description="Up to 80 characters; empty clears it.")


class JoinIn(In):
    """Send the code your partner read out, or the link (or just its token) they sent you."""

    code: str | None = Field(default=None, max_length=32)
    token: str | None = Field(default=None, max_length=512, description="The token, or the whole /join/ link.")


def invitation_out(inv: Invitation) -> InvitationOut:
    return InvitationOut(
        id=inv.pk,
        code=inv.code,
        # The same page the web app's invite link opens, so both kinds of invitation look alike.
        link=settings.SITE_URL.rstrip("/") + reverse("couples:join", args=[inv.token]),
        expires_at=inv.expires_at,
    )


def space_out(user: User) -> SpaceOut:
    space = selectors.space_for(user)
    if space is None:
        raise NotFound(NO_SPACE, code="no_space")
    partner = space.partner
    return SpaceOut(
        id=space.couple.pk,
        name=space.couple.name,
        created_at=space.couple.created_at,
        is_solo=space.is_solo,
        partner=PartnerOut(id=partner.pk, name=partner.name, pronouns=partner.pronouns) if partner else None,
        open_invitation=invitation_out(space.open_invitation) if space.open_invitation else None,
    )


def _token_from(value: str) -> str:
    """Accept the whole link as well as the bare token: people paste what they were sent."""
    value = value.strip()
    if "/join/" in value:
        value = value.split("/join/", 1)[1]
    return value.strip("/").split("/", 1)[0].split("?", 1)[0]


def _current_couple_id(user: User) -> int:
    space = selectors.space_for(user)
    if space is None:
        raise NotFound(NO_SPACE, code="no_space")
    return space.couple.pk


@router.get("/space", response={200: SpaceOut, **responses(401, 404)}, summary="Your shared space")
def get_space(request: AuthedRequest) -> SpaceOut:
    """404 with code `no_space` when the person has none yet (or has left theirs)."""
    return space_out(request.user)


@router.post("/space", response={201: SpaceOut, **responses(400, 401, 403, 409, 422)}, summary="Make a space")
@idempotent
def create_space(request: AuthedRequest, payload: SpaceCreate) -> Status[SpaceOut]:
    """Start a space alone; invite the partner whenever it feels right. 409 if you already have one."""
    services.create_space(user=request.user, name=payload.name)
    return Status(201, space_out(request.user))


@router.patch("/space", response={200: SpaceOut, **responses(400, 401, 403, 404, 422)}, summary="Rename the space")
def rename_space(request: AuthedRequest, payload: SpaceRename) -> SpaceOut:
    """Either partner may rename the space; both see the new name at once."""
    user: User = request.user
    services.rename_space(user=user, couple_id=_current_couple_id(user), name=payload.name)
    return space_out(user)


@router.post("/space/leave", response={204: None, **responses(401, 403, 409)}, summary="Leave the space")
def leave_space(request: AuthedRequest) -> Status[None]:
    """Ends the space for both. Each keeps what they wrote; the other's entries become invisible."""
    services.leave_space(user=request.user)
    return Status(204, None)


@router.post(
    "/space/invitations",
    response={201: InvitationOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Invite your partner",
)
@idempotent
def create_invitation(request: AuthedRequest) -> Status[InvitationOut]:
    """Single-use and expiring. Making a new one cancels the previous one, so an old link stops working."""
    user: User = request.user
    inv = services.create_invitation(user=user, couple_id=_current_couple_id(user))
    return Status(201, invitation_out(inv))


@router.delete(
    "/space/invitations/{invitation_id}",
    response={204: None, **responses(401, 403, 404, 409, 422)},
    summary="Cancel an invitation",
)
def revoke_invitation(request: AuthedRequest, invitation_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    """The code and link stop working at once. Only the person who made the invitation can cancel it."""
    services.revoke_invitation(user=request.user, invitation_id=invitation_id)
    return Status(204, None)


@router.post(
    "/space/join",
    response={200: SpaceOut, **responses(400, 401, 403, 404, 409, 410, 422)},
    summary="Join your partner's space",
)
def join_space(request: AuthedRequest, payload: JoinIn) -> SpaceOut:
    """410 when the invitation expired, was used or was cancelled; 409 when you are already with a partner.
    A space you had alone is closed on joining; what you wrote there stays yours."""
    user: User = request.user
    token = _token_from(payload.token) if payload.token else None
    code = payload.code.strip() if payload.code else None
    if not token and not code:
        raise ServiceError(
            "Please enter the code your partner gave you, or open their link.", code="invite_missing", field="code"
        )
    services.accept_invitation(user=user, token=token, code=code)
    return space_out(user)
