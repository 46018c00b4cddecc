"""Wishes and boundaries over HTTP. What a caller may see is decided by closeknit.desires.selectors
and access.desires; this module only reshapes it.

Your partner's answers never appear here: only the items you both welcome (both "yes", or one "yes"
and one "maybe"), in the deck's fixed order, once you have both finished. Where the practice is not
offered the routes answer 404, the same for both partners.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, SUPPORT_DOC, In, SupportOut, support_out
from closeknit.api.errors import responses
from closeknit.clinic.selectors import care as care_selectors
from closeknit.clinic.selectors import desires as desire_selectors
from closeknit.core.errors import NotFound
from closeknit.desires import selectors, services
from closeknit.desires.content import deck

router = Router(tags=["practices"])
Mark = Literal["yes", "maybe", "no"]
NOT_HERE = "We could not find that."


class ItemOut(Schema):
    id: str
    text: str
    section: str


class SectionOut(Schema):
    slug: str
    title: str
    intro: str
    items: list[ItemOut]


class WishesDeckOut(Schema):
    title: str
    intro: str
    adults: str
    answers: dict[str, str] = Field(description='Labels for "yes", "maybe" and "no" ("Not for me").')
    sections: list[SectionOut]
    conversation_steps: list[str]
    pause_word: str


class PracticeLinkOut(Schema):
    slug: str
    title: str


class BoundaryOut(Schema):
    id: int
    text: str
    shared: bool


class PartnerBoundaryOut(Schema):
    text: str


class DesiresOut(Schema):
    adult_confirmed: bool
    has_partner: bool
    my_answers: dict[str, Mark] = Field(description="Your own marks, item id -> mark. Only yours.")
    my_finished: bool
    partner_finished: bool = Field(description="Your partner has marked every item (any mark counts).")
    revealed: bool = Field(description="True once you have both finished; then it follows every change.")
    shared: list[ItemOut] = Field(description="Items you both said yes to, in the deck's order.")
    maybe_together: list[ItemOut] = Field(description="One yes and one maybe, in the deck's order.")
    changed_at: dt.datetime | None = Field(description="When what you both see last changed.")
    my_boundaries: list[BoundaryOut]
    partner_boundaries: list[PartnerBoundaryOut] = Field(description="Only those your partner shared.")
    helps: list[PracticeLinkOut] = Field(description="Practices that can help you talk about differences.")


class AdultIn(In):
    confirmed: bool = Field(description="true: I am 18 or older and choose to use this practice.")


class AnswersIn(In):
    answers: dict[str, Mark] = Field(min_length=1, max_length=200, description="item id -> yes | maybe | no")


class BoundaryIn(In):
    text: str = Field(min_length=1, max_length=300)
    shared: bool = False


class BoundaryShareIn(In):
    shared: bool


class BoundaryCreatedOut(BoundaryOut):
    support: list[SupportOut] = Field(description=SUPPORT_DOC)


class ClinicianDesiresOut(Schema):
    answers: dict[str, Mark] = Field(description="That person's own marks, in this couple's space.")
    boundaries: list[str]


def _item(i) -> ItemOut:
    return ItemOut(id=i.id, text=i.text, section=i.section)


def _view(user: User) -> selectors.View:
    view = selectors.view_for(user)
    if view is None:
        raise NotFound(NOT_HERE)
    return view


def desires_out(view: selectors.View) -> DesiresOut:
    return DesiresOut(
        adult_confirmed=view.adult,
        has_partner=view.partner_name is not None,
        my_answers=view.mine,  # type: ignore[arg-type]  # the selector's strs; pydantic checks them against the Literal
        my_finished=view.my_finished,
        partner_finished=view.partner_finished,
        revealed=view.revealed,
        shared=[_item(m.item) for m in view.shared],
        maybe_together=[_item(m.item) for m in view.maybe],
        changed_at=view.changed_at,
        my_boundaries=[BoundaryOut(id=b.pk, text=b.text, shared=b.shared) for b in view.my_boundaries],
        partner_boundaries=[PartnerBoundaryOut(text=b.text) for b in view.partner_boundaries],
        helps=[PracticeLinkOut(slug=p.slug, title=p.title) for p in view.helps],
    )


@router.get("/practices/desires", response={200: DesiresOut, **responses(401, 404)}, summary="Wishes: yours and shared")
def get_desires(request: AuthedRequest) -> DesiresOut:
    """Your own marks and boundaries, and what you both wished for once you have both finished marking.
    Only mutual wishes ever appear; an item either of you left out or marked "not for me" never does."""
    return desires_out(_view(request.user))


@router.get(
    "/practices/desires/deck", response={200: WishesDeckOut, **responses(401, 404)}, summary="The items to mark"
)
def get_deck(request: AuthedRequest) -> WishesDeckOut:
    """The items to mark, grouped (touch and affection, time and setting, intimacy), with the words for
    each answer, the guided conversation's steps and the pause word."""
    _view(request.user)
    d = deck()
    return WishesDeckOut(
        title=d.title,
        intro=d.intro,
        adults=d.adults,
        answers=d.answers,
        sections=[
            SectionOut(slug=s.slug, title=s.title, intro=s.intro, items=[_item(i) for i in s.items]) for s in d.sections
        ],
        conversation_steps=list(d.steps),
        pause_word=d.pause_word,
    )


