"""Reads for intensives: a practice's templates, a scheduled intensive, its day-of view, the
measures a partner was asked to take, and the couple's own view of their intensive's days.

Intensives are the episode's clinician's alone (access.clinic.can_run_intensive); anyone else
gets NotFound, so an intensive's existence does not leak. Scores at a glance are a read of partners'
data: each partner's go through can_read(..., "scores") and a log_read in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import Episode, Intensive, IntensiveBlock, IntensiveTemplate, Measure
from closeknit.core.errors import NotFound
from closeknit.core.time import local_today, zone

TOP_DRIVERS = 3


def practice_title(slug: str) -> str:
    from closeknit.practices.library import library

    p = library().get(slug)
    return p.title if p else slug


def instrument_title(slug: str) -> str:
    from closeknit.assessments import definitions

    try:
        return definitions.get(slug).title
    except Exception:  # a removed definition file: show the slug rather than fail the page
        return slug


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of intensives: the list and whether one can be scheduled."""
    if episode.clinician.user_id != user.pk or rules.own_profile(user) is None:
        return {}
    rows = list(Intensive.objects.filter(episode=episode).order_by("-starts_on"))
    return {
        "intensive_panel": {
            "intensives": rows,
            "can_schedule": rules.can_schedule_intensive(user, episode),
        }
    }


# --- templates -------------------------------------------------------------------------------------
@dataclass
class TemplateDay:
    number: int
    blocks: list
    minutes: int

    @property
    def hours(self) -> str:
        return f"{self.minutes // 60} h {self.minutes % 60:02d} min"


def template_days(template: IntensiveTemplate) -> list[TemplateDay]:
    days: dict[int, list] = {}
    for b in template.blocks.all().order_by("day", "order"):
        b.practice_titles = [(s, practice_title(s)) for s in b.practices]
        days.setdefault(b.day, []).append(b)
    return [TemplateDay(n, bl, sum(b.minutes for b in bl)) for n, bl in sorted(days.items())]


def template_for(user: User, template_id: int) -> IntensiveTemplate:
    t = IntensiveTemplate.objects.filter(pk=template_id).select_related("practice").first()
    if t is None or not rules.can_edit_templates(user, t.practice_id):
        raise NotFound(_("We could not find that template."))
    return t


def templates_for_practice(practice_id: int) -> list[IntensiveTemplate]:
    """Callers have checked the person may use this practice's templates."""
    out = list(IntensiveTemplate.objects.filter(practice_id=practice_id, archived=False).prefetch_related("blocks"))
    for t in out:
        t.total_minutes = sum(b.minutes for b in t.blocks.all())
    return out


# --- one intensive ---------------------------------------------------------------------------------
@dataclass
class PartnerMeasures:
    user: User
    rows: list[Measure]


@dataclass
class IntensiveView:
    intensive: Intensive
    zone: ZoneInfo
    days: list[tuple[int, dt.date, list[IntensiveBlock]]]
    partners: list[PartnerMeasures]
    linked: list[tuple[str, str]]  # the blocks' linked practices, for the maintenance plan
    suggested: set[str] = field(default_factory=set)  # the maintenance blocks' own: pre-ticked

    @property
    def is_scheduled(self) -> bool:
        return self.intensive.status == Intensive.Status.SCHEDULED

    @property
    def finish_wait(self) -> str:
        """Why "Finish and hand over the plan" is not offered yet; empty when it may be."""
        return finish_wait(self.intensive)


def _intensive(user: User, intensive_id: int) -> Intensive:
    found = (
        Intensive.objects.select_related("episode__clinician__user", "episode__clinician__practice")
        .filter(pk=intensive_id)
        .first()
    )
    if found is None or not rules.can_run_intensive(user, found):
        raise NotFound(_("We could not find that intensive."))
    return found


def venue_zone(intensive: Intensive) -> ZoneInfo:
    """Where an intensive happens. Intensives are in person, at the clinician's: their zone, the
    practice's when theirs is not set (the same clock the clinician's own desk reads)."""
    clinician = intensive.episode.clinician
    return zone(clinician.user.timezone or clinician.practice.timezone)


def place_label(tz: ZoneInfo) -> str:
    """How a person names a clock in words: "New York" for America/New_York, "UTC" for UTC."""
    return tz.key.rsplit("/", 1)[-1].replace("_", " ")


