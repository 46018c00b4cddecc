"""The progress page: each scale over time per partner (bounded, from stored scores), and the
reliable-change verdicts in words a couple reads (`for_couple`, `together_words`): "a real change,
bigger than day-to-day ups and downs". The statistics behind them (change.py's `detail`: the index,
its threshold, the method's name) are for clinicians' pages and reports only.

Cost does not grow with history: each person's series is the latest HISTORY_LIMIT results, the
first result is one indexed row, scores are read as stored (never rescored), and the norms learnt
from use are cached.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.core.cache import cache
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit.access import Access
from closeknit.accounts.models import User
from closeknit.assessments import change, definitions, reliability, selectors
from closeknit.assessments.models import Administration
from closeknit.assessments.schema import Instrument, Norms, ReliabilityKind, Score, Visibility, group_words
from closeknit.core import charts
from closeknit.couples import selectors as couples

TRACKED = ("weekly-pulse", "closeness-check", "distance-drivers", "fear-of-closeness")
NORMS_TTL = 3600


@dataclass(frozen=True)
class Verdict:
    person: str
    is_mine: bool
    score: str
    first: float
    latest: float
    first_on: dt.date
    latest_on: dt.date
    change: change.Change
    words: str = ""  # for the couple: plain words, no statistics
    scale_words: str = ""  # for the couple: how big a change must be on this scale, in points


@dataclass(frozen=True)
class Track:
    instrument: Instrument
    score: Score  # the scale shown on the chart
    chart: str | None  # inline SVG, or None before there are two points
    points: int
    verdicts: tuple[Verdict, ...]
    couple_words: str | None
    private: bool

    @property
    def known(self) -> bool:
        """Some verdict says more than "can't tell yet"."""
        return any(v.change.category is not change.ChangeClass.UNKNOWN for v in self.verdicts)


def usage_norms(instrument: Instrument) -> dict[str, Norms]:
    """Reference SD and Cronbach's alpha learnt from real use (each person's first result), once
    enough people answered. Our own scales have no published norms; this is how they earn them."""
    key = f"ck:assess:norms:{instrument.slug}:{instrument.version}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    answers = selectors.alpha_answers(instrument.slug)
    alphas = reliability.instrument_alphas(instrument, answers)
    firsts: dict[int, dict] = {}
    for author_id, scores in (
        Administration.objects.filter(instrument=instrument.slug, status="submitted")
        .order_by("author_id", "submitted_at").values_list("author_id", "scores").iterator()
    ):  # fmt: skip
        firsts.setdefault(author_id, scores)
    out: dict[str, Norms] = {}
    for score in instrument.scores:
        alpha = alphas[score.key].alpha
        values = [s[score.key] for s in firsts.values() if s.get(score.key) is not None]
        if alpha is None or not 0 <= alpha < 1 or len(values) < reliability.DEFAULT_MIN_N:
            continue
        mean = math.fsum(values) / len(values)
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))
        if sd > 0:
            out[score.key] = Norms(source="learnt from closeknit use", reference_sd=sd, reliability=alpha,
                                   reliability_kind=ReliabilityKind.ALPHA)  # fmt: skip
    cache.set(key, out, NORMS_TTL)
    return out


def chart(*, title: str, score: Score, series: list[tuple[str, list[selectors.ResultView]]]) -> str | None:
    """A line per person of one score over time; None when nobody has two points yet."""
    if not any(len(rows) >= 2 for _, rows in series):
        return None
    dates = sorted({v.submitted_at.date() for _, rows in series for v in rows})  # type: ignore[union-attr]  # a series holds submitted results only, each with its time
    lines = []
    for name, rows in series:
        by_date = {v.submitted_at.date(): (v.score(score.key).value if v.score(score.key) else None) for v in rows}  # type: ignore[union-attr]  # a series holds submitted results only, each with its time; score() checked in the same line
        lines.append((name, tuple(by_date.get(d) for d in dates)))
    labels = tuple(formats.date_format(d, pgettext("short date", "M j")) for d in dates)
    return render(title, score.minimum, score.maximum, labels, tuple(lines))


@lru_cache(maxsize=512)
def render(title: str, lo: float, hi: float, labels: tuple[str, ...], lines: tuple) -> str:
    """Drawing is most of a chart's cost, and the same points draw the same picture: memoised on the
    points themselves (only what the viewer may see is ever passed in), per process."""
    plot = pygal.Line(
        style=charts.style(), width=charts.WIDTH, height=charts.HEIGHT, range=(lo, hi), show_legend=False,
        show_dots=True, dots_size=3, stroke_style={"width": 2.5}, allow_interruptions=False, x_label_rotation=0,
        show_minor_x_labels=False, truncate_label=-1, js=[], disable_xml_declaration=True, explicit_size=False,
        margin=8, title=None,
    )  # fmt: skip
    plot.x_labels = list(labels)
    plot.x_labels_major = list(labels[:: max(1, len(labels) // 5)])
    for name, values in lines:
        plot.add(name, list(values))
    return charts.finish(plot, title)


def for_couple(ch: change.Change, score: Score) -> str:
    """One person's change in plain words. Direction is the scale's own: "better" on a distance
    driver means it went down."""
    cat = change.ChangeClass
    still_low = ch.cutoff is not None and not change.in_functional_range(ch.post, ch.cutoff.value, ch.direction)
    if ch.category is cat.RECOVERED:
        return _(
            "Better: a real change, bigger than day-to-day ups and downs. It is now in the range typical of %(group)s."
        ) % {"group": group_words(score.functional_group, functional=True)}
    if ch.category is cat.IMPROVED:
        if still_low:
            return _(
                "Better: a real change, bigger than day-to-day ups and downs. It is still in the range typical of "
                "%(group)s."
            ) % {"group": group_words(score.dysfunctional_group, functional=False)}
        return _("Better: a real change, bigger than day-to-day ups and downs.")
    if ch.category is cat.DETERIORATED:
        crossed = ch.crossed_into_dysfunctional
        if crossed:
            return _(
                "Harder than before: a real change, bigger than day-to-day ups and downs. It is now in the range "
                "typical of %(group)s. It may help to talk about it."
            ) % {"group": group_words(score.dysfunctional_group, functional=False)}
        return _(
            "Harder than before: a real change, bigger than day-to-day ups and downs. It may help to talk about it."
        )
    if ch.category is cat.UNCHANGED:
        return _("About the same: the difference is within day-to-day ups and downs.")
    return _(
        "We can't tell yet whether this is more than day-to-day ups and downs: we are still learning "
        "how steady this new scale is."
    )


def scale_words(ch: change.Change) -> str:
    """How many points make a real change on this scale, so the words rest on something a person can check."""
    if ch.sd is None or ch.reliability is None:
        return ""
    points = change.minimum_reliable_change(sd=ch.sd, reliability=ch.reliability)
    return _("On this scale, a change of more than %(points)s points is bigger than day-to-day ups and downs.") % {
        "points": formats.number_format(round(points, 1), 1)  # Django cuts the digits; round first
    }


def together_words(mine: change.Change | None, theirs: change.Change | None) -> str:
    """Both partners' changes in one plain sentence (change.couple_pattern counts them)."""
    both = change.couple_pattern([mine, theirs])
    known = [c for c in (mine, theirs) if c is not None and c.category is not change.ChangeClass.UNKNOWN]
    if not known:
        return both.words
    if len(known) == 1:
        return _("Only one of you has two results to compare so far; the words above say how that one changed.")
    if both.improved >= 2:
        return _("You both changed for the better, each by more than day-to-day ups and downs.")
    if both.improved == 1 and both.worse:
        return _(
            "One of you changed for the better and the other had a harder stretch, both by more than "
            "day-to-day ups and downs. That is worth talking through together, perhaps with a therapist."
        )
    if both.improved == 1:
        return _(
            "One of you changed for the better, by more than day-to-day ups and downs; for the other, "
            "things are about the same."
        )
    if both.worse >= 2:
        return _(
            "Things got harder for you both, by more than day-to-day ups and downs. This may be a good "
            "time to reach out for support."
        )
    if both.worse == 1:
        return _(
            "Things got harder for one of you, by more than day-to-day ups and downs; for the other, "
            "things are about the same."
        )
    return _("For both of you, things are about the same: the changes are within day-to-day ups and downs.")


