"""Answered by both, seen together: closeness questions and emotional maps. What a caller may see is
decided by closeknit.practices.flows.paired (which applies access.practices.paired_access); this
module only reshapes it.

Answers are typed: a question's answers are text and come with the question's words; a map carries
labels to show and, beside them, the slugs and ids that went in, so an app can redraw it.
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.checkins import FeelingSlug
from closeknit.api.common import SUPPORT_DOC, In, SupportOut, support_out
from closeknit.api.errors import responses
from closeknit.api.idempotency import idempotent
from closeknit.core.errors import NotFound
from closeknit.practices import services
from closeknit.practices.flows import paired
from closeknit.practices.library import DeckItem, library

router = Router(tags=["practices"])
UNKNOWN_QUESTION = "We don't know that question."
PartnerState = Literal["none", "waiting", "visible"]
PARTNER_STATE_DOC = "waiting: your partner answered; answer it yourself to see theirs. none: nothing of theirs."


def _questions() -> list[tuple[str, DeckItem]]:
    """(set slug, item) for every closeness question, in deck order."""
    deck = library().decks[library().practices[paired.QUESTIONS].deck]  # type: ignore[index]  # the shipped questions practice has a deck
    return [(s.slug, i) for s in deck.sets for i in s.items]


# --- closeness questions ---------------------------------------------------------------------------
class ClosenessQuestionOut(Schema):
    item: str = Field(description="The question's id: stable, used in /api/closeness-questions/{item}.")
    set: str = Field(description="The set it belongs to; sets go gradually deeper.")
    question: str
    state: Literal["unanswered", "answered", "waiting"] = Field(
        description="answered: you answered. waiting: your partner answered; answer it to see theirs."
    )


class ClosenessAnswerOut(Schema):
    item: str
    set: str
    question: str = Field(description="The question's words, as the deck has them.")
    mine: str | None = Field(description="Your answer; null until you write one.")
    partner_state: PartnerState = Field(description=PARTNER_STATE_DOC)
    partner: str | None = Field(description="Your partner's answer, only while partner_state is visible.")


class ClosenessAnsweredOut(ClosenessAnswerOut):
    """Your answer, just saved: only this answer carries what the safety net found."""

    support: list[SupportOut] = Field(description=SUPPORT_DOC)


class ClosenessAnswerIn(In):
    text: str = Field(min_length=1, max_length=2000)


def _question_out(user: User, item: str) -> ClosenessAnswerOut:
    found = next(((s, i) for s, i in _questions() if i.id == item), None)
    pair = paired.question(user, item)
    if found is None or pair is None:
        raise NotFound(UNKNOWN_QUESTION)
    set_slug, deck_item = found
    return ClosenessAnswerOut(
        item=item,
        set=set_slug,
        question=deck_item.text,
        mine=pair.mine,
        partner_state=pair.partner_state,  # type: ignore[arg-type]  # the selector's str; pydantic checks it against the Literal
        partner=pair.partner,
    )


@router.get(
    "/closeness-questions",
    response={200: list[ClosenessQuestionOut], **responses(401, 404)},
    summary="Closeness questions",
)
def list_questions(request: AuthedRequest) -> list[ClosenessQuestionOut]:
    """Every question, in order from light to deep, with whether you (or your partner) answered it."""
    user: User = request.user
    services.practice_or_404(user, paired.QUESTIONS)
    states = paired.question_states(user)
    return [
        ClosenessQuestionOut(item=i.id, set=s, question=i.text, state=states.get(i.id, "unanswered"))  # type: ignore[arg-type]  # the selector's str; pydantic checks it against the Literal
        for s, i in _questions()
    ]


@router.get(
    "/closeness-questions/{item}",
    response={200: ClosenessAnswerOut, **responses(401, 404, 422)},
    summary="One question, with the answers",
)
def get_question(request: AuthedRequest, item: str = Path(..., max_length=80)) -> ClosenessAnswerOut:
    """The question's words, your answer, and your partner's once you have both answered."""
    services.practice_or_404(request.user, paired.QUESTIONS)
    return _question_out(request.user, item)


@router.put(
    "/closeness-questions/{item}",
    response={200: ClosenessAnsweredOut, **responses(400, 401, 403, 404, 422)},
    summary="Answer a question in writing",
)
def answer_question(
    request: AuthedRequest, payload: ClosenessAnswerIn, item: str = Path(..., max_length=80)
) -> ClosenessAnsweredOut:
    """Writing again replaces your answer. Your partner sees it once they have answered too."""
    user: User = request.user
    row = paired.answer_question(user=user, item=item, text=payload.text)
    return ClosenessAnsweredOut(**_question_out(user, item).model_dump(), support=support_out(row.support))


# --- emotional maps --------------------------------------------------------------------------------
class EmotionalMapIn(In):
    surface: list[FeelingSlug] = Field(default_factory=list, max_length=6)
    underneath: list[FeelingSlug] = Field(default_factory=list, max_length=6)
    needs: list[str] = Field(min_length=1, max_length=6, description="Ids from the needs deck (GET /api/decks/needs).")
    note: str = Field(default="", max_length=500)


class EmotionalMapOut(Schema):
    """One person's map. The label lists are for showing; the slug and id lists are what was sent."""

    surface: list[str] = Field(description="Labels of the feelings on the surface.")
    underneath: list[str] = Field(description="Labels of the feelings underneath.")
    needs: list[str] = Field(description="The needs' words.")
    note: str
    surface_slugs: list[str] = Field(description="Feeling slugs, as in GET /api/feelings.")
    underneath_slugs: list[str]
    need_ids: list[str] = Field(description="Item ids of the needs deck.")


