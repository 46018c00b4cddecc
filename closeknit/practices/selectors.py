"""Reads of the practice log, already limited by closeknit.access.practices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from closeknit import access
from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.core.pages import MAX_LIMIT, After, Page, keyset
from closeknit.core.time import days_in_a_row, local_today
from closeknit.couples import selectors as couples
from closeknit.practices.library import DRIVERS, Practice, library
from closeknit.practices.models import Note, PracticeLog


@dataclass(frozen=True)
class LogView:
    id: int
    slug: str
    title: str
    author_id: int
    author_name: str
    is_mine: bool
    local_date: dt.date
    started_at: dt.datetime
    finished_at: dt.datetime | None
    rating: int | None
    felt_heard: int | None
    reflection: str | None  # None: not yours to read
    shared: bool
    author_language: str = ""  # the writer's language, for the `lang` of what they wrote


def _view(viewer: User, log: PracticeLog) -> LogView | None:
    if not rules.can_see(viewer, log):
        return None
    practice = library().get(log.slug)
    mine = log.author_id == viewer.pk
    return LogView(
        id=log.pk,
        slug=log.slug,
        title=practice.title if practice else log.slug,
        author_id=log.author_id,
        author_name=log.author.name,
        author_language=log.author.language,
        is_mine=mine,
        local_date=log.local_date,
        started_at=log.started_at,
        finished_at=log.finished_at,
        rating=log.rating if mine else None,
        felt_heard=log.felt_heard,
        reflection=log.reflection if (mine or log.shared) else None,
        shared=log.shared,
    )


def own_log(viewer: User, log_id: int) -> PracticeLog | None:
    """A run the viewer may drive: only their own."""
    return PracticeLog.objects.filter(pk=log_id, author_id=viewer.pk).first()


def log_for(viewer: User, log_id: int) -> LogView | None:
    log = PracticeLog.objects.filter(pk=log_id).select_related("author").first()
    return _view(viewer, log) if log else None


def log_list(viewer: User, *, days: int = 30, now: dt.datetime | None = None) -> list[LogView]:
    """Finished runs, newest first: the viewer's own (any space) and the partner's shared ones."""
    return log_page(viewer, days=days, now=now, after=None, limit=MAX_LIMIT).items


def log_page(
    viewer: User, *, days: int = 30, now: dt.datetime | None = None, after: After | None, limit: int
) -> Page[LogView]:
    """log_list one page at a time (core.pages), for the API."""
    since = local_today(viewer.timezone, now) - dt.timedelta(days=days)
    q = Q(author_id=viewer.pk)
    couple_id = access.active_couple_id(viewer)
    if couple_id is not None:
        q |= Q(couple_id=couple_id, shared=True)
    rows = PracticeLog.objects.filter(q, finished_at__isnull=False, local_date__gte=since).select_related("author")
    page = keyset(rows, "finished_at", after=after, limit=limit)
    return Page([v for v in (_view(viewer, r) for r in page.items) if v is not None], page.next)


def done_between(user: User, start: dt.date, end: dt.date) -> list[tuple[str, tuple[str, ...], dt.date]]:
    """For the plan (issue 3): the person's own finished practices with local dates in [start, end],
    as (slug, drivers, date), oldest first. Only the author's own runs: a plan is personal."""
    rows = (
        PracticeLog.objects.filter(
            author_id=user.pk, finished_at__isnull=False, local_date__gte=start, local_date__lte=end
        )
        .order_by("local_date", "finished_at")
        .values_list("slug", "local_date")
    )
    lib = library()
    out = []
    for slug, date in rows:
        practice = lib.get(slug)
        out.append((slug, practice.drivers if practice else (), date))
    return out


def _days(author_ids: list[int], since: dt.date) -> dict[int, set[dt.date]]:
    days: dict[int, set[dt.date]] = {a: set() for a in author_ids}
    for author_id, date in PracticeLog.objects.filter(
        author_id__in=author_ids, finished_at__isnull=False, local_date__gte=since
    ).values_list("author_id", "local_date"):
        days[author_id].add(date)
    return days


@dataclass(frozen=True)
class Streaks:
    mine: int
    together: int | None  # days in a row both practised; None when solo


def streaks(viewer: User, *, now: dt.datetime | None = None) -> Streaks:
    """Days in a row with at least one finished practice, counted back from today (or from
    yesterday, while today is still open), for the person and for both partners."""
    today = local_today(viewer.timezone, now)
    partner_ids = couples.partner_ids(viewer)
    days = _days([viewer.pk, *partner_ids], today - dt.timedelta(days=400))
    mine = days_in_a_row(days[viewer.pk], today)
    together = None
    if partner_ids:
        together = days_in_a_row(set.intersection(*(days[a] for a in [viewer.pk, *partner_ids])), today)
    return Streaks(mine=mine, together=together)


@dataclass(frozen=True)
class Week:
    start: dt.date
    end: dt.date
    mine: int
    partner: int | None
    minutes: int
    drivers: tuple[str, ...]  # labels of the drivers the viewer's practices served this week
    appreciations: int