def _first(viewer: User, author: User, slug: str, viewer_times: list[dt.datetime]) -> selectors.ResultView | None:
    adm = (
        Administration.objects.select_related("author")
        .filter(author=author, instrument=slug, status="submitted")
        .order_by("submitted_at")
        .first()
    )
    view = selectors.view_of(viewer, adm, viewer_times=viewer_times) if adm else None
    return view if view and view.state is Access.VISIBLE else None


def verdicts(
    viewer: User,
    instrument: Instrument,
    people: list[User],
    scores: tuple[Score, ...],
    *,
    latest: dict[int, selectors.ResultView] | None = None,
    viewer_times: list[dt.datetime] | None = None,
) -> list[Verdict]:
    """First vs latest result of each person, per score. `latest` (person pk -> latest visible result)
    saves a query when the caller already has it."""
    if viewer_times is None:
        viewer_times = selectors.submitted_times(viewer, instrument.slug)
    out = []
    norms: dict[str, Norms] | None = None
    for person in people:
        last = (latest or {}).get(person.pk)
        if latest is None:
            rows = selectors.series_for(viewer, person, instrument.slug, limit=1, viewer_times=viewer_times)
            last = rows[-1] if rows else None
        if last is None:
            continue
        first = _first(viewer, person, instrument.slug, viewer_times)
        if first is None or first.id == last.id:
            continue
        for score in scores:
            a, b = first.score(score.key), last.score(score.key)
            if a is None or b is None or a.value is None or b.value is None:
                continue
            if score.norms is None and norms is None:
                norms = usage_norms(instrument)
            ch = change.change_for_score(score, a.value, b.value, norms=score.norms or (norms or {}).get(score.key))
            out.append(Verdict(person.name, person.pk == viewer.pk, score.title, a.value, b.value,
                               first.submitted_at.date(), last.submitted_at.date(), ch,  # type: ignore[union-attr]  # a series holds submitted results only, each with its time
                               for_couple(ch, score), scale_words(ch)))  # fmt: skip
    return out


