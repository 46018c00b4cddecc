"""Scoring: answers in, scores out. Pure functions over a validated Instrument; no database.

Answers are checked before anything is scored, so a bad answer set is refused whole (nothing partial is
kept). Reverse-keyed items are flipped with min + max - value, which keeps every score on one direction
per scale. A skipped item is allowed up to each score's `max_missing`; the score is then prorated
(the average of the answered items stands in for the skipped ones), beyond it there is no score.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from closeknit.assessments.schema import Band, Direction, Instrument, Item, Method, Score
from closeknit.core.errors import ServiceError

Answer = int | float | Decimal | None
_EPS = 1e-9  # floating error allowed at band edges


class AnswerError(ServiceError):
    """Answers a person cannot submit as they are. `errors` maps item id -> message; `field` is the first item."""

    def __init__(self, errors: dict[str, str]):
        first_id, first = next(iter(errors.items()))
        more = len(errors) - 1
        message = (
            first
            if not more
            else ngettext(
                "%(first)s (%(more)d more answer needs a look.)", "%(first)s (%(more)d more answers need a look.)", more
            )
            % {"first": first, "more": more}
        )
        super().__init__(message, code="bad_answer", field=first_id)
        self.errors = errors


@dataclass(frozen=True)
class ScoreResult:
    key: str
    title: str
    value: float | None  # None: too many items skipped to score fairly
    answered: int
    n_items: int
    minimum: float
    maximum: float
    direction: Direction
    band: Band | None

    @property
    def missing(self) -> int:
        return self.n_items - self.answered

    @property
    def prorated(self) -> bool:
        return self.value is not None and self.missing > 0


@dataclass(frozen=True)
class Scored:
    """One administration, scored. `keyed` holds each item's value after reverse keying (None if skipped)."""

    instrument: str
    version: str
    total: ScoreResult | None
    subscales: Mapping[str, ScoreResult]
    keyed: Mapping[str, float | None]

    @property
    def results(self) -> tuple[ScoreResult, ...]:
        return ((self.total,) if self.total else ()) + tuple(self.subscales.values())

    def get(self, key: str) -> ScoreResult:
        if self.total and key == self.total.key:
            return self.total
        return self.subscales[key]


def reverse_value(value: float, minimum: float, maximum: float) -> float:
    """Flip a value on its scale: the lowest answer becomes the highest. Applying it twice gives the value back."""
    return minimum + maximum - value


def keyed_value(item: Item, value: float) -> float:
    return reverse_value(value, item.scale.minimum, item.scale.maximum) if item.reverse else value


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def check_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, float | None]:
    """Every item of the instrument -> its raw answer as a float (None if skipped); AnswerError if any is bad."""
    errors: dict[str, str] = {}
    for key in answers:
        if key not in instrument.items_by_id:
            errors[str(key)] = _("'%(key)s' is not a question in %(title)s.") % {"key": key, "title": instrument.title}
    out: dict[str, float | None] = {}
    for item in instrument.items:
        raw = answers.get(item.id)
        out[item.id] = None
        if raw is None:
            continue
        where = _("Question %(number)s (“%(text)s”)") % {"number": item.number, "text": _short(item.text)}
        if isinstance(raw, bool) or not isinstance(raw, numbers.Real | Decimal):
            errors[item.id] = _("%(where)s: the answer should be a number.") % {"where": where}
            continue
        try:
            value = float(raw)
        except (ValueError, OverflowError):  # Decimal("sNaN"), 10**400
            value = math.nan
        if not math.isfinite(value) or not item.scale.allows(value):
            errors[item.id] = _("%(where)s: %(raw)s is not an answer here; choose %(allowed)s.") % {
                "where": where,
                "raw": _short(str(raw), 16),
                "allowed": item.scale.describe(),
            }
            continue
        out[item.id] = value
    if not errors and all(v is None for v in out.values()):
        errors[instrument.items[0].id] = _("Please answer at least one question of %(title)s.") % {
            "title": instrument.title
        }
    if errors:
        raise AnswerError(errors)
    return out


def combine(values: Sequence[float | None], *, method: Method, max_missing: int) -> float | None:
    """Sum or mean of already keyed values. A sum with skipped items is prorated to the full number of items."""
    answered = [v for v in values if v is not None]
    if not answered or len(values) - len(answered) > max_missing:
        return None
    mean = math.fsum(answered) / len(answered)
    if method is Method.MEAN:
        return mean
    if len(answered) == len(values):
        return math.fsum(answered)
    return mean * len(values)


def band_for(value: float | None, bands: Sequence[Band]) -> Band | None:
    """The band a score falls in: the last one whose start it reaches."""
    if value is None:
        return None
    found = None
    for band in bands:
        if value + _EPS >= band.start:
            found = band
    return found


def score_one(score: Score, keyed: Mapping[str, float | None]) -> ScoreResult:
    values = [keyed.get(i) for i in score.item_ids]
    value = combine(values, method=score.method, max_missing=score.max_missing)
    if value is not None and abs(value - min(max(value, score.minimum), score.maximum)) < _EPS:
        value = min(max(value, score.minimum), score.maximum)  # float drift past an end, e.g. 4.000000000000001
    return ScoreResult(
        key=score.key, title=score.title, value=value, answered=sum(v is not None for v in values),
        n_items=len(values), minimum=score.minimum, maximum=score.maximum, direction=score.direction,
        band=band_for(value, score.bands),
    )  # fmt: skip


def score(instrument: Instrument, answers: Mapping[str, Answer]) -> Scored:
    """Check and score one administration: the total (if the instrument has one) and every subscale."""
    raw = check_answers(instrument, answers)
    keyed = {
        item.id: (None if raw[item.id] is None else keyed_value(item, raw[item.id]))  # type: ignore[arg-type]  # None checked in the same expression
        for item in instrument.items
    }
    return Scored(
        instrument=instrument.slug,
        version=instrument.version,
        total=score_one(instrument.total, keyed) if instrument.total else None,
        subscales=MappingProxyType({s.key: score_one(s, keyed) for s in instrument.subscales}),
        keyed=MappingProxyType(keyed),
    )
