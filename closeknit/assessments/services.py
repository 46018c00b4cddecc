"""Writing assessments: start a draft, answer page by page, submit (score and store); and the plan.

share_answers lets an author show their single answers to their partner, and take that back.

Each function is one transaction: bad answers raise scoring.AnswerError (a 400 ServiceError naming
the question) before anything is written, so a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.access import assessments as rules
from closeknit.accounts.models import User
from closeknit.assessments import definitions, hooks, scoring
from closeknit.assessments.models import Administration, CareStep, Plan
from closeknit.assessments.schema import Instrument
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.time import local_today
from closeknit.couples import services as couple_services

DRIVERS_SLUG = "distance-drivers"
MAX_GOALS = 3


def offered(instrument: Instrument) -> bool:
    """Instruments a person can take on their own; the session check belongs to the clinic."""
    return not instrument.in_care_only


def instrument_for_taking(slug: str) -> Instrument:
    instrument = definitions.get(slug)  # UnknownInstrument (404) if there is no such file
    if not offered(instrument):
        raise NotFound(_("We could not find that questionnaire."), code="unknown_instrument")
    return instrument


def _clean_partial(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, float]:
    """Check some answers (a page of them): each must be a question of this instrument with an allowed value."""
    if not isinstance(answers, Mapping):
        raise ServiceError(_("Answers should map each question to a number."), field="answers")
    checked = scoring.check_answers(instrument, answers) if answers else {}
    return {k: v for k, v in checked.items() if v is not None}


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def start(*, user: User, slug: str) -> Administration:
    """The person's draft of this instrument: the open one if there is one, else a new one."""
    instrument = instrument_for_taking(slug)
    with transaction.atomic():
        draft = Administration.objects.select_for_update().filter(author=user, instrument=slug, status="draft").first()
        if draft is not None:
            if draft.version != instrument.version:  # the wording changed under an old draft: begin again
                draft.answers, draft.version = {}, instrument.version
                draft.save(update_fields=["answers", "version", "updated_at"])
            return draft
        try:
            with transaction.atomic():
                return Administration.objects.create(
                    author=user,
                    couple_id=couple_services.ensure_space(user=user),
                    instrument=slug,
                    version=instrument.version,
                )
        except IntegrityError:  # a second tab started it at the same moment
            return Administration.objects.get(author=user, instrument=slug, status="draft")


def _draft(user: User, administration_id: int) -> Administration:
    adm = Administration.objects.select_for_update().filter(pk=administration_id, author=user).first()
    if adm is None:
        raise NotFound(_("We could not find that questionnaire."))
    if adm.is_submitted:
        raise ServiceError(
            _("These answers were already sent. You can take it again for a new result."), status=409, code="submitted"
        )
    return adm


def answer(
    *, user: User, administration_id: int, answers: Mapping[str, Any], required: Iterable[str] = ()
) -> Administration:
    """Save some answers to a draft. `required`: item ids this page asked, each needing an answer."""
    with transaction.atomic():
        adm = _draft(user, administration_id)
        instrument = definitions.get(adm.instrument)
        clean = _clean_partial(instrument, answers)
        for item_id in required:
            if item_id in instrument.items_by_id and item_id not in clean:
                item = instrument.items_by_id[item_id]
                raise scoring.AnswerError({item_id: f"Question {item.number}: please choose an answer."})
        adm.answers = {**adm.answers, **{k: _plain(v) for k, v in clean.items()}}
        adm.save(update_fields=["answers", "updated_at"])
    return adm


def _score_or_refuse(instrument: Instrument, answers: Mapping[str, Any]) -> scoring.Scored:
    scored = scoring.score(instrument, answers)
    for result in scored.results:
        if result.value is None:
            first = next(
                i for i in instrument.items if i.id in instrument.score(result.key).item_ids and i.id not in answers
            )
            raise scoring.AnswerError(
                {first.id: _("A few too many questions about “%(title)s” were skipped to give a fair result. "
                             "Please answer question %(number)s.") % {"title": result.title, "number": first.number}}
            )  # fmt: skip
    return scored


def submit(*, user: User, administration_id: int) -> Administration:
    """Score the draft and keep the scores with it. Refused (nothing changes) if it can't be scored fairly."""
    with transaction.atomic():
        adm = _draft(user, administration_id)
        instrument = definitions.get(adm.instrument)
        if adm.version != instrument.version:
            raise ServiceError(
                _("This questionnaire changed since you began. Please start it again."),
                status=409,
                code="version_changed",
            )
        scored = _score_or_refuse(instrument, adm.answers)
        adm.scores = {r.key: r.value for r in scored.results}
        adm.status = Administration.Status.SUBMITTED
        adm.submitted_at = timezone.now()
        adm.save(update_fields=["scores", "status", "submitted_at", "updated_at"])
        _measures_done(user, adm)
    return adm


