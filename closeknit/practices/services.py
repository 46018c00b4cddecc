"""Writing the practice log: start a practice, move through its steps, finish with a reflection.

Timers are server-side facts: a step records when it began, so a reload, a second tab or the API
all agree on the time left, and tests move the clock with `now=` instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable
from closeknit.core.time import local_today
from closeknit.couples import services as couple_services
from closeknit.practices.library import Practice, library
from closeknit.practices.models import Note, PracticeLog
from closeknit.safety import net

MAX_REFLECTION = 2000
MAX_NOTE = 500
NOT_FOUND = gettext_noop("We could not find that practice.")


def practice_or_404(user: User, slug: str) -> Practice:
    practice = library().get(slug)
    if practice is None or not rules.may_offer(user, practice):
        raise NotFound(_(NOT_FOUND))
    return practice


def start(*, user: User, slug: str, now: dt.datetime | None = None) -> PracticeLog:
    practice = practice_or_404(user, slug)
    now = now or timezone.now()
    with transaction.atomic():
        couple_id = couple_services.ensure_space(user=user)
        return PracticeLog.objects.create(
            author=user,
            couple_id=couple_id,
            slug=practice.slug,
            local_date=local_today(user.timezone, now),
            timezone=user.timezone,
            step=0,
            step_started_at=now,
            started_at=now,
        )


def _own_open(user: User, log_id: int) -> PracticeLog:
    log = PracticeLog.objects.filter(pk=log_id, author=user).first()
    if log is None:
        raise NotFound(_(NOT_FOUND))
    return log


def go_to_step(*, user: User, log_id: int, step: int, now: dt.datetime | None = None) -> PracticeLog:
    """Move to a step (next, back, or skip ahead: a person may always move on before a timer ends)."""
    log = _own_open(user, log_id)
    if log.done:
        raise ServiceError(_("This practice is already finished."), status=409, code="finished")
    practice = library().get(log.slug)
    last = len(practice.steps) if practice else 0  # len(steps) is the closing reflection
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= last:
        raise ServiceError(_("Step should be between 1 and %(last)d.") % {"last": last}, field="step")
    with transaction.atomic():
        log.step = step
        log.step_started_at = now or timezone.now()
        log.save(update_fields=["step", "step_started_at"])
    return log


def _score(value: Any, *, low: int, high: int, label: str, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ServiceError(
            _("%(label)s should be a number from %(low)d to %(high)d.") % {"label": _(label), "low": low, "high": high},
            field=field,
        )
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("%(label)s should be a whole number from %(low)d to %(high)d.")
            % {"label": _(label), "low": low, "high": high},
            field=field,
        )
    return value


def finish(
    *,
    user: User,
    log_id: int,
    reflection: str = "",
    shared: bool = False,
    rating: Any = None,
    felt_heard: Any = None,
    detail: str = "",
    now: dt.datetime | None = None,
) -> PracticeLog:
    """Close a run. Finishing twice edits the reflection and sharing, so a person can change their mind."""
    log = _own_open(user, log_id)
    if not isinstance(reflection, str):
        raise ServiceError(_("The reflection should be text."), field="reflection")
    text = storable(
        reflection, field="reflection", label=pgettext("field label", "the reflection"), max_length=MAX_REFLECTION
    )
    rating_v = _score(rating, low=1, high=5, label=gettext_noop("How it felt"), field="rating")
    heard_v = _score(felt_heard, low=0, high=10, label=gettext_noop("Feeling heard"), field="felt_heard")
    if not isinstance(detail, str):
        raise ServiceError(_("That choice should be text."), field="detail")
    if detail:
        practice = library().get(log.slug)
        deck = library().decks.get(practice.deck) if practice and practice.deck else None
        if deck is None or deck.item(detail) is None:
            raise ServiceError(_("Please pick one of the offered choices."), field="detail")
    with transaction.atomic():
        log.support = net.screen(user=user, texts=[text], where="reflection")  # shown, not kept (decisions.md)
        log.reflection = text
        log.shared = bool(shared)
        log.rating = rating_v
        log.felt_heard = heard_v
        if detail:
            log.detail = detail
        if log.finished_at is None:
            log.finished_at = now or timezone.now()
            practice = library().get(log.slug)
            log.step = len(practice.steps) if practice else log.step
        log.save()
    return log


def tick(*, user: User, slug: str, done: bool, now: dt.datetime | None = None) -> bool:
    """A plan step ticked off on Today ("we did it") without walking through the guided flow. It is a
    finished run with no duration (started and finished at the same instant), so the plan's practice
    count and the streaks see it like any other run. Ticking twice on one day keeps one; unticking
    removes only today's ticks, never a run someone walked through. Returns whether it is now ticked."""
    practice = practice_or_404(user, slug)
    now = now or timezone.now()
    today = local_today(user.timezone, now)
    with transaction.atomic():
        ticks = PracticeLog.objects.filter(
            author=user, slug=practice.slug, local_date=today, started_at=F("finished_at")
        )
        if not done:
            ticks.delete()
            return False
        if ticks.exists():
            return True
        couple_id = couple_services.ensure_space(user=user)
        PracticeLog.objects.create(
            author=user,
            couple_id=couple_id,
            slug=practice.slug,
            local_date=today,
            timezone=user.timezone,
            step=len(practice.steps),
            step_started_at=now,
            started_at=now,
            finished_at=now,
        )
    return True


def delete_log(*, user: User, log_id: int) -> None:
    _own_open(user, log_id).delete()


def add_note(
    *,
    user: User,
    kind: str,
    text: str,
    shared: bool = True,
    happened_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Note:
    if kind not in (Note.GRATITUDE, Note.MOMENT):
        raise ServiceError(_("That is not a kind of note we keep."), field="kind")
    if not isinstance(text, str):
        raise ServiceError(_("The note should be text."), field="text")
    label = (
        pgettext("field label", "the appreciation") if kind == Note.GRATITUDE else pgettext("field label", "the moment")
    )
    clean = storable(text, field="text", label=label, max_length=MAX_NOTE)
    if not clean:
        raise ServiceError(
            _("Write a few words for your appreciation.")
            if kind == Note.GRATITUDE
            else _("Write a few words for your moment."),
            field="text",
        )
    now = now or timezone.now()
    today = local_today(user.timezone, now)
    if happened_on is not None and happened_on > today:
        raise ServiceError(_("A moment to remember should be in the past."), field="happened_on")
    with transaction.atomic():
        couple_id = couple_services.ensure_space(user=user)
        note = Note.objects.create(
            author=user,
            couple_id=couple_id,
            kind=kind,
            text=clean,
            shared=bool(shared),
            happened_on=happened_on,
            local_date=today,
        )
        note.support = net.screen(user=user, texts=[clean], where=kind)  # shown to the author, not kept
        return note


def delete_note(*, user: User, note_id: int) -> None:
    note = Note.objects.filter(pk=note_id, author=user).first()
    if note is None:
        raise NotFound(_("We could not find that note."))
    note.delete()
