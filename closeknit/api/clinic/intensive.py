"""Intensives and measures over HTTP (under /api/clinic/ or /api/care/).

Partners: the check-ups their therapist asked them for (their own only), their intensive's days, and
the therapist's steps on their plan. Clinicians: templates, scheduling, running blocks and the
maintenance plan. Routes only translate HTTP; access is decided by access.clinic through the
selectors and services.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, In
from closeknit.api.errors import responses
from closeknit.assessments import planning
from closeknit.assessments import services as plan_services
from closeknit.clinic.models import Intensive
from closeknit.clinic.models.intensive import BLOCK_KINDS
from closeknit.clinic.selectors import intensive as selectors
from closeknit.clinic.services import intensive as services
from closeknit.clinic.services import intensive_templates as template_services

router = Router(tags=["clinic"])

if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    Kind = str
    HowOften = str
else:
    Kind = Literal[tuple(k for k, _ in BLOCK_KINDS)]
    HowOften = Literal[services.HOW_OFTEN]
Id = Path(..., ge=1, le=MAX_ID)


def _user(request: AuthedRequest) -> User:
    return request.user


# --- partners ----------------------------------------------------------------------------------------
class AskedMeasureOut(Schema):
    id: int
    instrument: str = Field(description="Slug of the check-up to take, as in /api/assessments.")
    title: str
    phase: str
    due_on: dt.date
    clinician: str
    sentence: str = Field(description="What to show the person, in our words.")


class CareStepOut(Schema):
    id: int
    practice: str
    title: str
    how_often: str
    note: str
    source: str


@router.get(
    "/care/measures",
    response={200: list[AskedMeasureOut], **responses(401)},
    summary="Check-ups your therapist asked for",
)
def my_measures(request: AuthedRequest) -> list[AskedMeasureOut]:
    """Check-ups your therapist scheduled for you around an intensive, with when each opens and is due."""
    return [
        AskedMeasureOut(
            id=m.id,
            instrument=m.instrument,
            title=m.title,
            phase=m.phase,
            due_on=m.due_on,
            clinician=m.clinician,
            sentence=_asked_sentence(m),
        )
        for m in selectors.open_measures_for(_user(request))
    ]


def _asked_sentence(m: selectors.AskedMeasure) -> str:
    """The Today card's sentence (templates/assessments/_asked.html), in the caller's language: its
    weekday and month were strftime's English ("Sat 5 Dec") inside a Spanish sentence."""
    words = {
        "clinician": m.clinician,
        "title": m.title,
        "when": m.when,
        "due": date_format(m.due_on, pgettext("short date with weekday", "D j M")),
    }
    if m.for_intensive:
        return gettext("%(clinician)s asked you both for a %(title)s %(when)s — due %(due)s.") % words
    return gettext("%(clinician)s asked you for a %(title)s %(when)s — due %(due)s.") % words


class CoupleBlockOut(Schema):
    title: str = Field(
        description='Worded for you: an individual interview reads "Your time alone with ..." or '
        "\"<partner>'s time alone with ...\", never the clinician's own title for it."
    )
    kind: Kind
    start: dt.datetime = Field(description="In your own time zone.")
    end: dt.datetime
    alone: str = Field(
        description='For an individual interview: "you", your partner\'s name, or "either" when not yet '
        'assigned; "" for a joint block.'
    )


class CoupleDayOut(Schema):
    number: int
    date: dt.date
    blocks: list[CoupleBlockOut]


class CoupleIntensiveOut(Schema):
    id: int
    name: str
    clinician: str
    starts_on: dt.date
    ends_on: dt.date
    pre_due_on: dt.date = Field(description="Your pre-intensive check-ups are due by the end of this day.")
    open_checkups: int = Field(description="Your own pre-intensive check-ups still to take (never your partner's).")
    zone: str
    days: list[CoupleDayOut]


@router.get(
    "/care/intensives",
    response={200: list[CoupleIntensiveOut], **responses(401)},
    summary="Your intensive's days (until it ends)",
)
def my_intensives(request: AuthedRequest) -> list[CoupleIntensiveOut]:
    """Dates, times and block titles only: the clinician's goals, checklists and notes are not here."""
    return [
        CoupleIntensiveOut(
            id=i.id,
            name=i.name,
            clinician=i.clinician,
            starts_on=i.starts_on,
            ends_on=i.ends_on,
            pre_due_on=i.pre_due_on,
            open_checkups=i.my_open_pre,
            zone=i.zone,
            days=[
                CoupleDayOut(
                    number=d.number,
                    date=d.date,
                    blocks=[
                        CoupleBlockOut(title=b.title, kind=b.kind, start=b.start, end=b.end, alone=b.alone)
                        for b in d.blocks
                    ],
                )
                for d in i.days
            ],
        )
        for i in selectors.intensives_for_couple(_user(request))
    ]


def _step_out(s: planning.CareStepView) -> CareStepOut:
    return CareStepOut(id=s.id, practice=s.practice, title=s.title, how_often=s.how_often, note=s.note, source=s.source)


