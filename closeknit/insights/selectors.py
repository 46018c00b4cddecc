"""Reads of emotion trends, already filtered by who may see what (access).

What counts (docs/decisions.md, "Emotion trends count only shared words"): only the words of a
check-in (appreciation, need, note) or a practice reflection that its author shared with their
partner, in the couple's current space. Whose (docs/decisions.md, "A partner's words are theirs"):
a trend is an estimate about its author's words, so it is shown to that author only, and, with
their consent, to their clinician (trend_shared_by). A partner never sees a model's reading of
the other's words: they see the feelings the author chose, on the check-in itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from closeknit import access
from closeknit.accounts.models import User
from closeknit.checkins.models import CheckIn
from closeknit.core.time import local_today
from closeknit.insights import services
from closeknit.insights.summary import (
    MIX_WEEKS,
    PersonTrend,
    Point,
    Ratio,
    emotion_mix,
    mix_in_words,
    ratio_of,
    weekly_valence,
    weeks_ending,
)
from closeknit.practices.models import PracticeLog

TEXT_ANSWERS = ("appreciation", "need", "note")
WEEKS = 12


@dataclass
class Trend:
    weeks: list[dt.date]
    people: list[PersonTrend] = field(default_factory=list)  # the viewer first
    ratio: Ratio | None = None
    moments: int = 0  # counted entries in the whole window
    by_kind: dict[str, int] = field(default_factory=dict)  # counted entries per kind of entry

    @property
    def empty(self) -> bool:
        return self.moments == 0


def shared_words(checkin: CheckIn) -> str:
    """The words of a check-in its author shared with their partner; private answers never."""
    return "\n".join(v for a in TEXT_ANSWERS if checkin.is_shared(a) and (v := (getattr(checkin, a) or "").strip()))


def source_of(checkin: CheckIn, text: str) -> services.Source:
    return services.Source(
        kind="checkin",
        object_id=checkin.pk,
        author_id=checkin.author_id,
        couple_id=checkin.couple_id,
        local_date=checkin.local_date,
        shared=True,
        text=text,
    )


def reflection_source(log: PracticeLog) -> services.Source:
    """A practice reflection counts only while its author shares it with their partner."""
    return services.Source(
        kind="reflection",
        object_id=log.pk,
        author_id=log.author_id,
        couple_id=log.couple_id,
        local_date=log.local_date,
        shared=True,
        text=(log.reflection or "").strip() if log.shared else "",
    )


def points_for(checkins: list[CheckIn], reflections: list[PracticeLog] | None = None) -> list[Point]:
    """Stored tones of these entries' shared words (computing what is missing or stale)."""
    sources = [source_of(c, shared_words(c)) for c in checkins] + [reflection_source(r) for r in reflections or ()]
    tones = services.tones_for(sources=sources)
    return [
        Point(t.author_id, t.local_date, t.label, t.valence, t.emotions, t.kind)
        for s in sources
        if (t := tones.get((s.kind, s.object_id))) is not None
    ]


def summarize(points: list[Point], people: list[tuple[int, str]], today: dt.date, weeks: int = WEEKS) -> Trend:
    week_list = weeks_ending(today, weeks)
    mix_since = week_list[-MIX_WEEKS]
    trend = Trend(weeks=week_list, moments=len(points))
    for p in points:
        trend.by_kind[p.kind] = trend.by_kind.get(p.kind, 0) + 1
    recent_all = []
    for author_id, name in people:
        mine = [p for p in points if p.author_id == author_id]
        recent = [p for p in mine if p.local_date >= mix_since]
        recent_all += recent
        mix = emotion_mix(recent)
        trend.people.append(
            PersonTrend(
                author_id=author_id,
                name=name,
                weekly=weekly_valence(mine, week_list),
                recent=len(recent),
                mix=mix,
                mix_words=mix_in_words(mix),
            )
        )
    trend.ratio = ratio_of(recent_all)
    return trend


def trend_for(viewer: User, *, weeks: int = WEEKS, now: dt.datetime | None = None) -> Trend:
    """The viewer's own estimated trend: the mood of the words *they* shared, and nothing about
    their partner's words. A model's guess about someone's words is an estimate about that person;
    the partner reads the feelings the author chose (on the check-in itself), never the guess
    (docs/decisions.md, "A partner's words are theirs")."""
    now = now or timezone.now()
    today = local_today(viewer.timezone, now)
    people = [(viewer.pk, "You")]
    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return summarize([], people, today, weeks)
    since = weeks_ending(today, weeks)[0]
    rows = list(CheckIn.objects.filter(couple_id=couple_id, author=viewer, local_date__gte=since))
    # Every own reflection passes, so one made private loses its stored tone on the next read.
    logs = list(PracticeLog.objects.filter(couple_id=couple_id, author=viewer, local_date__gte=since))
    return summarize(points_for(rows, logs), people, today, weeks)


def trend_shared_by(
    subject: User,
    *,
    couple_id: int,
    checkins: bool = True,
    reflections: bool = False,
    weeks: int = WEEKS,
    now: dt.datetime | None = None,
) -> Trend:
    """One partner's trend from what they shared with their partner in this space: their check-ins
    and/or their practice reflections. No access check here: the clinic selector asks
    access.clinic.can_read per category and logs the read around this call."""
    now = now or timezone.now()
    today = local_today(subject.timezone, now)
    since = weeks_ending(today, weeks)[0]
    rows = list(CheckIn.objects.filter(author=subject, couple_id=couple_id, local_date__gte=since)) if checkins else []
    logs = (
        list(PracticeLog.objects.filter(author=subject, couple_id=couple_id, local_date__gte=since))
        if reflections
        else []
    )
    return summarize(points_for(rows, logs), [(subject.pk, subject.name)], today, weeks)
