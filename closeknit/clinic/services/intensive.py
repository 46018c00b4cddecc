"""Running a couples intensive: schedule it from a template, run its blocks on the day, cancel it,
and finish it by handing the couple a maintenance plan (care steps on their own plan).

Template editing lives in closeknit.clinic.services.intensive_templates. Each function here is one
transaction: a refused schedule places no block and assigns no measure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import (
    Appointment,
    ClinicianProfile,
    Episode,
    Intensive,
    IntensiveBlock,
    IntensiveTemplate,
    TemplateBlock,
)
from closeknit.clinic.selectors import intensive as intensive_selectors
from closeknit.clinic.selectors import schedule as schedule_selectors
from closeknit.clinic.services import measures
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.time import local_today

PRE_DUE_DAYS = 7
MAX_DAYS_AHEAD = 400
HOW_OFTEN = ("every day", "a few times a week", "twice a week", "once a week", "when you need it")
# What the picker shows for each stored value (the value itself stays English: it is data).
HOW_OFTEN_LABELS = {
    "every day": gettext_lazy("Every day"),
    "a few times a week": gettext_lazy("A few times a week"),
    "twice a week": gettext_lazy("Twice a week"),
    "once a week": gettext_lazy("Once a week"),
    "when you need it": gettext_lazy("When you need it"),
}
MAX_NOTE = 2000


def partners_of(episode: Episode) -> list[User]:
    """Partner a and b: the couple's active members in the order they joined."""
    from closeknit.couples import selectors as couples

    return couples.members(episode.couple_id)


def _say(instant: dt.datetime, zone: ZoneInfo) -> str:
    """A time inside a sentence, in the reader's language ("Sat 5 Dec, 09:00", "sáb 5 dic, 09:00"):
    strftime's %a and %b are always English."""
    return date_format(instant.astimezone(zone), pgettext("date format", "D j M, H:i"))


def place_blocks(
    template: IntensiveTemplate, starts_on: dt.date, zone: ZoneInfo
) -> list[tuple[TemplateBlock, dt.datetime, dt.datetime]]:
    """Each day starts at day_starts local time (wall clock, so DST changes between days keep 09:00)
    and its blocks follow one another by their minutes. Returns UTC instants."""
    out = []
    for b in TemplateBlock.objects.filter(template=template).order_by("day", "order"):
        out.append(b)
    placed: list[tuple[TemplateBlock, dt.datetime, dt.datetime]] = []
    cursor: dict[int, dt.datetime] = {}
    for b in out:
        if b.day not in cursor:
            day = starts_on + dt.timedelta(days=b.day - 1)
            cursor[b.day] = dt.datetime.combine(day, template.day_starts, tzinfo=zone)
        start = cursor[b.day]
        end = start + dt.timedelta(minutes=b.minutes)  # wall-clock arithmetic in the practice's zone
        cursor[b.day] = end
        placed.append((b, start.astimezone(dt.UTC), end.astimezone(dt.UTC)))
    return placed


def _clash(profile: ClinicianProfile, spans: list[tuple[dt.datetime, dt.datetime]], zone: ZoneInfo) -> None:
    for start, end in spans:
        appt = (
            Appointment.objects.filter(
                clinician=profile, status=Appointment.Status.BOOKED, start__lt=end, end__gt=start
            )
            .order_by("start")
            .first()
        )
        if appt is not None:
            raise ServiceError(
                _(
                    "This clashes with an appointment on %(when)s. "
                    "Pick another start date, or move that appointment first."
                )
                % {"when": _say(appt.start, zone)},
                status=409,
                code="clash",
                field="starts_on",
            )
        other = schedule_selectors.intensive_busy(profile, start, end)
        if other:
            raise ServiceError(
                _("This clashes with another intensive you have on %(when)s. Pick another start date.")
                % {"when": _say(other[0][0], zone)},
                status=409,
                code="clash",
                field="starts_on",
            )


