"""The daily check-in over HTTP. What a viewer may see is decided by checkins.selectors (and through
them access); this module only reshapes those views, so it cannot leak what they hold back.

In every answer object a `null` means "not visible to you": kept private, or shared but waiting
until you have checked in yourself (then `waiting` is true), or, for a score, skipped by its author
(scores are optional: an untouched scale is no answer).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from ninja.renderers import JSONRenderer
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, In, SupportOut
from closeknit.api.errors import responses
from closeknit.api.idempotency import idempotent
from closeknit.checkins import feelings, selectors, services
from closeknit.checkins.models import ANSWERS, CheckIn
from closeknit.checkins.selectors import CheckInView
from closeknit.core.errors import NotFound

router = Router(tags=["check-ins"])

if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    AnswerName = str
    FeelingSlug = str
else:
    AnswerName = Literal[ANSWERS]
    # The vocabulary goes into the schema as an enum, so apps (and schemathesis) see the valid words.
    # It is read once at start-up, as checkins.feelings itself caches it.
    FeelingSlug = Literal[tuple(feelings.by_slug())]
NOT_FOUND = "We could not find that check-in."


# --- the vocabulary --------------------------------------------------------------------------------
class FeelingOut(Schema):
    slug: str
    label: str


class FamilyOut(Schema):
    slug: str
    label: str
    tone: Literal["pleasant", "mixed", "unpleasant"] = Field(description="For colour only; no feeling is wrong.")
    hint: str
    feelings: list[FeelingOut]


# --- check-ins -----------------------------------------------------------------------------------
class PersonRef(Schema):
    id: int
    name: str


class Answers(Schema):
    feelings: list[str] | None = None
    emotional_closeness: int | None = None
    physical_closeness: int | None = None
    stress: int | None = None
    appreciation: str | None = None
    need: str | None = None
    note: str | None = None


class CheckInOut(Schema):
    id: int
    author: PersonRef
    local_date: dt.date = Field(description="The author's own calendar day.")
    is_mine: bool
    editable: bool = Field(description="True for your own check-in while its day lasts.")
    waiting: bool = Field(description="Your partner shared answers that open once you check in today.")
    answers: Answers = Field(
        description="Always an object. Each answer is null when you may not see it (kept private, or waiting "
        "until you check in today) or when it was left empty or a score skipped; `waiting` says which."
    )
    shared: list[AnswerName] = Field(description="For your own check-in: what your partner may see. Else empty.")


class OwnCheckInOut(CheckInOut):
    """The answer to your own write. Only here, never on any read a partner can make."""

    support: list[SupportOut] = Field(
        description="The safety net: when not empty, show crisis resources (GET /api/crisis-resources) at once, "
        "privately. Empty when nothing you wrote called for it."
    )


class CheckInIn(In):
    """Scores are whole numbers from 0 to 10, each optional: leave one out (or send null) and it is
    stored as not answered, never as a middle value. `shared` lists the answers your partner may see;
    anything not listed stays yours alone (the default is to share nothing)."""

    feelings: list[FeelingSlug] = Field(min_length=1, max_length=6, description="1 to 6 slugs from GET /api/feelings.")
    emotional_closeness: int | None = Field(
        default=None, ge=0, le=10, description="How emotionally close you feel, 0 to 10; null or left out when skipped."
    )
    physical_closeness: int | None = Field(
        default=None, ge=0, le=10, description="How physically close you feel, 0 to 10; null or left out when skipped."
    )
    stress: int | None = Field(
        default=None, ge=0, le=10, description="How stressed you are, 0 to 10; null or left out when skipped."
    )
    appreciation: str = Field(default="", max_length=1000, description="One thing you appreciate about your partner.")
    need: str = Field(default="", max_length=1000, description="One thing you need.")
    note: str = Field(default="", max_length=1000, description="Anything else, for you.")
    shared: list[AnswerName] = Field(default_factory=list)


class PartnerToday(Schema):
    person: PersonRef
    state: Literal["not_yet", "waiting", "visible", "private"] = Field(
        description=(
            "not_yet: no check-in yet today. waiting: answered, and it opens once you check in. "
            "visible: see `checkin`. private: answered, and kept every answer private."
        )
    )
    checkin: CheckInOut | None


class TodayOut(Schema):
    date: dt.date = Field(description="Today in your time zone.")
    mine: CheckInOut | None
    partner: PartnerToday | None = Field(description="null while your space is solo.")
    streak: int
    both_today: bool


class DayOut(Schema):
    date: dt.date
    mine: CheckInOut | None
    partner: CheckInOut | None


class StreakOut(Schema):
    days: int = Field(description="Days in a row you both checked in (alone: your own days).")


def checkin_out(view: CheckInView) -> CheckInOut:
    return CheckInOut(**_fields(view))


def _fields(view: CheckInView) -> dict[str, Any]:
    return {
        "id": view.id,
        "author": PersonRef(id=view.author_id, name=view.author_name),
        "local_date": view.local_date,
        "is_mine": view.is_mine,
        "editable": view.editable,
        "waiting": view.waiting,
        "answers": Answers(**{name: view.answers[name] for name in ANSWERS if name in view.answers}),
        "shared": list(view.shared),
    }


def _own(user: User, checkin: CheckIn) -> OwnCheckInOut:
    """The author's own check-in, just written: shaped from the row in hand instead of read again, and
    without the partner's reaction (this answer does not carry it, so it is not read either).

    Built with `model_construct`, not validated: every value was just checked and written by the
    service (`clean_answers`, the safety net's kinds and tones), and validating them again, field by
    field through ninja's getter, was a tenth of a check-in's CPU. tests/api/test_checkin_answer.py
    holds it to the validated model's output, byte for byte, across the shapes a check-in takes."""
    view = selectors.view_of(user, checkin, viewer_answered=True, reactions=False)
    assert view is not None  # the author always sees their own
    return OwnCheckInOut.model_construct(
        id=view.id,
        author=PersonRef.model_construct(id=view.author_id, name=view.author_name),
        local_date=view.local_date,
        is_mine=view.is_mine,
        editable=view.editable,
        waiting=view.waiting,
        answers=Answers.model_construct(**{name: view.answers.get(name) for name in ANSWERS}),
        shared=list(view.shared),
        support=[SupportOut.model_construct(kind=s["kind"], level=s["level"]) for s in checkin.support or ()],
    )


def _own_response(request: HttpRequest, user: User, checkin: CheckIn) -> HttpResponse:
    """`_own` as the finished response, for the edit (PUT): the same body, built as the plain dict that
    ninja would get from dumping the model (keys in the schema's order) and rendered by the same JSON
    renderer, without a model in between (constructing, dumping and ninja's handling of it cost about
    as much as the rest of the answer). tests/api/test_checkin_answer.py compares the bytes."""
    view = selectors.view_of(user, checkin, viewer_answered=True, reactions=False)
    assert view is not None  # the author always sees their own
    body = {
        "id": view.id,
        "author": {"id": view.author_id, "name": view.author_name},
        "local_date": view.local_date,
        "is_mine": view.is_mine,
        "editable": view.editable,
        "waiting": view.waiting,
        "answers": {name: view.answers.get(name) for name in _ANSWER_KEYS},
        "shared": list(view.shared),
        "support": [{"kind": s["kind"], "level": s["level"]} for s in checkin.support or ()],
    }
    return HttpResponse(_RENDERER.render(request, body, response_status=200), content_type=_CONTENT_TYPE)


_RENDERER = JSONRenderer()  # what CloseknitAPI renders with (ninja's default)
_CONTENT_TYPE = f"{_RENDERER.media_type}; charset={_RENDERER.charset}"
_ANSWER_KEYS = tuple(Answers.model_fields)


def _own_validated(user: User, checkin: CheckIn) -> OwnCheckInOut:
    """`_own` the long way, every field validated: what the tests compare `_own` with."""
    view = selectors.view_of(user, checkin, viewer_answered=True, reactions=False)
    assert view is not None
    return OwnCheckInOut(**_fields(view), support=[SupportOut(**s) for s in checkin.support or ()])


def _visible(user: User, checkin_id: int) -> CheckInOut:
    view = selectors.checkin_for(user, checkin_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return checkin_out(view)


@router.get("/feelings", auth=None, response=list[FamilyOut], summary="The feelings vocabulary")
def list_feelings(request: HttpRequest) -> list[FamilyOut]:
    """Public: the words are the same for everyone, and an app may show them before login."""
    return [
        FamilyOut(
            slug=fam.slug,
            label=fam.label,
            tone=fam.tone,  # type: ignore[arg-type]  # content's str; pydantic checks it against the Literal
            hint=fam.hint,
            feelings=[FeelingOut(slug=f.slug, label=f.label) for f in fam.feelings],
        )
        for fam in feelings.families()
    ]


@router.get("/checkins/today", response={200: TodayOut, **responses(401)}, summary="Today, for you and your partner")
def today(request: AuthedRequest) -> TodayOut:
    """Your check-in for your own calendar day, if any, and where your partner's stands: not yet, waiting for yours,
    visible, or kept private."""
    user: User = request.user
    t = selectors.today_for(user)
    partner = None
    if t.partner is not None:
        view = t.partner_view
        state: Literal["not_yet", "waiting", "visible", "private"] = "not_yet"
        if t.partner_answered and view is not None:
            state = "waiting" if view.waiting else ("visible" if view.answers else "private")
        partner = PartnerToday(
            person=PersonRef(id=t.partner.pk, name=t.partner.name),
            state=state,
            checkin=checkin_out(view) if view is not None and state != "not_yet" else None,
        )
    return TodayOut(
        date=t.date,
        mine=checkin_out(t.mine) if t.mine else None,
        partner=partner,
        streak=t.streak,
        both_today=t.both_today,
    )


@router.get("/checkins/streak", response={200: StreakOut, **responses(401)}, summary="Your streak")
def streak(request: AuthedRequest) -> StreakOut:
    """Days in a row on which you both checked in (alone: your own days), counting back from today, or from yesterday
    while today is still open."""
    return StreakOut(days=selectors.streak_for(request.user))


@router.get("/checkins", response={200: list[DayOut], **responses(401, 422)}, summary="Your history")
def history(request: AuthedRequest, days: int = Query(30, ge=1, le=365)) -> list[DayOut]:
    """Newest first. Your own check-ins from any space; your partner's while you share a space."""
    rows = selectors.history_for(request.user, days=days)
    return [
        DayOut(
            date=d.date,
            mine=checkin_out(d.mine) if d.mine else None,
            partner=checkin_out(d.partner) if d.partner else None,
        )
        for d in rows
    ]


@router.post(
    "/checkins", response={201: OwnCheckInOut, **responses(400, 401, 403, 409, 422)}, summary="Check in for today"
)
@idempotent
def create_checkin(request: AuthedRequest, payload: CheckInIn) -> Status[OwnCheckInOut]:
    """One per day in your time zone; 409 if today's exists (change it with PUT instead).
    Without a space yet, a solo space is made for you: everything works alone."""
    user: User = request.user
    checkin = services.create_checkin(user=user, answers=payload.model_dump())
    return Status(201, _own(user, checkin))


@router.get("/checkins/{checkin_id}", response={200: CheckInOut, **responses(401, 404, 422)}, summary="One check-in")
def get_checkin(request: AuthedRequest, checkin_id: int = Path(..., ge=1, le=MAX_ID)) -> CheckInOut:
    """404 also when it exists but is not yours to know about."""
    return _visible(request.user, checkin_id)


@router.put(
    "/checkins/{checkin_id}",
    response={200: OwnCheckInOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Change today's check-in",
)
def update_checkin(
    request: AuthedRequest, payload: CheckInIn, checkin_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse:
    """Only your own, and only while its day lasts (409 `day_closed` after)."""
    user: User = request.user
    checkin = services.update_checkin(user=user, checkin_id=checkin_id, answers=payload.model_dump())
    return _own_response(request, user, checkin)