def finish_wait(intensive: Intensive, *, now: dt.datetime | None = None) -> str:
    """Why the intensive cannot be finished yet, or "" when it can: a plan for home is handed over
    from the intensive's last day on (the venue's day), never while days are still to come."""
    if local_today(venue_zone(intensive).key, now) >= intensive.ends_on:
        return ""
    last = intensive.ends_on
    return _(
        "You can finish this intensive and hand over the plan from its last day, %(day)s. "
        "Until then the blocks stay open."
    ) % {"day": date_format(last, pgettext("date format: weekday, day and month", "l j F"))}


def viewer_zone(user: User, intensive: Intensive) -> ZoneInfo:
    """The clinician's own zone for the agenda; the practice's when theirs is not set."""
    return zone(user.timezone or intensive.episode.clinician.practice.timezone)


def intensive_for(user: User, intensive_id: int) -> IntensiveView:
    intensive = _intensive(user, intensive_id)
    blocks = list(intensive.blocks.select_related("with_user").order_by("start"))
    days: dict[int, list[IntensiveBlock]] = {}
    for b in blocks:
        b.practice_titles = [(s, practice_title(s)) for s in b.practices]
        days.setdefault(b.day, []).append(b)
    by_user: dict[int, PartnerMeasures] = {}
    for m in Measure.objects.filter(intensive=intensive).select_related("user").order_by("opens_on", "instrument"):
        m.title = instrument_title(m.instrument)
        by_user.setdefault(m.user_id, PartnerMeasures(m.user, [])).rows.append(m)
    suggested = list(dict.fromkeys(s for b in blocks if b.kind == "maintenance" for s in b.practices))
    linked = list(dict.fromkeys(suggested + [s for b in blocks for s in b.practices]))
    return IntensiveView(
        intensive=intensive,
        zone=viewer_zone(user, intensive),
        days=[(n, intensive.starts_on + dt.timedelta(days=n - 1), bl) for n, bl in sorted(days.items())],
        partners=list(by_user.values()),
        linked=[(s, practice_title(s)) for s in linked],
        suggested=set(suggested) or set(linked),
    )


# --- the day-of view -------------------------------------------------------------------------------
@dataclass
class Glance:
    """One partner's latest pre-intensive scores, or None when not shared with this clinician."""

    user: User
    shared: bool
    closeness: Any = None  # assessments.selectors.ScoreView of closeness-check total
    drivers: list = field(default_factory=list)  # top ScoreViews of distance-drivers


@dataclass
class DayView:
    view: IntensiveView
    number: int
    date: dt.date
    blocks: list[IntensiveBlock]
    current: IntensiveBlock | None
    next: IntensiveBlock | None
    glances: list[Glance]


def _latest(subject: User, slug: str, intensive: Intensive):
    from closeknit.assessments.models import Administration

    linked = (
        Measure.objects.filter(intensive=intensive, user=subject, instrument=slug, administration__isnull=False)
        .order_by("-completed_at")
        .values_list("administration_id", flat=True)
        .first()
    )
    qs = Administration.objects.filter(author=subject, instrument=slug, status=Administration.Status.SUBMITTED)
    return (qs.filter(pk=linked).first() if linked else None) or qs.order_by("-submitted_at").first()


def glances_for(user: User, intensive: Intensive) -> list[Glance]:
    from closeknit.assessments import definitions
    from closeknit.assessments.selectors import score_view
    from closeknit.clinic.services.intensive import partners_of

    episode = intensive.episode
    out = []
    for subject in partners_of(episode):
        if not rules.can_read(user, subject, episode, "scores"):
            out.append(Glance(subject, shared=False))
            continue
        with transaction.atomic():
            glance = Glance(subject, shared=True)
            items = 0
            close = _latest(subject, "closeness-check", intensive)
            if close is not None:
                score = definitions.get("closeness-check").score("total")
                glance.closeness = score_view(score, close.scores.get("total"))
                items += 1
            drivers = _latest(subject, "distance-drivers", intensive)
            if drivers is not None:
                inst = definitions.get("distance-drivers")
                views = [score_view(s, drivers.scores.get(s.key)) for s in inst.subscales]
                scored = [v for v in views if v.value is not None]
                glance.drivers = sorted(scored, key=lambda v: -cast(float, v.value))[:TOP_DRIVERS]
                items += 1
            rules.log_read(
                clinician_user=user,
                subject=subject,
                episode=episode,
                category="scores",
                what="intensive day-of: latest closeness and distance drivers",
                items=items,
            )
        out.append(glance)
    return out