@router.get("/care/steps", response={200: list[CareStepOut], **responses(401)}, summary="Your therapist's steps")
def my_care_steps(request: AuthedRequest) -> list[CareStepOut]:
    """Steps your therapist added to your plan, such as practices to keep up after an intensive."""
    return [_step_out(s) for s in planning.care_steps_for(_user(request))]


@router.post(
    "/care/steps/{step_id}/end",
    response={204: None, **responses(401, 403, 404, 422)},
    summary="Take a step off your plan",
)
def end_care_step(request: AuthedRequest, step_id: int = Id) -> Status:
    """Takes a step your therapist added off your own plan."""
    plan_services.end_care_step(user=_user(request), step_id=step_id)
    return Status(204, None)


# --- clinicians: templates ------------------------------------------------------------------------
class TemplateBlockOut(Schema):
    id: int
    day: int
    order: int
    kind: Kind
    title: str
    minutes: int
    with_partner: str
    goals: str
    practices: list[str]
    checklist: list[str]
    note_template: str


class TemplateOut(Schema):
    id: int
    name: str
    description: str
    days: int
    day_starts: str = Field(description="When each day begins, HH:MM in the practice's own time zone.")
    blocks: list[TemplateBlockOut]


class TemplateBlockIn(In):
    model_config = In.model_config | {"strict": False}
    day: int = Field(ge=1, le=5)
    kind: Kind
    title: str = Field(min_length=1, max_length=120)
    minutes: int = Field(ge=5, le=480)
    with_partner: Literal["", "a", "b"] = ""
    goals: str = Field(default="", max_length=4000)
    practices: list[str] = Field(default_factory=list, max_length=20)
    checklist: list[str] = Field(default_factory=list, max_length=12)
    note_template: str = Field(default="", max_length=4000)


def _template_out(t) -> TemplateOut:
    return TemplateOut(
        id=t.pk,
        name=t.name,
        description=t.description,
        days=t.days,
        day_starts=t.day_starts.strftime("%H:%M"),
        blocks=[
            TemplateBlockOut(
                id=b.pk,
                day=b.day,
                order=b.order,
                kind=b.kind,
                title=b.title,
                minutes=b.minutes,
                with_partner=b.with_partner,
                goals=b.goals,
                practices=list(b.practices),
                checklist=list(b.checklist),
                note_template=b.note_template,
            )
            for b in t.blocks.all().order_by("day", "order")
        ],
    )


@router.get(
    "/clinic/intensive-templates", response={200: list[TemplateOut], **responses(401, 404)}, summary="Your templates"
)
def list_intensive_templates(request: AuthedRequest) -> list[TemplateOut]:
    """For clinicians: your intensive templates, day by day and block by block."""
    practice = template_services.practice_for_templates(_user(request))
    return [_template_out(t) for t in template_services.ensure_templates(user=_user(request), practice_id=practice.pk)]


@router.post(
    "/clinic/intensive-templates/{template_id}/blocks",
    response={201: TemplateOut, **responses(400, 401, 403, 404, 422)},
    summary="Add a block to a template",
)
def add_block(request: AuthedRequest, payload: TemplateBlockIn, template_id: int = Id) -> Status:
    """For clinicians: adds a block to a day of one of your templates."""
    data = payload.model_dump()
    day = data.pop("day")
    template_services.save_block(user=_user(request), template_id=template_id, block_id=None, day=day, data=data)
    return Status(201, _template_out(selectors.template_for(_user(request), template_id)))


# --- clinicians: intensives -----------------------------------------------------------------------
class ScheduleIn(In):
    model_config = In.model_config | {"strict": False}
    template_id: int = Field(ge=1, le=MAX_ID)
    starts_on: dt.date
    pre_due_on: dt.date | None = None


class ChecklistStepOut(Schema):
    text: str
    done: bool


class BlockOut(Schema):
    id: int
    day: int
    kind: Kind
    title: str
    start: dt.datetime
    end: dt.datetime
    with_user: int | None
    practices: list[str]
    checklist: list[ChecklistStepOut] = Field(description="In order; tick one by its index.")
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class MeasureOut(Schema):
    id: int
    user: int
    instrument: str
    phase: str
    opens_on: dt.date
    due_on: dt.date
    done: bool
    cancelled: bool


class IntensiveOut(Schema):
    id: int
    episode: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    pre_due_on: dt.date
    status: Literal["scheduled", "done", "cancelled"]
    blocks: list[BlockOut]
    measures: list[MeasureOut]


