"""Reads of assessments, shaped for one viewer. Every decision of who sees what is made by
access.assessments; this module only fetches candidates and asks it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Max
from django.utils import timezone

from closeknit.access import Access
from closeknit.access import assessments as rules
from closeknit.accounts.models import User
from closeknit.assessments import definitions
from closeknit.assessments.models import Administration
from closeknit.assessments.schema import Direction, Instrument, Score
from closeknit.assessments.scoring import band_for
from closeknit.assessments.services import offered
from closeknit.core.pages import After, Page, keyset
from closeknit.core.time import local_today, zone
from closeknit.couples import selectors as couples

HISTORY_LIMIT = 26  # points per person on a chart: half a year of pulses, two years of check-ups


@dataclass(frozen=True)
class ScoreView:
    key: str
    title: str
    description: str
    value: float | None
    minimum: float
    maximum: float
    direction: Direction
    band: str | None
    meaning: str | None

    @property
    def percent(self) -> int:
        """Where the value sits on its range, for a bar; "better" always to the right."""
        if self.value is None or self.maximum == self.minimum:
            return 0
        share = (self.value - self.minimum) / (self.maximum - self.minimum)
        return round(100 * share)

    @property
    def shown(self) -> str:
        return "" if self.value is None else f"{self.value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ResultView:
    """One administration as one viewer may see it: scores when visible; item answers for the author,
    and for the partner once the author shares them and the scores are open (`shows_answers`)."""

    id: int
    instrument: Instrument
    author_id: int
    author_name: str
    is_mine: bool
    submitted_at: dt.datetime | None
    state: Access
    scores: tuple[ScoreView, ...] = ()
    answers: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    shows_answers: bool = False  # the viewer may see the item answers (empty `answers` then means none)
    answers_shared: bool = False  # the author shares them; told only to the author or to whom they are shown

    @property
    def shareable(self) -> bool:
        """Could the author share these item answers at all? (Never fear of closeness or the clinic's check.)"""
        return rules.can_share_answers(self.instrument)

    @property
    def answer_rows(self) -> list[tuple[Any, Any, str]]:
        """(item, value, the anchor's words or "") in question order, for pages; empty when not shown."""
        if not self.shows_answers:
            return []
        return [(i, self.answers.get(i.id), anchor_words(i, self.answers.get(i.id))) for i in self.instrument.items]

    @property
    def waiting(self) -> bool:
        return self.state is Access.WAITING

    def score(self, key: str) -> ScoreView | None:
        return next((s for s in self.scores if s.key == key), None)


def anchor_words(item: Any, value: float | None) -> str:
    """The words of the anchor chosen; "" for a skipped item or a point between anchors."""
    if value is None:
        return ""
    return next((a.text for a in item.scale.anchors if a.value == value), "")


def score_view(score: Score, value: float | None) -> ScoreView:
    band = band_for(value, score.bands)
    return ScoreView(
        key=score.key, title=score.title, description=score.description, value=value, minimum=score.minimum,
        maximum=score.maximum, direction=score.direction, band=band.label if band else None,
        meaning=band.meaning if band else None,
    )  # fmt: skip


def _scores(
    instrument: Instrument, stored: dict[str, Any], keys: tuple[str, ...] | None = None
) -> tuple[ScoreView, ...]:
    return tuple(
        score_view(s, stored.get(s.key))
        for s in instrument.scores
        if s.key in stored and (keys is None or s.key in keys)
    )


def submitted_times(viewer: User, slug: str) -> list[dt.datetime]:
    """When the viewer submitted this instrument, oldest first (the reveal rule bisects it); the latest
    few years at most, which is all a bounded page can need."""
    times = list(
        Administration.objects.filter(author=viewer, instrument=slug, status="submitted")
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: HISTORY_LIMIT * 8]
    )
    times.reverse()
    return cast(list[dt.datetime], times)  # submitted rows (the filter) all have submitted_at


