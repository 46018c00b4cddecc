"""Keyset pages for long lists (newest first): a page ends where the next begins, by (sort value, id).

Why keyset and not offsets: the lists (practice log, appreciations, results, access log) grow at the
top while a person pages down; an offset would then repeat or skip items, a position "after this
(time, id)" never does, and costs one indexed range read however deep the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MAX_LIMIT = 200


@dataclass(frozen=True)
class After:
    """Where a page starts: just past this (sort value, id)."""

    at: dt.datetime
    id: int


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: After | None  # None on the last page


def keyset(qs: QuerySet[M], field: str, *, after: After | None, limit: int) -> Page[M]:
    """Up to `limit` rows of `qs`, newest first by (field, pk), that come after `after`. A selector
    may drop some of them (the viewer may not see them): `next` still follows the last row read."""
    limit = max(1, min(limit, MAX_LIMIT))
    qs = qs.order_by(f"-{field}", "-pk")
    if after is not None:
        qs = qs.filter(Q(**{f"{field}__lt": after.at}) | Q(**{field: after.at, "pk__lt": after.id}))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last: Any = rows[-1] if rows else None
    return Page(rows, After(getattr(last, field), last.pk) if more and last is not None else None)
