"""Check-ups over HTTP: instruments, taking one, results, the couple report, the plan and progress.

What a viewer may see is decided by assessments selectors (and through them access.assessments);
this module only reshapes their views. A partner's result carries scores once revealed, and item
answers only when its author shares them (PUT .../sharing); a private result (fear of closeness) is a
404 to anyone but its author.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.access import Access
from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, In
from closeknit.api.errors import responses
from closeknit.api.idempotency import idempotent
from closeknit.api.pagination import CURSOR, LIMIT, decode, page_of, page_out
from closeknit.assessments import definitions, planning, progress, reliability, report, selectors, services
from closeknit.assessments.selectors import ResultView, ScoreView
from closeknit.core.errors import NotFound
from closeknit.couples import selectors as couples

router = Router(tags=["assessments"])
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    DriverKey = str
else:
    DriverKey = Literal[tuple(s.key for s in definitions.get(report.DRIVERS).subscales)]


# --- instruments ---------------------------------------------------------------------------------
class ItemAnchorOut(Schema):
    value: float
    text: str


class ItemScaleOut(Schema):
    minimum: float
    maximum: float
    step: float | None
    discrete: bool = Field(description="True: the answer must be one of the anchor values.")
    anchors: list[ItemAnchorOut]


class InstrumentItemOut(Schema):
    id: str
    number: int
    text: str
    scale: ItemScaleOut


class ScaleInfo(Schema):
    key: str
    title: str
    description: str
    minimum: float
    maximum: float
    higher_is_better: bool


class CheckupOut(Schema):
    slug: str
    title: str
    description: str
    label: str = Field(description="e.g. 'closeknit scale, not yet validated'.")
    minutes: int | None
    questions: int
    results: Literal["partner", "private"] = Field(
        description="partner: your scores go in the couple report (single answers never do). private: yours alone."
    )
    last_taken: dt.datetime | None
    due_on: dt.date | None = Field(description="When it is next due (every 4 weeks by default; weekly for the pulse).")
    due: bool
    in_progress: bool


class ScaleAlphaOut(Schema):
    key: str
    title: str
    alpha: float | None = Field(description="Cronbach's alpha from real use; null until enough people answered.")
    n: int
    min_n: int


class InstrumentOut(CheckupOut):
    instructions: str
    items: list[InstrumentItemOut]
    scores: list[ScaleInfo]
    reliability: list[ScaleAlphaOut]


def _checkup(c: selectors.Checkup) -> dict:
    i = c.instrument
    return dict(
        slug=i.slug, title=i.title, description=i.description, label=i.label, minutes=i.minutes,
        questions=len(i.items), results=i.results_visibility.value, last_taken=c.last, due_on=c.due_on, due=c.due,
        in_progress=c.draft,
    )  # fmt: skip


@router.get("/assessments/instruments", response={200: list[CheckupOut], **responses(401)}, summary="The check-ups")
def list_instruments(request: AuthedRequest) -> list[CheckupOut]:
    """What each measures, how long it takes, and when you last took it."""
    return [CheckupOut(**_checkup(c)) for c in selectors.checkups_for(request.user)]


@router.get("/assessments/due", response={200: list[CheckupOut], **responses(401)}, summary="Check-ups due now")
def due(request: AuthedRequest) -> list[CheckupOut]:
    """Check-ups you could take now: how long each takes, how many questions, and who sees the scores."""
    return [CheckupOut(**_checkup(c)) for c in selectors.due_for(request.user)]


@router.get(
    "/assessments/instruments/{slug}",
    response={200: InstrumentOut, **responses(401, 404, 422)},
    summary="One check-up, its questions and how steady it is",
)
def get_instrument(request: AuthedRequest, slug: str = Path(..., max_length=64)) -> InstrumentOut:
    """Its questions and answer choices, and how reliable it has proved (scales of our own are marked not yet
    validated)."""
    inst = services.instrument_for_taking(slug)
    checkup = next(c for c in selectors.checkups_for(request.user) if c.instrument.slug == slug)
    alphas = reliability.instrument_alphas(inst, selectors.alpha_answers(slug))
    return InstrumentOut(
        **_checkup(checkup),
        instructions=inst.instructions,
        items=[
            InstrumentItemOut(
                id=i.id,
                number=i.number,
                text=i.text,
                scale=ItemScaleOut(
                    minimum=i.scale.minimum,
                    maximum=i.scale.maximum,
                    step=i.scale.step,
                    discrete=i.scale.discrete,
                    anchors=[ItemAnchorOut(value=a.value, text=a.text) for a in i.scale.anchors],
                ),
            )
            for i in inst.items
        ],  # fmt: skip
        scores=[
            ScaleInfo(
                key=s.key,
                title=s.title,
                description=s.description,
                minimum=s.minimum,
                maximum=s.maximum,
                higher_is_better=s.direction.value == "higher_is_better",
            )
            for s in inst.scores
        ],  # fmt: skip
        reliability=[
            ScaleAlphaOut(key=a.key, title=a.title, alpha=a.alpha, n=a.n, min_n=a.min_n) for a in alphas.values()
        ],
    )


# --- results -------------------------------------------------------------------------------------
class ScaleScoreOut(Schema):
    key: str
    title: str
    value: float | None
    minimum: float
    maximum: float
    band: str | None = Field(description="The words for where the score falls.")
    meaning: str | None


class CheckupPerson(Schema):
    id: int
    name: str


class ResultOut(Schema):
    id: int
    instrument: str
    version: str
    author: CheckupPerson
    is_mine: bool
    submitted_at: dt.datetime | None
    waiting: bool = Field(description="Your partner's result, which opens once you take the same check-up.")
    scores: list[ScaleScoreOut] = Field(description="Empty while waiting.")
    answers: dict[str, float] | None = Field(
        description="Item id -> the answer chosen (question texts: GET /assessments/instruments/{slug}). On your "
        "own results; on your partner's only when they share their answers and their scores are open to you."
    )
    answers_shared: bool = Field(
        description="The author lets their partner see these answers. Always false on a partner's result you "
        "cannot see the answers of."
    )


class TakeCheckupIn(In):
    """Every question's id from GET /assessments/instruments/{slug}, with the number chosen.
    A question may be skipped only as far as the check-up allows; the answer is refused whole otherwise."""

    answers: dict[str, float] = Field(description="Item id -> the chosen value.")


def score_out(s: ScoreView) -> ScaleScoreOut:
    return ScaleScoreOut(key=s.key, title=s.title, value=s.value, minimum=s.minimum, maximum=s.maximum, band=s.band,
                    meaning=s.meaning)  # fmt: skip


def result_out(v: ResultView) -> ResultOut:
    return ResultOut(
        id=v.id, instrument=v.instrument.slug, version=v.version,
        author=CheckupPerson(id=v.author_id, name=v.author_name), is_mine=v.is_mine,
        submitted_at=v.submitted_at, waiting=v.state is Access.WAITING,
        scores=[score_out(s) for s in v.scores],
        answers={k: float(x) for k, x in v.answers.items()} if v.shows_answers else None,
        answers_shared=v.answers_shared,
    )  # fmt: skip


@router.post(
    "/assessments/instruments/{slug}/results",
    response={201: ResultOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Take a check-up",
)
@idempotent
def take(request: AuthedRequest, payload: TakeCheckupIn, slug: str = Path(..., max_length=64)) -> Status[ResultOut]:
    """Scored at once; 400 `bad_answer` names the first question to fix (out of range, not a question
    of this check-up, or too many skipped) and nothing is saved."""
    user: User = request.user
    adm = services.take(user=user, slug=slug, answers=payload.answers)
    view = selectors.result_for(user, adm.pk)
    assert view is not None
    return Status(201, result_out(view))


ResultPage = page_of(ResultOut, "ResultPage")


@router.get("/assessments/results", response={200: ResultPage, **responses(401, 422)}, summary="Your results")
def my_results(
    request: AuthedRequest,
    instrument: str | None = Query(None, max_length=64),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
) -> dict[str, Any]:
    """Newest first; your own only (your partner's scores are in the report). A page at a time."""
    user: User = request.user
    page = selectors.results_page(user, slug=instrument, after=decode(cursor), limit=limit)
    return page_out(request, [result_out(v) for v in page.items], page.next)


@router.get(
    "/assessments/results/{result_id}", response={200: ResultOut, **responses(401, 404, 422)}, summary="One result"
)
def get_result(request: AuthedRequest, result_id: int = Path(..., ge=1, le=MAX_ID)) -> ResultOut:
    """404 also when it exists but is not yours to know about."""
    view = selectors.result_for(request.user, result_id)
    if view is None:
        raise NotFound(_("We could not find that result."))
    return result_out(view)


class ShareAnswersIn(In):
    shared: bool = Field(description="true: your partner may see your single answers; false: yours alone again.")


@router.put(
    "/assessments/results/{result_id}/sharing",
    response={200: ResultOut, **responses(400, 401, 403, 404, 422)},
    summary="Share your single answers, or stop",
)
def share_answers(
    request: AuthedRequest, payload: ShareAnswersIn, result_id: int = Path(..., ge=1, le=MAX_ID)
) -> ResultOut:
    """Only on your own results. Your partner sees the answers next to your scores, once those are open
    to them; false hides them again at once. 403 `not_shareable` for a check-up that is yours alone
    (fear of closeness), and nothing changes; 404 for anyone else's result."""
    user: User = request.user
    adm = services.share_answers(user=user, administration_id=result_id, shared=payload.shared)
    view = selectors.result_for(user, adm.pk)
    assert view is not None
    return result_out(view)


# --- drafts: page by page, for apps that ask a few questions per screen --------------------------
class DraftOut(Schema):
    id: int
    instrument: str
    answers: dict[str, float] = Field(description="What you answered so far (yours alone).")
    answered: int
    questions: int


class DraftAnswersIn(In):
    answers: dict[str, float] = Field(description="Item id -> the chosen value; merged into the draft.")


def draft_out(adm) -> DraftOut:
    inst = definitions.get(adm.instrument)
    return DraftOut(id=adm.pk, instrument=adm.instrument, answers={k: float(v) for k, v in adm.answers.items()},
                    answered=len(adm.answers), questions=len(inst.items))  # fmt: skip


@router.post(
    "/assessments/instruments/{slug}/draft",
    response={200: DraftOut, **responses(401, 403, 404, 422)},
    summary="Start (or carry on) a check-up",
)
def start_draft(request: AuthedRequest, slug: str = Path(..., max_length=64)) -> DraftOut:
    """Your open draft of this check-up, or a new one. Nobody else can see a draft."""
    return draft_out(services.start(user=request.user, slug=slug))


@router.patch(
    "/assessments/drafts/{draft_id}",
    response={200: DraftOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Answer some questions",
)
def answer_draft(
    request: AuthedRequest, payload: DraftAnswersIn, draft_id: int = Path(..., ge=1, le=MAX_ID)
) -> DraftOut:
    """400 `bad_answer` names the question to fix, and nothing of this request is kept."""
    adm = services.answer(user=request.user, administration_id=draft_id, answers=payload.answers)
    return draft_out(adm)


@router.post(
    "/assessments/drafts/{draft_id}/submit",
    response={201: ResultOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Send a finished check-up",
)
@idempotent
def submit_draft(request: AuthedRequest, draft_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[ResultOut]:
    """Scores it; 400 if too many questions were skipped to score fairly (the draft stays as it was)."""
    user: User = request.user
    adm = services.submit(user=user, administration_id=draft_id)
    view = selectors.result_for(user, adm.pk)
    assert view is not None
    return Status(201, result_out(view))


@router.delete(
    "/assessments/drafts/{draft_id}",
    response={204: None, **responses(401, 403, 404, 409, 422)},
    summary="Throw a draft away",
)
def discard_draft(request: AuthedRequest, draft_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    """Deletes an unfinished set of answers of yours; nothing of it is kept."""
    services.discard(user=request.user, administration_id=draft_id)
    return Status(204, None)


# --- report --------------------------------------------------------------------------------------
class ReportRowOut(Schema):
    key: str
    title: str
    mine: ScaleScoreOut | None
    partner: ScaleScoreOut | None
    agreement: Literal["agree", "differ"] | None
    words: str


class ReportSectionOut(Schema):
    instrument: str
    title: str
    mine: int | None = Field(description="Id of your latest result.")
    partner_waiting: bool
    partner_answers: dict[str, float] | None = Field(
        description="Item id -> your partner's answer, only when they chose to share them and their scores are "
        "open to you."
    )
    rows: list[ReportRowOut]


class DriverRankOut(Schema):
    key: str
    title: str
    description: str
    strength: float = Field(description="0 (not a driver) to 1 (a strong driver): the average of what you can see.")
    band: str | None


class ReportOut(Schema):
    partner: CheckupPerson | None
    sections: list[ReportSectionOut]
    strengths: list[str]
    growth_areas: list[str]
    drivers: list[DriverRankOut] = Field(description="Strongest first.")


def driver_out(d: report.RankedDriver) -> DriverRankOut:
    return DriverRankOut(key=d.key, title=d.title, description=d.description, strength=d.badness, band=d.band)


@router.get("/assessments/report", response={200: ReportOut, **responses(401)}, summary="Your couple report")
def couple_report(request: AuthedRequest) -> ReportOut:
    """Your latest results beside your partner's, check-up by check-up; their single answers only when they chose to
    share them."""
    rep = report.report_for(request.user)
    return ReportOut(
        partner=CheckupPerson(id=rep.partner.pk, name=rep.partner.name) if rep.partner else None,
        sections=[
            ReportSectionOut(
                instrument=s.slug,
                title=s.title,
                mine=s.mine.id if s.mine else None,
                partner_waiting=s.partner_waiting,
                partner_answers={k: float(x) for k, x in s.theirs.answers.items()}
                if s.theirs and s.theirs.shows_answers and not s.theirs.is_mine
                else None,
                rows=[
                    ReportRowOut(
                        key=r.key,
                        title=r.title,
                        mine=score_out(r.mine) if r.mine else None,
                        partner=score_out(r.theirs) if r.theirs else None,
                        agreement=r.agreement,
                        words=r.agreement_words,
                    )
                    for r in s.rows
                ],
            )
            for s in rep.sections
        ],  # fmt: skip
        strengths=[r.title for r in rep.strengths],
        growth_areas=[r.title for r in rep.growth],
        drivers=[driver_out(d) for d in rep.drivers],
    )


# --- plan ----------------------------------------------------------------------------------------
class PlanStepOut(Schema):
    key: str
    title: str
    how_often: str
    why: str
    serves: list[str] = Field(description="The drivers this step helps with, in words.")
    practice: str | None = Field(description="The practice library slug, when a guided practice goes with it.")
    minutes: int | None


class PlanWeekOut(Schema):
    week: int
    theme: str
    intro: str
    adaptations: list[str] = Field(description="How this week changed from what you did and the pulse.")
    steps: list[PlanStepOut]
    seek_help: bool = Field(description="True when extra support is recommended (see help_reasons, help_url).")
    help_reasons: list[str]
    help_url: str
    finished: bool


class PlanOut(Schema):
    goals: list[DriverKey] = Field(description="Empty until you pick some with PUT.")
    started_on: dt.date | None
    drivers: list[DriverRankOut]
    this_week: PlanWeekOut | None


class PlanGoalsIn(In):
    goals: list[DriverKey] = Field(min_length=1, max_length=services.MAX_GOALS)


def plan_out(view: planning.PlanView) -> PlanOut:
    w = view.week
    return PlanOut(
        goals=list(view.plan.goals) if view.plan else [],
        started_on=view.started_on,
        drivers=[driver_out(d) for d in view.ranked],
        this_week=PlanWeekOut(
            week=w.week, theme=w.theme, intro=w.intro, adaptations=[a.words for a in w.adaptations],
            steps=[PlanStepOut(key=s.key, title=s.title, how_often=s.how_often, why=s.why, serves=list(s.drivers),
                           practice=s.practice, minutes=s.minutes) for s in w.steps],
            seek_help=w.seek_help, help_reasons=list(w.help_reasons), help_url="/help/", finished=w.finished,
        ) if w else None,
    )  # fmt: skip


@router.get("/assessments/plan", response={200: PlanOut, **responses(401)}, summary="Your 4-week plan, this week")
def get_plan(request: AuthedRequest) -> PlanOut:
    """Your couple's current 4-week plan: the goals you picked, how the distance drivers rank, and this week's part."""
    return plan_out(planning.plan_for(request.user))


@router.put("/assessments/plan", response={200: PlanOut, **responses(400, 401, 403, 422)}, summary="Pick your goals")
def put_plan(request: AuthedRequest, payload: PlanGoalsIn) -> PlanOut:
    """Starts a new 4-week plan for your couple around up to three drivers."""
    services.choose_goals(user=request.user, goals=payload.goals)
    return plan_out(planning.plan_for(request.user))


# --- progress ------------------------------------------------------------------------------------
class ProgressPointOut(Schema):
    person: CheckupPerson
    on: dt.date
    value: float | None


class ChangeVerdictOut(Schema):
    person: CheckupPerson | None = Field(description="null: you.")
    score: str
    first: float
    latest: float
    category: Literal["recovered", "improved", "unchanged", "deteriorated", "unknown"]
    words: str
    detail: str = Field(description="How many points make a real change on this scale; empty until known.")


class ProgressTrackOut(Schema):
    instrument: str
    score: str
    points: list[ProgressPointOut] = Field(description="Oldest first; the latest results of each person, bounded.")
    verdicts: list[ChangeVerdictOut]
    together: str | None


@router.get(
    "/assessments/progress", response={200: list[ProgressTrackOut], **responses(401)}, summary="Progress over time"
)
def get_progress(request: AuthedRequest) -> list[ProgressTrackOut]:
    """Each check-up's main score over time, per partner (yours; your partner's once revealed), and
    whether it changed by more than day-to-day ups and downs, in plain words (the statistics are
    for clinicians' reports)."""
    user: User = request.user
    return [_track_out(user, t) for t in progress.progress_for(user)]


def _track_out(user: User, t: progress.Track) -> ProgressTrackOut:
    partner = couples.partner_of(user)
    people = [user] + ([partner] if partner and not t.private else [])
    points = [
        ProgressPointOut(person=CheckupPerson(id=p.pk, name=p.name), on=v.submitted_at.date(),  # type: ignore[union-attr]  # a series holds submitted results only
                 value=v.score(t.score.key).value if v.score(t.score.key) else None)  # type: ignore[union-attr]  # checked in the same line
        for p in people for v in selectors.series_for(user, p, t.instrument.slug)
    ]  # fmt: skip
    them = CheckupPerson(id=partner.pk, name=partner.name) if partner else None
    verdicts = [
        ChangeVerdictOut(person=None if v.is_mine else them,
                   score=v.score, first=v.first, latest=v.latest, category=v.change.category.value,
                   words=v.words, detail=v.scale_words)
        for v in t.verdicts
    ]  # fmt: skip
    return ProgressTrackOut(instrument=t.instrument.slug, score=t.score.key, points=points, verdicts=verdicts,
                    together=t.couple_words)  # fmt: skip
