"""Cronbach's alpha from real answers, so closeknit's own scales earn (or lose) trust in the open.

alpha = k/(k-1) * (1 - sum(item variances) / variance(total)), over respondents who answered every item of
the score (listwise: a prorated score would inflate agreement between items). Items are reverse keyed
first; unkeyed reverse items would drag alpha down for no real reason. Below `min_n` complete answer
sets there is no alpha: a number from a handful of people would be noise presented as a fact.
Give one answer set per person (e.g. each person's first), since repeats from one person are not
independent. Alpha may be negative, which says the items do not hang together; it is reported as is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from closeknit.assessments.schema import Instrument
from closeknit.assessments.scoring import keyed_value

DEFAULT_MIN_N = 30


@dataclass(frozen=True)
class AlphaResult:
    key: str  # "total" or the subscale id
    title: str
    alpha: float | None  # None: fewer than min_n complete answer sets, or answers without any spread
    n: int  # complete answer sets used
    k: int  # items in the score
    min_n: int


def _variance(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def cronbach_alpha(rows: Iterable[Sequence[float | None]], *, min_n: int = DEFAULT_MIN_N) -> float | None:
    """Alpha for a respondents x items matrix of keyed values; rows with a gap are left out."""
    complete: list[Sequence[float]] = []
    k = None
    for row in rows:
        if k is None:
            k = len(row)
        elif len(row) != k:
            raise ValueError(f"every row needs the same number of items ({k}); got one with {len(row)}")
        if all(v is not None for v in row):
            complete.append(row)  # type: ignore[arg-type]  # all() above: no None in it
    if k is None or k < 2 or len(complete) < max(min_n, 2):
        return None
    total_var = _variance([math.fsum(r) for r in complete])
    if total_var == 0:
        return None
    item_var = math.fsum(_variance([r[j] for r in complete]) for j in range(k))
    return k / (k - 1) * (1 - item_var / total_var)


def instrument_alphas(
    instrument: Instrument, answers: Iterable[Mapping[str, float | None]], *, min_n: int = DEFAULT_MIN_N
) -> dict[str, AlphaResult]:
    """Alpha for the total and each subscale, from raw answers (item id -> chosen value, as a person gave them)."""
    keyed_rows = [
        {i.id: (None if a.get(i.id) is None else keyed_value(i, float(a[i.id]))) for i in instrument.items}  # type: ignore[arg-type]  # None checked in the same expression
        for a in answers
    ]
    out: dict[str, AlphaResult] = {}
    for score in instrument.scores:
        rows = [[row[i] for i in score.item_ids] for row in keyed_rows]
        n = sum(all(v is not None for v in r) for r in rows)
        alpha = cronbach_alpha(rows, min_n=min_n)
        out[score.key] = AlphaResult(score.key, score.title, alpha, n, len(score.item_ids), min_n)
    return out