def take(*, user: User, slug: str, answers: Mapping[str, Any]) -> Administration:
    """Check, score and store a whole answer set in one go (the API's way): one INSERT, all or nothing.
    An open draft of the same instrument is left as it is."""
    instrument = instrument_for_taking(slug)
    clean = _clean_partial(instrument, answers)
    scored = _score_or_refuse(instrument, clean)
    with transaction.atomic():
        adm = Administration.objects.create(
            author=user,
            couple_id=couple_services.ensure_space(user=user),
            instrument=slug,
            version=instrument.version,
            status=Administration.Status.SUBMITTED,
            answers={k: _plain(v) for k, v in clean.items()},
            scores={r.key: r.value for r in scored.results},
            submitted_at=timezone.now(),
        )
        _measures_done(user, adm)
    return adm


def _measures_done(user: User, adm: Administration) -> None:
    """A clinician may have asked for this check-up (clinic Measure): tick it in this same
    transaction, so the answer and the tick land together."""
    hooks.submitted(user=user, administration=adm)  # the clinic ticks its measures (clinic/apps.py)


def discard(*, user: User, administration_id: int) -> None:
    with transaction.atomic():
        _draft(user, administration_id).delete()


def share_answers(*, user: User, administration_id: int, shared: bool) -> Administration:
    """Let the partner see (or stop seeing) the author's single answers of one result. Only the
    author can; anyone else gets NotFound, so a result's existence is not leaked. What the partner
    then sees is decided by access.assessments (the scores' own reveal rule still holds)."""
    if not isinstance(shared, bool):
        raise ServiceError(_("Please say yes or no to sharing your answers."), field="shared")
    with transaction.atomic():
        adm = (
            Administration.objects.select_for_update()
            .filter(pk=administration_id, author=user, status=Administration.Status.SUBMITTED)
            .first()
        )
        if adm is None:
            raise NotFound(_("We could not find that result."))
        instrument = definitions.get(adm.instrument)  # UnknownInstrument (404) if its file was removed
        if shared and not rules.can_share_answers(instrument):
            raise ServiceError(
                _("This check-up is just for you, so its answers can't be shared. They stay with you."),
                status=403,
                code="not_shareable",
                field="shared",
            )
        if adm.answers_shared != shared:
            adm.answers_shared = shared
            adm.save(update_fields=["answers_shared", "updated_at"])
    return adm


# --- the plan ------------------------------------------------------------------------------------
def choose_goals(*, user: User, goals: Iterable[str]) -> Plan:
    """Begin (or restart) the couple's 4-week plan around up to three drivers they picked."""
    instrument = definitions.get(DRIVERS_SLUG)
    valid = [s.key for s in instrument.subscales]
    if isinstance(goals, str) or not all(isinstance(g, str) for g in goals):
        raise ServiceError(_("Goals should be a list of drivers."), field="goals")
    picked = list(dict.fromkeys(goals))
    unknown = [g for g in picked if g not in valid]
    if unknown:
        raise ServiceError(
            _("%(goal)r is not one of the drivers; please pick from the list.") % {"goal": unknown[0]}, field="goals"
        )
    if not picked:
        raise ServiceError(_("Pick at least one thing to work on."), field="goals")
    if len(picked) > MAX_GOALS:
        raise ServiceError(
            _("Pick up to %(n)d things to work on; fewer is often better.") % {"n": MAX_GOALS}, field="goals"
        )
    with transaction.atomic():
        couple_id = couple_services.ensure_space(user=user)
        now = timezone.now()
        Plan.objects.select_for_update().filter(couple_id=couple_id, ended_at__isnull=True).update(ended_at=now)
        return Plan.objects.create(
            couple_id=couple_id, created_by=user, goals=picked, started_on=local_today(user.timezone)
        )


# --- care steps: practices a clinician added to the couple's plan ---------------------------------
def add_care_steps(
    *, couple_id: int, steps: Iterable[tuple[str, str]], note: str, source: str, added_by: User
) -> list[CareStep]:
    """Called by the clinic (an intensive's maintenance plan) inside its own transaction. A practice
    already live on the plan is updated in place (the newest how-often and note win), not doubled."""
    from closeknit.practices.library import library

    out = []
    with transaction.atomic():
        for slug, how_often in steps:
            if library().get(slug) is None:
                raise ServiceError(f"{slug!r} is not a practice in the library.", field="practices")
            step = (
                CareStep.objects.select_for_update()
                .filter(couple_id=couple_id, practice=slug, ended_at__isnull=True)
                .first()
            )
            if step is None:
                step = CareStep(couple_id=couple_id, practice=slug)
            step.how_often, step.note, step.source, step.added_by = how_often, note, source, added_by
            step.save()
            out.append(step)
    return out


def end_care_step(*, user: User, step_id: int) -> CareStep:
    """Either partner may end a step on their shared plan; the history stays."""
    from closeknit.access import active_couple_id

    with transaction.atomic():
        couple_id = active_couple_id(user)
        step = (
            CareStep.objects.select_for_update().filter(pk=step_id, couple_id=couple_id).first()
            if couple_id is not None
            else None
        )
        if step is None:
            raise NotFound(_("We could not find that step on your plan."))
        if step.ended_at is None:
            step.ended_at = timezone.now()
            step.save(update_fields=["ended_at"])
    return step