def day_for(user: User, intensive_id: int, number: int, *, now: dt.datetime | None = None) -> DayView:
    view = intensive_for(user, intensive_id)
    match = next((d for d in view.days if d[0] == number), None)
    if match is None:
        raise NotFound(_("That day is not part of this intensive."))
    now = now or timezone.now()
    _number, date, blocks = match
    for b in blocks:
        b.running = b.started_at is not None and b.finished_at is None
        b.done_steps = sum(1 for s in b.checklist if s.get("done"))
        b.planned_seconds = int((b.end - b.start).total_seconds())
    current = next((b for b in blocks if b.running), None)
    if current is None:
        current = next((b for b in blocks if b.started_at is None and b.start <= now < b.end), None)
    upcoming = [b for b in blocks if b.started_at is None and b is not current and b.end > now]
    nxt = upcoming[0] if upcoming else next((b for b in blocks if b.started_at is None and b is not current), None)
    return DayView(view, number, date, blocks, current, nxt, glances_for(user, view.intensive))


# --- what a partner was asked to take ----------------------------------------------------------------
@dataclass(frozen=True)
class AskedMeasure:
    id: int
    instrument: str
    title: str
    phase: str
    due_on: dt.date
    clinician: str
    for_intensive: bool

    @property
    def when(self) -> str:
        phrases: dict[str, str] = {
            Measure.Phase.PRE: _("before your intensive"),
            Measure.Phase.POST: _("now that your intensive is over"),
            Measure.Phase.SESSION: _("between sessions"),
        }
        return phrases.get(self.phase, _("to see how things are going since your intensive"))


def open_measures_for(user: User, *, today: dt.date | None = None) -> list[AskedMeasure]:
    """The person's own open measures that have opened; never their partner's, never another couple's."""
    if not user.is_authenticated:
        return []
    today = today or local_today(user.timezone)
    rows = (
        Measure.objects.filter(
            user=user,
            completed_at__isnull=True,
            cancelled_at__isnull=True,
            opens_on__lte=today,
            episode__ended_at__isnull=True,
        )
        .select_related("episode__clinician__user")
        .order_by("due_on", "instrument")
    )
    out = []
    for m in rows:
        if not rules.is_member(user, m.episode):
            continue  # they left the couple: the ask no longer stands
        out.append(
            AskedMeasure(
                id=m.pk,
                instrument=m.instrument,
                title=instrument_title(m.instrument),
                phase=m.phase,
                due_on=m.due_on,
                clinician=m.episode.clinician.user.name,
                for_intensive=m.intensive_id is not None,
            )
        )
    return out


# --- what the couple sees of their own intensive -----------------------------------------------------
SOON_DAYS = 21  # Today shows the intensive from three weeks before it starts


@dataclass(frozen=True)
class CoupleBlock:
    id: int
    title: str  # couple-facing (couple_title): never the clinician's own title of an individual block
    kind: str
    start: dt.datetime  # in the venue's zone: an in-person block keeps the clock of where it happens
    end: dt.datetime
    alone: str  # an individual interview: "you", the partner's name, "either" if not assigned; "" if joint
    calendar_title: str  # the same without anyone's name, for the calendar file

    @property
    def is_break(self) -> bool:
        return self.kind == "break"

    own_start: dt.datetime | None = None  # the same instants on the viewer's clock, when that differs
    own_end: dt.datetime | None = None


@dataclass(frozen=True)
class CoupleDay:
    number: int
    date: dt.date
    blocks: list[CoupleBlock]

    @property
    def starts(self) -> dt.datetime:
        return self.blocks[0].start

    @property
    def ends(self) -> dt.datetime:
        return self.blocks[-1].end

    @property
    def own_starts(self) -> dt.datetime | None:
        return self.blocks[0].own_start

    @property
    def own_ends(self) -> dt.datetime | None:
        return self.blocks[-1].own_end


@dataclass(frozen=True)
class CoupleIntensive:
    """The couple's view of their intensive: when, where each block falls, and what to do before it.
    Titles and kinds only; the clinician's goals, checklists and notes never reach it."""

    id: int
    episode_id: int
    name: str
    clinician: str
    starts_on: dt.date
    ends_on: dt.date
    pre_due_on: dt.date
    days: list[CoupleDay]
    zone: str  # the venue's zone (in person): the times above are on its clock
    today: dt.date
    my_open_pre: int  # this person's own pre-intensive check-ups still to take
    own_zone: str = ""  # the viewer's zone when it differs from the venue's; "" when the same

    @property
    def zone_label(self) -> str:
        """The clock the times are on, in words: "New York time"."""
        return f"{place_label(zone(self.zone))} time"

    @property
    def underway(self) -> bool:
        return self.starts_on <= self.today <= self.ends_on

    @property
    def days_to_go(self) -> int:
        return (self.starts_on - self.today).days

    @property
    def soon(self) -> bool:
        return self.underway or 0 <= self.days_to_go <= SOON_DAYS

    @property
    def today_number(self) -> int | None:
        return next((d.number for d in self.days if d.date == self.today), None)