def _intensive_out(user: User, intensive_id: int) -> IntensiveOut:
    v = selectors.intensive_for(user, intensive_id)
    i = v.intensive
    return IntensiveOut(
        id=i.pk,
        episode=i.episode_id,
        name=i.name,
        starts_on=i.starts_on,
        ends_on=i.ends_on,
        pre_due_on=i.pre_due_on,
        status=i.status,  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal
        blocks=[
            BlockOut(
                id=b.pk,
                day=b.day,
                kind=b.kind,
                title=b.title,
                start=b.start,
                end=b.end,
                with_user=b.with_user_id,
                practices=list(b.practices),
                checklist=list(b.checklist),
                started_at=b.started_at,
                finished_at=b.finished_at,
            )
            for _, _, blocks in v.days
            for b in blocks
        ],
        measures=[
            MeasureOut(
                id=m.pk,
                user=m.user_id,
                instrument=m.instrument,
                phase=m.phase,
                opens_on=m.opens_on,
                due_on=m.due_on,
                done=m.completed_at is not None,
                cancelled=m.cancelled_at is not None,
            )
            for p in v.partners
            for m in p.rows
        ],
    )


@router.get(
    "/clinic/episodes/{episode_id}/intensives",
    response={200: list[IntensiveOut], **responses(401, 404, 422)},
    summary="A couple's intensives",
)
def episode_intensives(request: AuthedRequest, episode_id: int = Id) -> list[IntensiveOut]:
    """For the episode's clinician: the couple's intensives, scheduled, done or cancelled."""
    from closeknit.clinic.selectors import care

    v = care.episode_for_clinician(_user(request), episode_id)
    ids = Intensive.objects.filter(episode=v.episode).values_list("pk", flat=True)
    return [_intensive_out(_user(request), pk) for pk in ids]


@router.post(
    "/clinic/episodes/{episode_id}/intensives",
    response={201: IntensiveOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Schedule an intensive",
)
def schedule(request: AuthedRequest, payload: ScheduleIn, episode_id: int = Id) -> Status:
    """For the episode's clinician: schedules an intensive from a template, with its blocks and check-ups."""
    i = services.schedule(
        user=_user(request),
        episode_id=episode_id,
        template_id=payload.template_id,
        starts_on=payload.starts_on,
        pre_due_on=payload.pre_due_on,
    )
    return Status(201, _intensive_out(_user(request), i.pk))


@router.get(
    "/clinic/intensives/{intensive_id}",
    response={200: IntensiveOut, **responses(401, 404, 422)},
    summary="An intensive",
)
def get_intensive(request: AuthedRequest, intensive_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: its days, blocks, checklists and check-ups."""
    return _intensive_out(_user(request), intensive_id)


@router.post(
    "/clinic/intensives/{intensive_id}/cancel",
    response={200: IntensiveOut, **responses(401, 403, 404, 409, 422)},
    summary="Cancel an intensive",
)
def cancel(request: AuthedRequest, intensive_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: cancels a scheduled intensive."""
    services.cancel(user=_user(request), intensive_id=intensive_id)
    return _intensive_out(_user(request), intensive_id)


class StepIn(In):
    practice: str = Field(min_length=1, max_length=80)
    how_often: HowOften


class FinishIn(In):
    steps: list[StepIn] = Field(min_length=1, max_length=20)
    note: str = Field(default="", max_length=2000)


@router.post(
    "/clinic/intensives/{intensive_id}/finish",
    response={200: IntensiveOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Finish an intensive and add its maintenance plan to the couple's plan",
)
def finish(request: AuthedRequest, payload: FinishIn, intensive_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: marks the intensive done and adds its maintenance plan to the couple's plan.
    Not before it has begun (409 `not_started`) nor before its last day on the venue's clock (409
    `intensive_not_over`)."""
    steps = [(s.practice, s.how_often) for s in payload.steps]
    services.finish(user=_user(request), intensive_id=intensive_id, steps=steps, note=payload.note)
    return _intensive_out(_user(request), intensive_id)


class TickIn(In):
    index: int = Field(ge=0, le=100)
    done: bool


def _block_out(user: User, block) -> IntensiveOut:
    return _intensive_out(user, block.intensive_id)


@router.post(
    "/clinic/intensive-blocks/{block_id}/start",
    response={200: IntensiveOut, **responses(401, 403, 404, 409, 422)},
    summary="Start a block",
)
def start_block(request: AuthedRequest, block_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: marks a block as started now."""
    return _block_out(_user(request), services.start_block(user=_user(request), block_id=block_id))


@router.post(
    "/clinic/intensive-blocks/{block_id}/finish",
    response={200: IntensiveOut, **responses(401, 403, 404, 409, 422)},
    summary="Finish a block",
)
def finish_block(request: AuthedRequest, block_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: marks a block as finished now."""
    return _block_out(_user(request), services.finish_block(user=_user(request), block_id=block_id))


@router.post(
    "/clinic/intensive-blocks/{block_id}/checklist",
    response={200: IntensiveOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Tick a checklist step",
)
def tick(request: AuthedRequest, payload: TickIn, block_id: int = Id) -> IntensiveOut:
    """For the episode's clinician: ticks a checklist step of a block (by its index), or unticks it."""
    block = services.tick(user=_user(request), block_id=block_id, index=payload.index, done=payload.done)
    return _block_out(_user(request), block)