def schedule(
    *,
    user: User,
    episode_id: int,
    template_id: int,
    starts_on: dt.date | None,
    pre_due_on: dt.date | None = None,
) -> Intensive:
    """Place the template's blocks on the clinician's calendar and assign each partner their
    measures: before (due pre_due_on), right after, and at about 1, 3 and 6 months."""
    profile = rules.own_profile(user)
    episode = (
        Episode.objects.filter(pk=episode_id, clinician=profile).select_related("clinician__practice").first()
        if profile
        else None
    )
    if episode is None:
        raise NotFound(_("We could not find that couple."))
    assert profile is not None  # the episode was found through it
    if not rules.can_schedule_intensive(user, episode):
        raise ServiceError(
            _("The couple needs to connect to you first: send them the link on this page."),
            status=409,
            code="not_joined",
        )
    partners = partners_of(episode)
    if len(partners) < 2:
        raise ServiceError(
            _("An intensive is for both partners: it can be scheduled once both are in their shared space."),
            status=409,
            code="not_joined",
        )
    template = IntensiveTemplate.objects.filter(
        pk=template_id, practice_id=episode.clinician.practice_id, archived=False
    ).first()
    if template is None:
        raise ServiceError(_("Please pick one of your practice's templates."), field="template")
    zone = ZoneInfo(episode.clinician.practice.timezone)
    today = local_today(episode.clinician.practice.timezone)
    if starts_on is None:
        raise ServiceError(_("Please pick the first day of the intensive."), field="starts_on")
    if starts_on <= today:
        raise ServiceError(
            _("Please pick a first day after today, so there is time for the check-ups."), field="starts_on"
        )
    if starts_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ServiceError(_("Please pick a first day within the next year."), field="starts_on")
    if pre_due_on is None:
        pre_due_on = max(starts_on - dt.timedelta(days=PRE_DUE_DAYS), today)
    if pre_due_on < today:
        raise ServiceError(_("The check-ups can't be due in the past."), field="pre_due_on")
    if pre_due_on >= starts_on:
        raise ServiceError(_("The check-ups should be due before the first day."), field="pre_due_on")
    with transaction.atomic():
        # One clinician schedules one thing at a time: the clash check and the insert stay together.
        ClinicianProfile.objects.select_for_update().filter(pk=profile.pk).first()
        placed = place_blocks(template, starts_on, zone)
        if not placed:
            raise ServiceError(_("This template has no blocks yet."), field="template")
        by_day: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
        for b, start, end in placed:
            by_day.setdefault(b.day, []).append((start, end))
        _clash(profile, [(v[0][0], v[-1][1]) for v in by_day.values()], zone)
        days = max(by_day)
        intensive = Intensive.objects.create(
            episode=episode,
            template=template,
            name=template.name,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1),
            pre_due_on=pre_due_on,
        )
        who = {"a": partners[0], "b": partners[1]}
        IntensiveBlock.objects.bulk_create(
            IntensiveBlock(
                intensive=intensive,
                day=b.day,
                order=b.order,
                kind=b.kind,
                title=b.title,
                start=start,
                end=end,
                with_user=who.get(b.with_partner),
                goals=b.goals,
                practices=list(b.practices),
                checklist=[{"text": t, "done": False} for t in b.checklist],
                note_template=b.note_template,
            )
            for b, start, end in placed
        )
        measures.assign_for_intensive(intensive=intensive, partners=partners, today=today)
    return intensive


def _intensive(user: User, intensive_id: int, *, lock: bool = True) -> Intensive:
    qs = Intensive.objects.select_related("episode__clinician__user", "episode__clinician__practice")
    found = (qs.select_for_update(of=("self",)) if lock else qs).filter(pk=intensive_id).first()
    if found is None or not rules.can_run_intensive(user, found):
        raise NotFound(_("We could not find that intensive."))
    return found


def _running(intensive: Intensive) -> None:
    if intensive.status != Intensive.Status.SCHEDULED:
        raise ServiceError(
            _("This intensive is %(status)s; it can't change now.")
            % {"status": intensive.get_status_display().lower()},
            status=409,
            code="intensive_closed",
        )


def _begun(intensive: Intensive, now: dt.datetime) -> None:
    """An intensive can be finished only once it has begun: its first block's time has come, or the
    clinician started a block (they may start early). Finishing one still weeks away would close it
    and put a maintenance plan on the couple's plan before anything happened; cancel it instead."""
    blocks = IntensiveBlock.objects.filter(intensive=intensive)
    first = blocks.order_by("start").values_list("start", flat=True).first()
    if (first is None or now >= first) or blocks.filter(started_at__isnull=False).exists():
        return
    raise ServiceError(
        _(
            "This intensive has not started yet: it begins on %(day)s. You can finish it once it is under way; "
            "to call it off, cancel it instead."
        )
        % {"day": date_format(intensive.starts_on, pgettext("date format: weekday, day and month", "l j F"))},
        status=409,
        code="not_started",
    )


def _may_finish(intensive: Intensive, now: dt.datetime) -> None:
    """The plan for home is handed over from the intensive's last day (the venue's day), never while
    days are still to come. Checked here, not in a page, so the desk, the API and a shell all obey it;
    the desk shows the same sentence before anyone tries (selectors.intensive.finish_wait). Before its
    first day, unless a block was started early, "it has not started yet" says more (cancel instead)."""
    wait = intensive_selectors.finish_wait(intensive, now=now)
    first_day_come = local_today(intensive_selectors.venue_zone(intensive).key, now) >= intensive.starts_on
    if wait and first_day_come:
        raise ServiceError(wait, status=409, code="intensive_not_over")
    _begun(intensive, now)
    if wait:
        raise ServiceError(wait, status=409, code="intensive_not_over")