def view_of(
    viewer: User,
    adm: Administration | _Row,
    *,
    viewer_times: list[dt.datetime] | None = None,
    keys: tuple[str, ...] | None = None,
    with_answers: bool = True,
) -> ResultView | None:
    """None when the viewer may not know this administration exists. `keys`: only these scores;
    `with_answers=False`: leave item answers out even for the author (a chart needs none)."""
    try:
        instrument = definitions.get(adm.instrument)
    except definitions.UnknownInstrument:
        return None  # a definition removed from content: nothing can be shown honestly
    if viewer_times is None and adm.author_id != viewer.pk:
        viewer_times = submitted_times(viewer, adm.instrument)
    state = rules.score_access(viewer, adm, instrument, viewer_submitted=viewer_times or [])
    if state is Access.HIDDEN:
        return None
    mine = adm.author_id == viewer.pk
    shown = with_answers and rules.can_see_answers(viewer, adm, instrument, viewer_submitted=viewer_times or [])
    return ResultView(
        id=adm.pk, instrument=instrument, author_id=adm.author_id, author_name=adm.author.name, is_mine=mine,
        submitted_at=adm.submitted_at, state=state,
        scores=_scores(instrument, adm.scores, keys) if state is Access.VISIBLE else (),
        answers=dict(adm.answers) if shown else {}, version=adm.version, shows_answers=shown,
        answers_shared=bool(adm.answers_shared) and (mine or shown),
    )  # fmt: skip


def result_for(viewer: User, administration_id: int) -> ResultView | None:
    adm = Administration.objects.select_related("author").filter(pk=administration_id).first()
    if adm is None or not viewer.is_authenticated:
        return None
    if adm.author_id == viewer.pk and not adm.is_submitted:
        return None  # a draft is not a result
    return view_of(viewer, adm)


def draft_for(viewer: User, slug: str) -> Administration | None:
    if not viewer.is_authenticated:
        return None
    return Administration.objects.filter(author=viewer, instrument=slug, status="draft").first()


def my_results(viewer: User, *, slug: str | None = None, limit: int = 50) -> list[ResultView]:
    return results_page(viewer, slug=slug, after=None, limit=limit).items


def results_page(viewer: User, *, slug: str | None = None, after: After | None, limit: int) -> Page[ResultView]:
    """The viewer's own submitted results, newest first, a page at a time (core.pages)."""
    qs = Administration.objects.select_related("author").filter(author=viewer, status="submitted")
    if slug:
        qs = qs.filter(instrument=slug)
    page = keyset(qs, "submitted_at", after=after, limit=limit)
    return Page([v for a in page.items if (v := view_of(viewer, a)) is not None], page.next)


def latest_pair(viewer: User, slug: str) -> tuple[ResultView | None, ResultView | None]:
    """The viewer's latest result and the partner's latest (as the viewer may see it: visible or waiting)."""
    mine_adm = (
        Administration.objects.select_related("author")
        .filter(author=viewer, instrument=slug, status="submitted")
        .order_by("-submitted_at")
        .first()
    )
    mine = view_of(viewer, mine_adm) if mine_adm else None
    partner = couples.partner_of(viewer)
    theirs = None
    if partner is not None:
        adm = (
            Administration.objects.select_related("author")
            .filter(author=partner, instrument=slug, status="submitted")
            .order_by("-submitted_at")
            .first()
        )
        if adm is not None:
            theirs = view_of(viewer, adm, viewer_times=submitted_times(viewer, slug))
    return mine, theirs


@dataclass
class _Row:
    """The columns a chart needs of one administration, without building a model instance."""

    pk: int
    author_id: int
    couple_id: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None  # a nullable column, though set on every submitted row
    scores: dict[str, Any]
    version: str
    instrument: str
    author: User
    status: str = "submitted"
    answers: dict[str, Any] = field(default_factory=dict)
    answers_shared: bool = False  # a chart never carries item answers


def series_for(
    viewer: User,
    author: User,
    slug: str,
    *,
    limit: int = HISTORY_LIMIT,
    viewer_times: list[dt.datetime] | None = None,
    keys: tuple[str, ...] | None = None,
) -> list[ResultView]:
    """Up to `limit` of one person's latest results (oldest first), as the viewer may see them, scores
    only (no item answers). Bounded on purpose: the page costs the same after three years as after one week."""
    rows = [
        _Row(*values, instrument=slug, author=author)
        for values in Administration.objects.filter(author=author, instrument=slug, status="submitted")
        .order_by("-submitted_at")
        .values_list("pk", "author_id", "couple_id", "created_at", "submitted_at", "scores", "version")[:limit]
    ]
    times = (
        None
        if author.pk == viewer.pk
        else (viewer_times if viewer_times is not None else submitted_times(viewer, slug))
    )
    views = [
        v for a in rows if (v := view_of(viewer, a, viewer_times=times, keys=keys, with_answers=False)) is not None
    ]
    return [v for v in reversed(views) if v.state is Access.VISIBLE]


