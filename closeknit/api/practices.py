"""Practices over HTTP: the library, runs and the practice log, the two-phone conversation,
appreciations, moments and the coach (closeness questions and maps: api/paired.py; decks:
api/decks.py). What a caller may see is decided by the practices selectors and access.practices;
this module only reshapes what they return.

A `null` for someone else's words means "not yours to read" (kept private, or waiting until you
have answered the same question yourself).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, SUPPORT_DOC, In, SupportOut, support_out
from closeknit.api.errors import Error, responses
from closeknit.api.idempotency import idempotent
from closeknit.api.pagination import CURSOR, LIMIT, decode, page_of, page_out
from closeknit.core.errors import NotFound
from closeknit.practices import concern, selectors, services
from closeknit.practices.flows import coach
from closeknit.practices.flows import talk as talks
from closeknit.practices.library import DRIVERS, MODES, Practice, library
from closeknit.practices.models import PracticeLog

router = Router(tags=["practices"])

if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    Mode = str
else:
    Mode = Literal[MODES]
Slug = Field(..., min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NOT_FOUND = "We could not find that practice."


# --- the library -----------------------------------------------------------------------------------
class PracticeStepOut(Schema):
    text: str
    timer_seconds: int | None
    role: str | None


class PracticeOut(Schema):
    slug: str
    title: str
    purpose: str
    drivers: list[str] = Field(description=f"Distance drivers it serves: {', '.join(DRIVERS)}.")
    duration_minutes: int
    modes: list[Mode]
    kind: str = Field(description="The guided flow it runs in.")


class PracticeDetailOut(PracticeOut):
    steps: list[PracticeStepOut]
    if_heated: str
    reflection_prompt: str
    deck: str | None = Field(description="The slug of the deck it draws on: GET /api/decks/{deck} for its items.")


def practice_out(p: Practice) -> PracticeOut:
    return PracticeOut(
        slug=p.slug,
        title=p.title,
        purpose=p.purpose,
        drivers=list(p.drivers),
        duration_minutes=p.duration_minutes,
        modes=list(p.modes),
        kind=p.kind,
    )


@router.get("/practices", response={200: list[PracticeOut], **responses(401, 422)}, summary="Practices for you")
def list_practices(
    request: AuthedRequest,
    mode: Mode | None = Query(None),
    driver: str | None = Query(None, max_length=40),
) -> list[PracticeOut]:
    """Only what may be offered to your couple (conflict work is never offered after a positive
    safety screen). Shortest first."""
    items = selectors.catalogue(request.user)
    if mode:
        items = [p for p in items if mode in p.modes]
    if driver:
        items = [p for p in items if driver in p.drivers]
    return [practice_out(p) for p in items]


@router.get("/practices/{slug}", response={200: PracticeDetailOut, **responses(401, 404, 422)}, summary="One practice")
def get_practice(request: AuthedRequest, slug: str = Path(..., max_length=80)) -> PracticeDetailOut:
    """Its steps with their timers, what to do if things get heated, the closing reflection, and the deck it draws
    on."""
    p = services.practice_or_404(request.user, slug)
    return PracticeDetailOut(
        **practice_out(p).dict(),
        steps=[PracticeStepOut(text=s.text, timer_seconds=s.timer_seconds, role=s.role) for s in p.steps],
        if_heated=p.if_heated,
        reflection_prompt=p.reflection.prompt,
        deck=p.deck,
    )


class PracticeConcernIn(In):
    text: str = Field(min_length=1, max_length=1000, description="In your own words. Not stored.")


class PracticeSuggestionOut(Schema):
    practice: PracticeOut
    reason: str


class PracticeSuggestionsOut(Schema):
    items: list[PracticeSuggestionOut]
    safety_concern: bool = Field(
        description="The words suggest someone may not feel safe: show help first, before any practice. "
        "Conflict practices are then never among the items."
    )
    support: list[SupportOut] = Field(description=SUPPORT_DOC)


@router.post(
    "/practice-suggestions",
    response={200: PracticeSuggestionsOut, **responses(400, 401, 403, 422)},
    summary="What's on your mind?",
)
def suggest(request: AuthedRequest, payload: PracticeConcernIn) -> PracticeSuggestionsOut:
    """Matches your words to practices that fit. The safety net reads them first: when they suggest someone may
    not be safe, `safety_concern` is true, `support` says which help to show first, and no conflict practice is
    offered. Nothing you send is stored."""
    user: User = request.user
    found = concern.answer(user, payload.text)
    return PracticeSuggestionsOut(
        items=[
            PracticeSuggestionOut(practice=practice_out(s.practice), reason=s.reason) for s in found.suggestions.items
        ],
        safety_concern=found.safety_first,
        support=support_out(found.support),
    )


# --- runs and the log ------------------------------------------------------------------------------
class PracticeRunOut(Schema):
    id: int
    slug: str
    step: int = Field(description="0-based; equal to the number of steps at the closing reflection.")
    steps: int
    seconds_left: int | None = Field(description="Of the current step's timer; a guide, not a limit.")
    finished: bool


def run_out(log: PracticeLog) -> PracticeRunOut:
    p = library().get(log.slug)
    steps = len(p.steps) if p else 0
    seconds = None
    if p and log.step < steps and p.steps[log.step].timer_seconds and not log.done:
        from django.utils import timezone

        elapsed = int((timezone.now() - log.step_started_at).total_seconds())
        seconds = max(0, p.steps[log.step].timer_seconds - elapsed)  # type: ignore[operator]  # this step has a timer (checked above)
    return PracticeRunOut(id=log.pk, slug=log.slug, step=log.step, steps=steps, seconds_left=seconds, finished=log.done)


class PracticeStartIn(In):
    slug: str = Slug


class PracticeStepIn(In):
    step: int = Field(ge=0, le=100)


class PracticeFinishIn(In):
    reflection: str = Field(default="", max_length=2000)
    shared: bool = Field(default=False, description="Let your partner read the reflection.")
    rating: int | None = Field(default=None, ge=1, le=5, description="How it felt, 1 (hard) to 5 (lovely).")
    felt_heard: int | None = Field(default=None, ge=0, le=10, description="For the speaker: how heard, 0-10.")
    detail: str = Field(default="", max_length=80, description="A deck item id, e.g. the gesture chosen.")


class PracticeLogOut(Schema):
    id: int
    slug: str
    title: str
    author_name: str
    is_mine: bool
    local_date: dt.date
    finished_at: dt.datetime | None
    felt_heard: int | None
    rating: int | None = Field(description="Yours only.")
    reflection: str | None = Field(description="null when it is not yours to read.")
    shared: bool


class FinishedOut(PracticeLogOut):
    """Your run, just finished: only this answer carries what the safety net found."""

    support: list[SupportOut] = Field(description=SUPPORT_DOC)


def log_out(v: selectors.LogView) -> PracticeLogOut:
    return PracticeLogOut(**{k: getattr(v, k) for k in PracticeLogOut.model_fields})


def _own_run(user: User, run_id: int) -> PracticeLog:
    log = selectors.own_log(user, run_id)
    if log is None:
        raise NotFound(NOT_FOUND)
    return log


@router.post(
    "/practice-runs", response={201: PracticeRunOut, **responses(400, 401, 403, 404, 422)}, summary="Start a practice"
)
@idempotent
def start_run(request: AuthedRequest, payload: PracticeStartIn) -> Status[PracticeRunOut]:
    """Starts a run of a practice offered to you, at its first step."""
    return Status(201, run_out(services.start(user=request.user, slug=payload.slug)))


@router.get(
    "/practice-runs/{run_id}", response={200: PracticeRunOut, **responses(401, 404, 422)}, summary="A run of yours"
)
def get_run(request: AuthedRequest, run_id: int = Path(..., ge=1, le=MAX_ID)) -> PracticeRunOut:
    """Where your run stands: the step, and the seconds left on its timer."""
    return run_out(_own_run(request.user, run_id))


@router.post(
    "/practice-runs/{run_id}/step",
    response={200: PracticeRunOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Go to a step",
)
def go_to_step(
    request: AuthedRequest, payload: PracticeStepIn, run_id: int = Path(..., ge=1, le=MAX_ID)
) -> PracticeRunOut:
    """Moves your run to a step (forward or back). A finished run cannot move: 409."""
    return run_out(services.go_to_step(user=request.user, log_id=run_id, step=payload.step))


@router.post(
    "/practice-runs/{run_id}/finish",
    response={200: FinishedOut, **responses(400, 401, 403, 404, 422)},
    summary="Finish, with an optional reflection",
)
def finish_run(
    request: AuthedRequest, payload: PracticeFinishIn, run_id: int = Path(..., ge=1, le=MAX_ID)
) -> FinishedOut:
    """Finishing again changes the reflection and whether your partner may read it."""
    user: User = request.user
    log = services.finish(user=user, log_id=run_id, **payload.model_dump())
    view = selectors.log_for(user, run_id)
    assert view is not None
    return FinishedOut(**log_out(view).model_dump(), support=support_out(log.support))


PracticeLogPage = page_of(PracticeLogOut, "PracticeLogPage")


@router.get("/practice-log", response={200: PracticeLogPage, **responses(401, 422)}, summary="Your practice log")
def practice_log(
    request: AuthedRequest, days: int = Query(30, ge=1, le=400), limit: int = LIMIT, cursor: str | None = CURSOR
) -> dict[str, Any]:
    """Yours, and your partner's runs whose reflection they shared with you; a page at a time."""
    page = selectors.log_page(request.user, days=days, after=decode(cursor), limit=limit)
    return page_out(request, [log_out(v) for v in page.items], page.next)