def couple_title(block: IntensiveBlock, *, viewer: User, clinician: str | None) -> tuple[str, str]:
    """(title, alone) of a block as a partner may read it: the one place that words it for the couple.

    A clinician titles an individual block for themselves ("Ask B about ..."); that title must never
    reach either partner, on any surface (page, API, calendar file, email). So an individual block
    is named only by whose time it is; joint blocks keep the template's plain title. With
    clinician=None no one is named (the calendar file, which leaves for a third-party calendar)."""
    if block.kind != "individual":
        return block.title, ""
    therapist = clinician or _("your therapist")
    if block.with_user_id == viewer.pk:
        return _("Your time alone with %(therapist)s") % {"therapist": therapist}, "you"
    if block.with_user is not None:
        name = block.with_user.name
        if clinician:
            return _("%(name)s's time alone with %(therapist)s") % {"name": name, "therapist": therapist}, name
        return _("Your partner's time alone with %(therapist)s") % {"therapist": therapist}, name
    return _("Time alone with %(therapist)s, for one of you") % {"therapist": therapist}, "either"


def intensives_for_couple(user: User, *, today: dt.date | None = None) -> list[CoupleIntensive]:
    """The person's couple's intensives that have not ended yet, soonest first (access.clinic
        .can_see_intensive_days decides). Intensives are in person, so times are on the venue's clock,
    with the person's own clock beside them when it differs (someone travelling in plans in both)."""
    if not user.is_authenticated:
        return []
    from closeknit.access import active_couple_id

    couple_id = active_couple_id(user)
    if couple_id is None:
        return []
    tz = zone(user.timezone)
    today = today or local_today(tz.key)
    rows = (
        Intensive.objects.filter(
            episode__couple_id=couple_id,
            episode__ended_at__isnull=True,
            status=Intensive.Status.SCHEDULED,
            ends_on__gte=today,
        )
        .select_related("episode__clinician__user", "episode__clinician__practice")
        .order_by("starts_on", "pk")
    )
    found = [i for i in rows if rules.can_see_intensive_days(user, i)]
    if not found:
        return []
    blocks_of: dict[int, list[IntensiveBlock]] = {}
    for b in IntensiveBlock.objects.filter(intensive__in=found).select_related("with_user").order_by("start"):
        blocks_of.setdefault(b.intensive_id, []).append(b)
    open_pre = dict.fromkeys((i.pk for i in found), 0)
    for intensive_id in Measure.objects.filter(
        intensive__in=found, user=user, phase=Measure.Phase.PRE, completed_at__isnull=True, cancelled_at__isnull=True
    ).values_list("intensive_id", flat=True):
        open_pre[intensive_id] += 1
    out = []
    own = tz  # the person's own clock, shown beside the venue's where the two differ
    for i in found:
        tz = venue_zone(i)  # in person: the blocks read on the clock of where they happen
        differs = tz.key != own.key
        days: dict[int, list[CoupleBlock]] = {}
        clinician = i.episode.clinician.user.name
        for b in blocks_of.get(i.pk, []):
            title, alone = couple_title(b, viewer=user, clinician=clinician)
            days.setdefault(b.day, []).append(
                CoupleBlock(
                    id=b.pk,
                    title=title,
                    kind=b.kind,
                    own_start=b.start.astimezone(own) if differs else None,
                    own_end=b.end.astimezone(own) if differs else None,
                    start=b.start.astimezone(tz),
                    end=b.end.astimezone(tz),
                    alone=alone,
                    calendar_title=couple_title(b, viewer=user, clinician=None)[0],
                )
            )
        out.append(
            CoupleIntensive(
                id=i.pk,
                episode_id=i.episode_id,
                name=i.name,
                clinician=clinician,
                starts_on=i.starts_on,
                ends_on=i.ends_on,
                pre_due_on=i.pre_due_on,
                days=[CoupleDay(n, i.starts_on + dt.timedelta(days=n - 1), bl) for n, bl in sorted(days.items())],
                zone=tz.key,
                today=today,
                my_open_pre=open_pre[i.pk],
                own_zone=own.key if differs else "",
            )
        )
    return out


def intensive_for_couple(user: User, intensive_id: int) -> CoupleIntensive:
    found = next((i for i in intensives_for_couple(user) if i.id == intensive_id), None)
    if found is None:
        raise NotFound(_("We could not find that intensive."))
    return found
