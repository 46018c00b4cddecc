"""Reads of check-ins, shaped for one viewer: each answer is visible, waiting, or absent (access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from closeknit import access
from closeknit.access import Access
from closeknit.accounts.models import User
from closeknit.checkins import streaks
from closeknit.checkins.models import ANSWERS, CheckIn, Reaction
from closeknit.core.time import local_today
from closeknit.couples import selectors as couples


@dataclass(frozen=True)
class CheckInView:
    """One check-in as one viewer may see it. `answers` holds only what is visible to them."""

    id: int
    author_id: int
    author_name: str
    local_date: dt.date
    is_mine: bool
    answers: dict[str, Any] = field(default_factory=dict)
    waiting: bool = False  # shared answers exist but are held back until the viewer answers
    shared: tuple[str, ...] = ()
    editable: bool = False
    support: tuple[dict[str, str], ...] = ()  # the safety net's findings: the author's eyes only
    can_react: bool = False  # the viewer is the partner and sees it revealed
    my_reaction: str = ""  # what the viewer sent (a partner's check-in)
    reaction_received: str = ""  # what the partner sent back (the viewer's own check-in)
    reaction_from: str = ""
    author_language: str = "en"  # the `lang` of the words as written: shown as written, never translated

    def get(self, name: str, default: Any = None) -> Any:
        return self.answers.get(name, default)


def view_of(
    viewer: User, checkin: CheckIn, *, viewer_answered: bool, now: dt.datetime | None = None, reactions: bool = True
) -> CheckInView | None:
    """None when the viewer may not know the check-in exists. `reactions=False` leaves the reaction
    fields empty and reads none, for answers that do not show them (the API's answer to a write)."""
    if not access.can_see_entry(viewer, checkin):
        return None
    answers: dict[str, Any] = {}
    waiting = False
    for name in ANSWERS:
        state = access.answer_access(viewer, checkin, name, viewer_answered=viewer_answered, now=now)
        if state is Access.VISIBLE:
            answers[name] = getattr(checkin, name)
        elif state is Access.WAITING:
            waiting = True
    mine = checkin.author_id == viewer.pk
    reacted = _reactions(viewer, checkin, mine=mine, viewer_answered=viewer_answered, now=now) if reactions else {}
    return CheckInView(
        id=checkin.pk,
        author_id=checkin.author_id,
        author_name=checkin.author.name,
        author_language=checkin.author.language or "en",
        local_date=checkin.local_date,
        is_mine=mine,
        answers=answers,
        waiting=waiting and not answers,
        shared=tuple(checkin.shared) if mine else (),
        editable=mine and local_today(checkin.timezone, now) == checkin.local_date,
        support=tuple(checkin.support) if mine else (),
        **reacted,
    )


def _reactions(
    viewer: User, checkin: CheckIn, *, mine: bool, viewer_answered: bool, now: dt.datetime | None
) -> dict[str, Any]:
    """The reaction fields of a view: on one's own check-in what the partner sent (if they may still be
    seen), on the partner's whether one may react and what one sent."""
    if mine:
        if not checkin.shared:
            return {}
        for r in _reactions_on(checkin):
            if r.reactor_id != viewer.pk and access.can_see_reaction(viewer, reactor=r.reactor, entry=checkin):
                return {"reaction_received": r.kind, "reaction_from": r.reactor.name}
        return {}
    if not access.can_react(viewer, checkin, viewer_answered=viewer_answered, now=now):
        return {}
    sent = next((r.kind for r in _reactions_on(checkin) if r.reactor_id == viewer.pk), "")
    return {"can_react": True, "my_reaction": sent}


def _reactions_on(checkin: CheckIn) -> list[Reaction]:
    """Prefetched by lists (history_for), otherwise one query."""
    return list(checkin.reactions.all())


@dataclass(frozen=True)
class Today:
    date: dt.date
    mine: CheckInView | None
    partner: User | None
    partner_answered: bool
    partner_view: CheckInView | None
    streak: int
    both_today: bool


def today_for(viewer: User, now: dt.datetime | None = None) -> Today:
    now = now or timezone.now()
    date = local_today(viewer.timezone, now)
    mine_obj = CheckIn.objects.filter(author=viewer, local_date=date).select_related("author").first()
    mine = view_of(viewer, mine_obj, viewer_answered=True, now=now) if mine_obj else None
    partner = couples.partner_of(viewer)
    partner_view = None
    partner_answered = False
    if partner is not None:
        # The partner's "today" may be another date in another zone; the one that counts is the newest
        # check-in they wrote in this space that is not older than the viewer's day.
        couple_id = access.active_couple_id(viewer)
        assert couple_id is not None  # a partner means a shared space
        p_obj = (
            CheckIn.objects.filter(author=partner, couple_id=couple_id, local_date__gte=date)
            .select_related("author")
            .order_by("local_date")
            .first()
        )
        if p_obj is not None:
            partner_answered = True
            # Answering one's own day opens only the partner's entry for that same date.
            partner_view = view_of(
                viewer, p_obj, viewer_answered=mine is not None and p_obj.local_date == date, now=now
            )
    return Today(
        date=date,
        mine=mine,
        partner=partner,
        partner_answered=partner_answered,
        partner_view=partner_view,
        streak=streak_for(viewer, now=now),
        both_today=mine is not None and partner_answered,
    )


def mine_today(viewer: User, now: dt.datetime | None = None) -> CheckInView | None:
    """The viewer's own check-in for their current local day, if any."""
    checkin = CheckIn.objects.filter(author=viewer, local_date=local_today(viewer.timezone, now)).first()
    if checkin is None:
        return None
    checkin.author = viewer
    return view_of(viewer, checkin, viewer_answered=True, now=now)


def checkin_for(viewer: User, checkin_id: int, now: dt.datetime | None = None) -> CheckInView | None:
    checkin = CheckIn.objects.filter(pk=checkin_id).select_related("author").first()
    if checkin is None:
        return None
    answered = CheckIn.objects.filter(author=viewer, local_date=checkin.local_date).exists()
    return view_of(viewer, checkin, viewer_answered=answered or checkin.author_id == viewer.pk, now=now)


@dataclass(frozen=True)
class Day:
    date: dt.date
    mine: CheckInView | None
    partner: CheckInView | None


def history_for(viewer: User, *, days: int = 90, now: dt.datetime | None = None) -> list[Day]:
    """Newest first: the viewer's own check-ins (any space) and the partner's that the rules allow."""
    now = now or timezone.now()
    today = local_today(viewer.timezone, now)
    since = today - dt.timedelta(days=days - 1)
    mine = {
        c.local_date: c
        for c in CheckIn.objects.filter(author=viewer, local_date__gte=since)
        .select_related("author")
        .prefetch_related("reactions__reactor")
    }
    partner_rows: dict[dt.date, CheckIn] = {}
    couple_id = access.active_couple_id(viewer)
    if couple_id is not None:
        partner_rows = {
            c.local_date: c
            for c in CheckIn.objects.filter(couple_id=couple_id, local_date__gte=since)
            .exclude(author=viewer)
            .select_related("author")
            .prefetch_related("reactions__reactor")
        }
    out = []
    for date in sorted(set(mine) | set(partner_rows), reverse=True):
        m = view_of(viewer, mine[date], viewer_answered=True, now=now) if date in mine else None
        p = None
        if date in partner_rows:
            p = view_of(viewer, partner_rows[date], viewer_answered=date in mine, now=now)
        out.append(Day(date=date, mine=m, partner=p))
    return out


def streak_for(viewer: User, *, now: dt.datetime | None = None) -> int:
    """Days in a row on which both partners checked in, counting back from today (or yesterday,
    while today is still open). Solo, it counts the person's own days, so one partner alone still
    sees their effort. Read from each partner's stored run (checkins.streaks), not their history."""
    now = now or timezone.now()
    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return 0
    members = [viewer.pk, *couples.partner_ids(viewer)]
    return streaks.streak(couple_id=couple_id, member_ids=members, today=local_today(viewer.timezone, now))


def closeness_series(
    viewer: User, *, days: int = 90, now: dt.datetime | None = None, history: list[Day] | None = None
) -> dict[str, Any]:
    """Both partners' closeness by day for the chart, built from what the viewer may see. Pass the
    `history_for` rows when the caller already has them, so the page reads the check-ins once."""
    if history is None:
        history = history_for(viewer, days=days, now=now)
    history = list(reversed(history))
    partner = couples.partner_of(viewer)
    series: dict[str, Any] = {
        "dates": [d.date for d in history],
        "me": viewer.name,
        "partner": partner.name if partner else None,
    }
    for key in ("emotional_closeness", "physical_closeness"):
        series[f"mine_{key}"] = [d.mine.get(key) if d.mine else None for d in history]
        series[f"partner_{key}"] = [d.partner.get(key) if d.partner else None for d in history]
    return series


def weekly_means(series: dict[str, Any]) -> dict[str, Any]:
    """The same series averaged per week (weeks start on Monday), each point dated by its Monday.
    A week where someone has no visible answer stays a gap rather than a zero."""
    weeks: dict[dt.date, list[int]] = {}
    for i, day in enumerate(series["dates"]):
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(i)
    out: dict[str, Any] = {**series, "dates": list(weeks)}
    for key, values in series.items():
        if key.startswith(("mine_", "partner_")):
            means = []
            for idx in weeks.values():
                seen = [values[i] for i in idx if values[i] is not None]
                means.append(round(sum(seen) / len(seen), 1) if seen else None)
            out[key] = means
    return out
