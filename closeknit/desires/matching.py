"""The one rule for what two lists reveal. Pure apart from the read in `lists_for`.

Revealed: both "yes" (a shared wish) and one "yes" with one "maybe" ("maybe, together"). Nothing else:
not "maybe" with "maybe" (docs/decisions.md), never anything with a "no". Matches come back in the
deck's fixed order, so neither what was left out nor when anything was answered can be read off them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from closeknit.desires.content import deck
from closeknit.desires.models import DesireAnswer

SHARED, MAYBE = "shared", "maybe"


def kind(a: str | None, b: str | None) -> str | None:
    pair = {a, b}
    if pair == {"yes"}:
        return SHARED
    if pair == {"yes", "maybe"}:
        return MAYBE
    return None


def matches(a: Mapping[str, str], b: Mapping[str, str]) -> list[list[str]]:
    out = []
    for item in deck().items:
        k = kind(a.get(item.id), b.get(item.id))
        if k is not None:
            out.append([item.id, k])
    return out


def finished(answers: Mapping[str, str]) -> bool:
    return all(i.id in answers for i in deck().items)


def lists_for(couple_id: int, member_ids: Sequence[int]) -> list[dict[str, str]]:
    """Each member's marks in this space, in the order of `member_ids`."""
    by_author: dict[int, dict[str, str]] = {pk: {} for pk in member_ids}
    for row in DesireAnswer.objects.filter(couple_id=couple_id, author_id__in=member_ids):
        by_author[row.author_id][row.item] = row.value
    return [by_author[pk] for pk in member_ids]
