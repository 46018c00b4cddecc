"""A clinician's week (or day) on one screen, in the clinician's own zone: booked sessions, intensive
blocks and time off. Also the private feed that carries the same times, without names, to the
clinician's own calendar app.

Days are cut at local midnights, so a day with a DST change is 23 or 25 hours long and every event
lands on the date the clinician's wall clock shows."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import (
    Appointment,
    AvailabilityException,
    CalendarFeed,
    ClinicianProfile,
    Intensive,
    IntensiveBlock,
)
from closeknit.core.errors import NotFound
from closeknit.core.time import zone

FEED_BEFORE = dt.timedelta(days=30)
FEED_AHEAD = dt.timedelta(days=180)


@dataclass
class Event:
    kind: str  # "session", "intensive", "busy", "off", "hours"
    start: dt.datetime | None  # local; None for a whole day
    end: dt.datetime | None
    title: str
    detail: str = ""
    url: str = ""
    appointment_id: int | None = None
    online: bool = False
    day: dt.date | None = None  # the date of a whole-day event
    uid: str = ""


@dataclass
class Day:
    date: dt.date
    events: list[Event] = field(default_factory=list)
    is_today: bool = False


@dataclass
class Week:
    clinician: ClinicianProfile
    tz: str
    first: dt.date
    days: list[Day]
    mode: str  # "week" or "day"
    is_own: bool
    choices: list[ClinicianProfile]

    @property
    def prev(self) -> dt.date:
        return self.first - dt.timedelta(days=len(self.days))

    @property
    def next(self) -> dt.date:
        return self.first + dt.timedelta(days=len(self.days))

    @property
    def last(self) -> dt.date:
        return self.days[-1].date


def visible_clinicians(user: User) -> list[ClinicianProfile]:
    """Whose calendar this person may open: their own first, then their practices' (owner, admin)."""
    managed = [pid for pid in rules.practice_ids(user) if rules.roles_in(user, pid) & {"owner", "admin"}]
    own = rules.own_profile(user)
    q = Q(practice_id__in=managed) | (Q(pk=own.pk) if own else Q(pk__in=[]))
    people = list(ClinicianProfile.objects.filter(q).select_related("user", "practice").order_by("pk"))
    return sorted(people, key=lambda p: (p.pk != (own.pk if own else None), p.user.name))


def _bounds(first: dt.date, days: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(0), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _intensive_day(block: IntensiveBlock) -> str:
    return gettext("Intensive — day %(day)s") % {"day": block.day}


def events_between(
    clinician: ClinicianProfile, start: dt.datetime, end: dt.datetime, *, titles: bool, names: bool
) -> list[Event]:
    """Everything on the clinician's calendar in [start, end), in their zone. `names` adds who a session
    is with (the desk); `titles` shows intensive block titles (the intensive's own clinician only)."""
    from django.urls import reverse

    tz = zone(clinician.user.timezone)
    out: list[Event] = []
    for a in Appointment.objects.filter(
        clinician=clinician, status=Appointment.Status.BOOKED, start__lt=end, end__gt=start
    ).select_related("lead"):
        who = ""
        if names and a.lead is not None:
            who = a.lead.name + (f" & {a.lead.partner_name}" if a.lead.partner_name else "")
        out.append(
            Event(
                "session",
                a.start.astimezone(tz),
                a.end.astimezone(tz),
                gettext("Couple session"),
                detail=who,
                url=reverse("clinic:calendar_move", args=[a.pk]) if names else "",
                appointment_id=a.pk,
                online=a.online,
                uid=a.uid,
            )
        )
    blocks = IntensiveBlock.objects.filter(
        intensive__episode__clinician=clinician,
        intensive__status=Intensive.Status.SCHEDULED,
        start__lt=end,
        end__gt=start,
    ).order_by("start")
    for b in blocks:
        if titles:
            out.append(
                Event(
                    "intensive",
                    b.start.astimezone(tz),
                    b.end.astimezone(tz),
                    _intensive_day(b),
                    detail=b.title,
                    url=reverse("clinic:intensive_day", args=[b.intensive_id, b.day]) if names else "",
                    uid=f"intensive-{b.intensive_id}-block-{b.pk}@closeknit",
                )
            )
        else:
            out.append(Event("busy", b.start.astimezone(tz), b.end.astimezone(tz), gettext("Busy")))
    first = start.astimezone(tz).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    for e in AvailabilityException.objects.filter(clinician=clinician, date__gte=first, date__lte=last):
        if e.start is None or e.end is None:
            out.append(Event("off", None, None, gettext("Time off"), day=e.date, uid=f"time-off-{e.pk}@closeknit"))
        else:
            s = dt.datetime.combine(e.date, e.start, tzinfo=tz)
            out.append(Event("hours", s, dt.datetime.combine(e.date, e.end, tzinfo=tz), gettext("Changed hours")))
    return out


def _date_of(e: Event) -> dt.date:
    return e.start.date() if e.start else e.day  # type: ignore[return-value]  # an event has a start or a day


def week_for(
    user: User, *, clinician_id: int | None, day: dt.date | None, mode: str, today: dt.date | None = None
) -> Week:
    """The week (Monday first) or the day holding `day`, for a clinician this person may see."""
    choices = visible_clinicians(user)
    if not choices:
        raise NotFound(gettext("There is no calendar here for you."))
    clinician: ClinicianProfile | None
    if clinician_id is None:
        clinician = choices[0]
    else:
        clinician = next((c for c in choices if c.pk == clinician_id), None)
        if clinician is None or not rules.can_see_calendar(user, clinician):
            raise NotFound(gettext("We could not find that calendar."))
    tz = zone(clinician.user.timezone)
    today = today or dt.datetime.now(tz).date()
    day = day or today
    first = day if mode == "day" else day - dt.timedelta(days=day.weekday())
    count = 1 if mode == "day" else 7
    start, end = _bounds(first, count, tz)
    is_own = clinician.user_id == user.pk
    events = events_between(clinician, start, end, titles=is_own, names=True)
    days = [Day(first + dt.timedelta(days=i)) for i in range(count)]
    by_date = {d.date: d for d in days}
    for e in sorted(events, key=lambda e: (e.start is not None, e.start or dt.datetime.min.replace(tzinfo=tz))):
        d = by_date.get(_date_of(e))
        if d is not None:
            d.events.append(e)
    for d in days:
        d.is_today = d.date == today
    return Week(clinician, clinician.user.timezone, first, days, mode, is_own, choices)


# --- the private feed ----------------------------------------------------------------------------------
def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_clinician(secret: str) -> ClinicianProfile | None:
    """The clinician whose live feed this secret opens, or None (the caller answers 404, nothing more).
    A clinician who no longer holds the role has no feed."""
    if not secret or len(secret) > 128:
        return None
    feed = CalendarFeed.objects.filter(secret_hash=hash_secret(secret)).select_related("clinician__user").first()
    if feed is None or rules.own_profile(feed.clinician.user) is None:
        return None
    return feed.clinician


def feed_events(clinician: ClinicianProfile, *, now: dt.datetime) -> list[Event]:
    """A month back to six months ahead, with no names and no block titles: the feed leaves for a
    third-party calendar service."""
    return events_between(clinician, now - FEED_BEFORE, now + FEED_AHEAD, titles=True, names=False)


def has_feed(clinician: ClinicianProfile) -> bool:
    return CalendarFeed.objects.filter(clinician=clinician).exists()