@router.post(
    "/practices/desires/adult",
    response={200: DesiresOut, **responses(400, 401, 403, 404, 422)},
    summary="Confirm you are an adult (once)",
)
def confirm_adult(request: AuthedRequest, payload: AdultIn) -> DesiresOut:
    """This practice is for adults only: confirm it once before marking anything."""
    services.confirm_adult(user=request.user, confirmed=payload.confirmed)
    return desires_out(_view(request.user))


@router.put(
    "/practices/desires/answers",
    response={200: DesiresOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Mark some or all items",
)
def put_answers(request: AuthedRequest, payload: AnswersIn) -> DesiresOut:
    """Mark items yes, maybe or not for me; change any mark at any time and the shared list follows.
    403 until you have confirmed you are an adult; 409 while you are alone in your space."""
    services.set_answers(user=request.user, answers=payload.answers)
    return desires_out(_view(request.user))


@router.post(
    "/practices/desires/boundaries",
    response={201: BoundaryCreatedOut, **responses(400, 401, 403, 404, 422)},
    summary="Write a boundary",
)
def add_boundary(request: AuthedRequest, payload: BoundaryIn) -> Status:
    """A boundary in your own words; private unless you choose to share it. The answer carries any help the
    safety net found in the words, for you alone."""
    row = services.add_boundary(user=request.user, text=payload.text, shared=payload.shared)
    out = BoundaryCreatedOut(id=row.pk, text=row.text, shared=row.shared, support=support_out(row.support))
    return Status(201, out)


@router.patch(
    "/practices/desires/boundaries/{boundary_id}",
    response={200: BoundaryOut, **responses(400, 401, 403, 404, 422)},
    summary="Share a boundary, or keep it private",
)
def share_boundary(
    request: AuthedRequest, payload: BoundaryShareIn, boundary_id: int = Path(..., ge=1, le=MAX_ID)
) -> BoundaryOut:
    """Share one of your boundaries with your partner, or make it private again."""
    row = services.share_boundary(user=request.user, boundary_id=boundary_id, shared=payload.shared)
    return BoundaryOut(id=row.pk, text=row.text, shared=row.shared)


@router.delete(
    "/practices/desires/boundaries/{boundary_id}",
    response={204: None, **responses(401, 403, 404, 422)},
    summary="Remove a boundary",
)
def delete_boundary(request: AuthedRequest, boundary_id: int = Path(..., ge=1, le=MAX_ID)) -> Status:
    """Remove one of your boundaries for good; your partner no longer sees it."""
    services.delete_boundary(user=request.user, boundary_id=boundary_id)
    return Status(204, None)


@router.get(
    "/clinic/episodes/{episode_id}/members/{user_id}/desires",
    response={200: ClinicianDesiresOut, **responses(401, 404, 422)},
    summary="A partner's wishes and boundaries (only with their consent; logged)",
)
def member_desires(
    request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID), user_id: int = Path(..., ge=1, le=MAX_ID)
) -> ClinicianDesiresOut:
    """That partner's own marks and boundaries, for their clinician. 404 unless the partner consents to
    "desires" now; the read is written to their access log."""
    v = care_selectors.episode_for_clinician(request.user, episode_id)
    member = next((m.user for m in v.members if m.user.pk == user_id), None)
    seen = desire_selectors.for_clinician(request.user, v.episode, member) if member else None
    if seen is None:
        raise NotFound(_("These are not shared with you."))
    return ClinicianDesiresOut(answers={i.id: m for i, m in seen.answers}, boundaries=seen.boundaries)  # type: ignore[misc]  # the selector's strs; pydantic checks them against the Literal