class EmotionalMapPairOut(Schema):
    item: str = Field(description="The round, e.g. map-2.")
    mine: EmotionalMapOut | None
    partner_state: PartnerState = Field(description=PARTNER_STATE_DOC)
    partner: EmotionalMapOut | None = Field(description="Only while partner_state is visible.")


class MapPlacedOut(EmotionalMapPairOut):
    """Your map, just placed: only this answer carries what the safety net found."""

    support: list[SupportOut] = Field(description=SUPPORT_DOC)


def _map_out(value: dict[str, Any] | None) -> EmotionalMapOut | None:
    if value is None:
        return None
    raw = value.get("raw") or {}
    return EmotionalMapOut(
        surface=value["surface"],
        underneath=value["underneath"],
        needs=value["needs"],
        note=value.get("note", ""),
        surface_slugs=list(raw.get("surface", [])),
        underneath_slugs=list(raw.get("underneath", [])),
        need_ids=list(raw.get("needs", [])),
    )


def _map_pair(user: User) -> EmotionalMapPairOut:
    pair = paired.map_for(user)
    if pair.mine is None and (last := paired.last_revealed(user)) is not None:
        pair = last
    return EmotionalMapPairOut(
        item=pair.item,
        mine=_map_out(pair.mine),
        partner_state=pair.partner_state,  # type: ignore[arg-type]  # the selector's str; pydantic checks it against the Literal
        partner=_map_out(pair.partner),
    )


@router.get(
    "/emotional-map", response={200: EmotionalMapPairOut, **responses(401, 404)}, summary="Your map and your partner's"
)
def get_map(request: AuthedRequest) -> EmotionalMapPairOut:
    """The open round (yours placed, theirs waiting), or the last round you both placed."""
    user: User = request.user
    services.practice_or_404(user, paired.MAP)
    return _map_pair(user)


@router.post(
    "/emotional-map",
    response={201: MapPlacedOut, **responses(400, 401, 403, 404, 422)},
    summary="Place your map privately",
)
@idempotent
def place_map(request: AuthedRequest, payload: EmotionalMapIn) -> Status[MapPlacedOut]:
    """Your partner sees it once they have placed theirs for the same round."""
    user: User = request.user
    services.practice_or_404(user, paired.MAP)
    row = paired.place_map(user=user, data=payload.model_dump())
    return Status(201, MapPlacedOut(**_map_pair(user).model_dump(), support=support_out(row.support)))