def local_day(instant: dt.datetime, viewer: User) -> dt.date:
    return instant.astimezone(zone(viewer.timezone)).date()


@dataclass(frozen=True)
class Checkup:
    instrument: Instrument
    last: dt.datetime | None
    due_on: dt.date | None  # None: no schedule (taken once, or on a clinician's request)
    draft: bool
    today: dt.date  # in the person's own time zone

    @property
    def due(self) -> bool:
        return self.due_on is not None and self.due_on <= self.today


def checkups_for(viewer: User) -> list[Checkup]:
    """Every instrument a person can take, when they last did, and when the next one is due
    (every 4 weeks by default; weekly for the pulse; never-taken ones are due now)."""
    out = []
    today = local_today(viewer.timezone) if viewer.is_authenticated else timezone.localdate()
    lasts: dict[str, dt.datetime] = {}
    drafts: set[str] = set()
    if viewer.is_authenticated:
        # One row per instrument and status (the newest submission), not one per administration: Today
        # asks this on every visit, and a weekly pulse adds a row a week for as long as someone stays.
        for slug, status, when in (
            Administration.objects.filter(author=viewer)
            .order_by()
            .values("instrument", "status")
            .annotate(newest=Max("submitted_at"))
            .values_list("instrument", "status", "newest")
        ):
            if status == "draft":
                drafts.add(slug)
            elif when is not None:
                lasts[slug] = when
    for instrument in definitions.load_all().values():
        if not offered(instrument):
            continue
        last = lasts.get(instrument.slug)
        due_on = None
        if instrument.cadence is not None and instrument.cadence.value in ("weekly", "every_4_weeks"):
            due_on = local_day(last + rules.round_window(instrument), viewer) if last else today
        elif last is None:
            due_on = today
        out.append(Checkup(instrument, last, due_on, instrument.slug in drafts, today))
    order = {"closeness-check": 0, "distance-drivers": 1, "weekly-pulse": 2, "fear-of-closeness": 3}
    return sorted(out, key=lambda c: (order.get(c.instrument.slug, 9), c.instrument.title))


def due_for(viewer: User) -> list[Checkup]:
    return [c for c in checkups_for(viewer) if c.due]


def alpha_answers(slug: str, *, limit: int = 5000) -> list[dict[str, Any]]:
    """Each person's first answer set of an instrument (repeats from one person are not independent).
    Item answers feed a statistic only; no one's answers leave this function."""
    seen: set[int] = set()
    rows: list[dict[str, Any]] = []
    qs = (
        Administration.objects.filter(instrument=slug, status="submitted")
        .order_by("author_id", "submitted_at")
        .values_list("author_id", "answers")
    )
    for author_id, answers in qs.iterator():
        if author_id in seen:
            continue
        seen.add(author_id)
        rows.append(answers)
        if len(rows) >= limit:
            break
    return rows


def export_for(user: User) -> dict[str, Any]:
    """Everything this person answered (their own administrations, drafts included) and the plans they
    started, in an open shape, for the account export before deletion (accounts.selectors.export_for)."""
    from closeknit.assessments.models import Plan

    return {
        "administrations": [
            {
                "instrument": a.instrument,
                "version": a.version,
                "status": a.status,
                "answers": dict(a.answers),
                "scores": dict(a.scores),
                "answers_shared_with_partner": a.answers_shared,
                "started": a.created_at.isoformat(),
                "submitted": a.submitted_at.isoformat() if a.submitted_at else None,
            }
            for a in Administration.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "plans": [
            {"goals": list(p.goals), "started_on": p.started_on.isoformat(), "ended": bool(p.ended_at)}
            for p in Plan.objects.filter(created_by=user).order_by("created_at")
        ],
    }