class PracticeSummaryOut(Schema):
    streak_mine: int
    streak_together: int | None = Field(description="null while your space is solo.")
    week_start: dt.date
    week_end: dt.date
    week_mine: int
    week_partner: int | None
    week_minutes: int
    week_drivers: list[str]
    week_appreciations: int


@router.get(
    "/practice-log/summary", response={200: PracticeSummaryOut, **responses(401)}, summary="Streaks and your week"
)
def summary(request: AuthedRequest) -> PracticeSummaryOut:
    """Your streak, your streak together, and this week's practice: how many runs, minutes and appreciations."""
    s = selectors.streaks(request.user)
    w = selectors.week_summary(request.user)
    return PracticeSummaryOut(
        streak_mine=s.mine,
        streak_together=s.together,
        week_start=w.start,
        week_end=w.end,
        week_mine=w.mine,
        week_partner=w.partner,
        week_minutes=w.minutes,
        week_drivers=list(w.drivers),
        week_appreciations=w.appreciations,
    )


@router.get(
    "/practice-log/{log_id}", response={200: PracticeLogOut, **responses(401, 404, 422)}, summary="One log entry"
)
def get_log(request: AuthedRequest, log_id: int = Path(..., ge=1, le=MAX_ID)) -> PracticeLogOut:
    """One run from your log, or one your partner shared with you."""
    view = selectors.log_for(request.user, log_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return log_out(view)


@router.delete(
    "/practice-log/{log_id}", response={204: None, **responses(401, 403, 404, 422)}, summary="Delete an entry of yours"
)
def delete_log(request: AuthedRequest, log_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    """Deletes a run of yours and its reflection. Your partner's entries are never yours to delete."""
    services.delete_log(user=request.user, log_id=log_id)
    return Status(204, None)


# --- the two-phone conversation ------------------------------------------------------------------
class ConversationIn(In):
    slug: str = Slug
    feel: str = Field(default="", max_length=80, description="An id from the gentle-start-up deck's `feel` set.")
    about: str = Field(default="", max_length=80)
    need: str = Field(default="", max_length=80)
    own: str = Field(default="", max_length=600, description="Your own opening; used instead of the parts.")


class ConversationActionIn(In):
    action: Literal[talks.ACTIONS]  # type: ignore[valid-type]  # a Literal built from a tuple at import time


class ConversationOut(Schema):
    id: int
    slug: str
    phase: Literal["speak", "paraphrase", "check", "solve", "done"]
    you_have_the_floor: bool
    speaker_id: int
    listener_id: int
    opener: str
    heard: list[int] = Field(description="Who has said they feel heard.")
    paused_until: dt.datetime | None
    seconds_left: int | None = Field(
        description="Of the turn, or of the break while paused. None until the second phone has joined."
    )
    version: int = Field(description="Changes with every step; poll and compare.")
    ended: bool


class StartedOut(ConversationOut):
    """The conversation you started or joined: only this answer carries what the net found in your opener."""

    support: list[SupportOut] = Field(description=SUPPORT_DOC)


def conversation_out(user: User, t: Any) -> ConversationOut:
    return ConversationOut(
        id=t.pk,
        slug=t.slug,
        phase=t.phase,
        you_have_the_floor=t.speaker_id == user.pk,
        speaker_id=t.speaker_id,
        listener_id=t.listener_id,
        opener=t.opener,
        heard=list(t.heard),
        paused_until=t.paused_until,
        seconds_left=talks.seconds_left(t),
        version=t.version,
        ended=t.ended_at is not None,
    )


class NotStartedOut(Error):
    """A 404: no such practice, or none offered to your space. When your own opening said a partner hurts,
    threatens or controls you, nothing was opened or sent and `support` says which help to show you."""

    support: list[SupportOut] = Field(default=[], description=SUPPORT_DOC)


@router.post(
    "/conversations",
    response={201: StartedOut, **responses(400, 401, 403, 409, 422), 404: NotStartedOut},
    summary="Start a speaker-listener conversation",
)
@idempotent
def start_conversation(request: AuthedRequest, payload: ConversationIn) -> Status[StartedOut | NotStartedOut]:
    """Needs a partner in your space (409 `no_partner`). If one is already open, you join it. An opening that
    says a partner hurts, threatens or controls you opens nothing and reaches no one: a 404 like any
    practice not offered, carrying the help for you (`support`)."""
    user: User = request.user
    opener = talks.compose_opener(feel=payload.feel, about=payload.about, need=payload.need, own=payload.own)
    try:
        talk = talks.start(user=user, slug=payload.slug, opener=opener)
    except talks.Withheld as withheld:
        out = NotStartedOut(detail=withheld.message, code=withheld.code, support=support_out(withheld.support))
        return Status(404, out)
    return Status(201, StartedOut(**conversation_out(user, talk).model_dump(), support=support_out(talk.support)))


@router.get(
    "/conversations/{talk_id}", response={200: ConversationOut, **responses(401, 404, 422)}, summary="Its state"
)
def get_conversation(request: AuthedRequest, talk_id: int = Path(..., ge=1, le=MAX_ID)) -> ConversationOut:
    """Who has the floor, the phase, and the time left. Poll it and compare `version` to see your partner's steps."""
    user: User = request.user
    return conversation_out(user, talks.get(user, talk_id))


@router.post(
    "/conversations/{talk_id}/actions",
    response={200: ConversationOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Take your turn, pause or resume",
)
def act(
    request: AuthedRequest, payload: ConversationActionIn, talk_id: int = Path(..., ge=1, le=MAX_ID)
) -> ConversationOut:
    """409 `not_your_turn`, `paused`, `break_not_over` or `ended` when the step does not fit the moment."""
    user: User = request.user
    return conversation_out(user, talks.act(user=user, talk_id=talk_id, action=payload.action))


# --- appreciations and the timeline of moments ----------------------------------------------------
class PracticeNoteIn(In):
    text: str = Field(min_length=1, max_length=500)
    shared: bool = Field(default=True, description="false keeps it for you alone.")
    happened_on: dt.date | None = Field(default=None, description="Moments only: roughly when it happened.")


class PracticeNoteOut(Schema):
    id: int
    text: str
    author_name: str
    is_mine: bool
    shared: bool
    local_date: dt.date
    happened_on: dt.date | None


class AddedOut(PracticeNoteOut):
    """What you just wrote: only this answer carries what the safety net found."""

    support: list[SupportOut] = Field(description=SUPPORT_DOC)


def note_out(n: selectors.NoteView) -> PracticeNoteOut:
    return PracticeNoteOut(**{k: getattr(n, k) for k in PracticeNoteOut.model_fields})


PracticeNotePage = page_of(PracticeNoteOut, "PracticeNotePage")


def _list(request: AuthedRequest, kind: str, days: int | None, limit: int, cursor: str | None) -> dict[str, Any]:
    user: User = request.user
    page = selectors.notes_page(user, kind, days=days, after=decode(cursor), limit=limit)
    return page_out(request, [note_out(n) for n in page.items], page.next)


def _add(request: AuthedRequest, kind: str, payload: PracticeNoteIn) -> Status[AddedOut]:
    user: User = request.user
    note = services.add_note(
        user=user, kind=kind, text=payload.text, shared=payload.shared, happened_on=payload.happened_on
    )
    view = next(n for n in selectors.notes(user, kind) if n.id == note.pk)
    return Status(201, AddedOut(**note_out(view).model_dump(), support=support_out(note.support)))


@router.get("/appreciations", response={200: PracticeNotePage, **responses(401, 422)}, summary="Appreciations")
def list_appreciations(
    request: AuthedRequest,
    days: int | None = Query(None, ge=1, le=400),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
) -> dict[str, Any]:
    """Yours, and the ones your partner shared. `days=7` gives the weekly look back."""
    return _list(request, "gratitude", days, limit, cursor)


@router.post("/appreciations", response={201: AddedOut, **responses(400, 401, 403, 422)}, summary="Add an appreciation")
@idempotent
def add_appreciation(request: AuthedRequest, payload: PracticeNoteIn) -> Status[AddedOut]:
    """Shared with your partner unless `shared` is false."""
    return _add(request, "gratitude", payload)


@router.get("/moments", response={200: PracticeNotePage, **responses(401, 422)}, summary="Your timeline of moments")
def list_moments(
    request: AuthedRequest,
    days: int | None = Query(None, ge=1, le=4000),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
) -> dict[str, Any]:
    """Moments you and your partner saved, newest first, a page at a time; your private ones only for you."""
    return _list(request, "moment", days, limit, cursor)


@router.post("/moments", response={201: AddedOut, **responses(400, 401, 403, 422)}, summary="Add a moment")
@idempotent
def add_moment(request: AuthedRequest, payload: PracticeNoteIn) -> Status[AddedOut]:
    """`happened_on` may not be in the future."""
    return _add(request, "moment", payload)


# --- the gentle start-up coach -------------------------------------------------------------------------
class CoachIn(In):
    text: str = Field(max_length=2000, description="Words you are about to send your partner. Not stored.")


class CoachCueOut(Schema):
    pattern: str = Field(description="criticism, contempt, defensiveness or stonewalling.")
    label: str
    phrase: str = Field(description="The exact words that showed it.")
    start: int
    end: int
    explain: str
    try_instead: str


class CoachOut(Schema):
    harsh: bool = Field(description="true: show the coach. The person may always send their own words.")
    cues: list[CoachCueOut]
    rewrite: str | None = Field(description='An editable "I feel … about … I need …" suggestion; calm itself.')
    support: list[SupportOut] = Field(
        description="The safety net read the words first: when not empty, show this help privately instead of "
        "the coach (harsh is then false, with no cues and no rewrite). Nothing is kept or alerted here; the "
        "write that sends the words screens them again."
    )


@router.post("/coach", response={200: CoachOut, **responses(400, 401, 403, 422)}, summary="Check words before sending")
def coach_words(request: AuthedRequest, payload: CoachIn) -> CoachOut:
    """Reads only: nothing you send here is kept. Words are read in their own language (English or
    Spanish; your language setting decides words too short to tell), the rewrite is in that language, and
    what the coach says about each cue is in yours. A safety finding outranks the coach: see `support`."""
    c, support = coach.read(payload.text, language=request.user.language)
    cues = [
        CoachCueOut(
            pattern=q.pattern,
            label=_(q.label),
            phrase=q.phrase,
            start=q.start,
            end=q.end,
            explain=_(q.explain),
            try_instead=_(q.try_instead),
        )
        for q in (c.cues if c else ())
    ]
    return CoachOut(
        harsh=bool(c and c.harsh), cues=cues, rewrite=c.rewrite if c else None, support=support_out(support)
    )