def cancel(*, user: User, intensive_id: int) -> Intensive:
    with transaction.atomic():
        intensive = _intensive(user, intensive_id)
        _running(intensive)
        intensive.status = Intensive.Status.CANCELLED
        intensive.save(update_fields=["status"])
        measures.cancel_open(intensive=intensive)
    return intensive


def _block(user: User, block_id: int) -> IntensiveBlock:
    block = IntensiveBlock.objects.filter(pk=block_id).first()
    if block is None:
        raise NotFound(_("We could not find that block."))
    intensive = _intensive(user, block.intensive_id)
    _running(intensive)
    block = IntensiveBlock.objects.select_for_update().get(pk=block_id)
    block.intensive = intensive
    return block


def start_block(*, user: User, block_id: int) -> IntensiveBlock:
    """Start the block's clock. Any other block still running is finished first: one runs at a time."""
    now = timezone.now()
    with transaction.atomic():
        block = _block(user, block_id)
        if block.finished_at is not None:
            raise ServiceError(_("This block is already finished."), status=409, code="block_finished")
        if block.started_at is None:
            IntensiveBlock.objects.filter(
                intensive_id=block.intensive_id, started_at__isnull=False, finished_at__isnull=True
            ).exclude(pk=block.pk).update(finished_at=now)
            block.started_at = now
            block.save(update_fields=["started_at"])
    return block


def finish_block(*, user: User, block_id: int) -> IntensiveBlock:
    with transaction.atomic():
        block = _block(user, block_id)
        if block.started_at is None:
            raise ServiceError(_("Start the block before finishing it."), status=409, code="block_not_started")
        if block.finished_at is None:
            block.finished_at = timezone.now()
            block.save(update_fields=["finished_at"])
    return block


def tick(*, user: User, block_id: int, index: int, done: bool) -> IntensiveBlock:
    if not isinstance(done, bool):
        raise ServiceError(_("Say whether the step is done."), field="done")
    with transaction.atomic():
        block = _block(user, block_id)
        steps = list(block.checklist)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(steps):
            raise ServiceError(_("That step is not on this block's checklist."), field="index")
        steps[index] = {"text": steps[index]["text"], "done": done}
        block.checklist = steps
        block.save(update_fields=["checklist"])
    return block


def finish(*, user: User, intensive_id: int, steps: Sequence[tuple[str, str]], note: str) -> Intensive:
    """Close the intensive and put the chosen practices on the couple's plan, with how often and a
    short note, so the tools go on at home. One transaction: all steps land, or none."""
    from closeknit.assessments import services as plan_services
    from closeknit.practices.library import library

    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(_("Please keep the note for the couple shorter."), field="note")
    if not steps:
        raise ServiceError(_("Pick at least one practice for the couple to keep going at home."), field="practices")
    seen: dict[str, str] = {}
    for slug, how_often in steps:
        if not isinstance(slug, str) or library().get(slug) is None:
            raise ServiceError(
                _("%(slug)s is not a practice in the library.") % {"slug": repr(slug)}, field="practices"
            )
        if how_often not in HOW_OFTEN:
            title = library().get(slug).title  # type: ignore[union-attr]  # checked to be in the library just above
            raise ServiceError(_("Please pick how often for “%(title)s”.") % {"title": title}, field="how_often")
        seen[slug] = how_often
    now = timezone.now()
    with transaction.atomic():
        intensive = _intensive(user, intensive_id)
        _running(intensive)
        if not rules.episode_active(intensive.episode):
            raise ServiceError(
                _("This couple's care has ended, so nothing can be added to their plan."),
                status=409,
                code="episode_ended",
            )
        _may_finish(intensive, now)
        clinician = intensive.episode.clinician.user
        assert intensive.episode.couple_id is not None  # episode_active above
        plan_services.add_care_steps(
            couple_id=intensive.episode.couple_id,
            steps=list(seen.items()),
            note=note,
            source=f"From your intensive with {clinician.name}",
            added_by=user,
        )
        IntensiveBlock.objects.filter(intensive=intensive, started_at__isnull=False, finished_at__isnull=True).update(
            finished_at=now
        )
        intensive.status = Intensive.Status.DONE
        intensive.finished_at = now
        intensive.maintenance_note = note
        intensive.save(update_fields=["status", "finished_at", "maintenance_note"])
    return intensive