def track(viewer: User, slug: str, scale: str | None = None, *, partner: User | None = None) -> Track | None:
    try:
        instrument = definitions.get(slug)
    except definitions.UnknownInstrument:
        return None
    score = next((s for s in instrument.scores if s.key == scale), instrument.scores[0])
    private = instrument.results_visibility is Visibility.PRIVATE
    people = [viewer] + ([partner] if partner and not private else [])
    times = selectors.submitted_times(viewer, slug)
    series = [
        (
            _("You") if p.pk == viewer.pk else p.name,
            selectors.series_for(viewer, p, slug, viewer_times=times, keys=(score.key,)),
        )
        for p in people
    ]
    points = sum(len(rows) for _, rows in series)
    if points == 0:
        return None
    latest = {p.pk: rows[-1] for p, (_, rows) in zip(people, series, strict=True) if rows}
    found = verdicts(viewer, instrument, people, (score,), latest=latest, viewer_times=times)
    couple_words = None
    if len(people) == 2 and found:
        mine = next((v.change for v in found if v.is_mine), None)
        theirs = next((v.change for v in found if not v.is_mine), None)
        couple_words = together_words(mine, theirs)
    title = f"{instrument.title}: {score.title} over time"
    return Track(
        instrument, score, chart(title=title, score=score, series=series), points, tuple(found), couple_words, private
    )


def progress_for(viewer: User, scales: dict[str, str] | None = None) -> list[Track]:
    scales = scales or {}
    partner = couples.partner_of(viewer)
    return [t for slug in TRACKED if (t := track(viewer, slug, scales.get(slug), partner=partner)) is not None]


def reliably_worse(viewer: User) -> tuple[str, ...]:
    """Titles of partner-visible scores on which the viewer (or the partner, as visible) got reliably worse."""
    partner = couples.partner_of(viewer)
    people = [viewer] + ([partner] if partner else [])
    out = []
    for slug in ("closeness-check", "weekly-pulse"):
        instrument = definitions.get(slug)
        scores = (instrument.total,) if instrument.total else instrument.subscales
        for v in verdicts(viewer, instrument, people, scores):
            if v.change.worse:
                out.append(f"{v.score} ({'you' if v.is_mine else v.person})")
    return tuple(out)