def week_summary(viewer: User, *, now: dt.datetime | None = None) -> Week:
    """The last seven local days. The partner's count includes only runs they finished (not what
    they wrote), so counting is not reading."""
    today = local_today(viewer.timezone, now)
    start = today - dt.timedelta(days=6)
    mine = done_between(viewer, start, today)
    partner_ids = couples.partner_ids(viewer)
    couple_id = access.active_couple_id(viewer)
    partner = None
    if partner_ids and couple_id is not None:
        partner = PracticeLog.objects.filter(
            author_id__in=partner_ids, couple_id=couple_id, finished_at__isnull=False, local_date__gte=start
        ).count()
    lib = library()
    minutes = sum(p.duration_minutes for s, _, _ in mine if (p := lib.get(s)))
    served = sorted({d for _, drivers, _ in mine for d in drivers})
    appreciations = Note.objects.filter(author_id=viewer.pk, kind=Note.GRATITUDE, local_date__gte=start).count()
    return Week(start, today, len(mine), partner, minutes, tuple(gettext(DRIVERS[d]) for d in served), appreciations)


def open_run(viewer: User) -> PracticeLog | None:
    return PracticeLog.objects.filter(author_id=viewer.pk, finished_at__isnull=True).order_by("-started_at").first()


def catalogue(viewer: User) -> list[Practice]:
    """Every practice this person may be offered, shortest first."""
    return sorted(rules.offered(viewer, library().practices.values()), key=lambda p: (p.duration_minutes, p.title))


def mode_for(viewer: User) -> str:
    """How the person can practise right now: alone until a partner shares the space."""
    return "together" if couples.partner_ids(viewer) else "solo"


@dataclass(frozen=True)
class NoteView:
    id: int
    kind: str
    text: str
    author_name: str
    is_mine: bool
    shared: bool
    local_date: dt.date
    happened_on: dt.date | None
    author_language: str = ""  # the writer's language, for the `lang` of what they wrote


def notes(viewer: User, kind: str, *, days: int | None = None, now: dt.datetime | None = None) -> list[NoteView]:
    return notes_page(viewer, kind, days=days, now=now, after=None, limit=MAX_LIMIT).items


def notes_page(
    viewer: User, kind: str, *, days: int | None = None, now: dt.datetime | None = None, after: After | None, limit: int
) -> Page[NoteView]:
    """The viewer's own notes of this kind and the partner's shared ones, newest first, a page at a time."""
    q = Q(author_id=viewer.pk)
    couple_id = access.active_couple_id(viewer)
    if couple_id is not None:
        q |= Q(couple_id=couple_id, shared=True)
    rows = Note.objects.filter(q, kind=kind).select_related("author")
    if days is not None:
        rows = rows.filter(
            local_date__gte=local_today(viewer.timezone, now or timezone.now()) - dt.timedelta(days=days)
        )
    out = []
    page = keyset(rows, "created_at", after=after, limit=limit)
    for n in page.items:
        if rules.can_see(viewer, n):
            out.append(
                NoteView(
                    n.pk,
                    n.kind,
                    n.text,
                    n.author.name,
                    n.author_id == viewer.pk,
                    n.shared,
                    n.local_date,
                    n.happened_on,
                    n.author.language,
                )
            )
    return Page(out, page.next)


# Gestures open a set at a time: most people find closeness easier to rebuild from the smallest touch.
GESTURE_STEPS = (0, 3, 7, 14)  # finished touch practices needed for each set of the gestures deck


def gesture_sets_open(viewer: User) -> int:
    """How many sets of the gestures deck this person has opened by logging gestures."""
    touch = [p.slug for p in library().practices.values() if p.kind == "touch"]
    done = PracticeLog.objects.filter(author_id=viewer.pk, slug__in=touch, finished_at__isnull=False).count()
    return sum(1 for need in GESTURE_STEPS if done >= need)


def export_for(user: User) -> dict[str, Any]:
    """Everything this person wrote in practices, for the account export: their own words only."""
    from closeknit.practices.models import Conversation, Note, PairedAnswer

    return {
        "log": [
            {
                "practice": log.slug,
                "date": log.local_date.isoformat(),
                "finished": log.finished_at.isoformat() if log.finished_at else None,
                "rating": log.rating,
                "felt_heard": log.felt_heard,
                "detail": log.detail,
                "reflection": log.reflection,
                "shared_with_partner": log.shared,
            }
            for log in PracticeLog.objects.filter(author=user).order_by("started_at")
        ],
        "notes": [
            {
                "kind": n.kind,
                "date": n.local_date.isoformat(),
                "happened_on": n.happened_on.isoformat() if n.happened_on else None,
                "text": n.text,
                "shared_with_partner": n.shared,
            }
            for n in Note.objects.filter(author=user).order_by("created_at")
        ],
        "answers": [
            {"practice": a.slug, "item": a.item, "answer": a.value, "written": a.created_at.isoformat()}
            for a in PairedAnswer.objects.filter(author=user).order_by("created_at")
        ],
        "conversation_openers": [
            {"practice": c.slug, "started": c.created_at.isoformat(), "opener": c.opener}
            for c in Conversation.objects.filter(started_by=user).exclude(opener="").order_by("created_at")
        ],
    }
