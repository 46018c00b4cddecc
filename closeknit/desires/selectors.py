"""Reads for the desires practice, already filtered by access.desires.

What a partner receives is built only from: their own marks and boundaries, whether the other has
finished (a "no" counts as finished as much as a "maybe"), the matches, the other's *shared*
boundaries and the reveal's dates. Nothing here reads the other's unmatched marks into the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from closeknit import access
from closeknit.access import desires as rules
from closeknit.access import practices as practice_rules
from closeknit.accounts.models import User
from closeknit.couples import selectors as couples
from closeknit.desires import matching
from closeknit.desires.content import Item, deck
from closeknit.desires.models import AdultConfirmation, Boundary, DesireAnswer, Reveal
from closeknit.practices.library import Practice, library

# Practices the result points to, gentlest first; each is shown only if the access rules offer it.
HELPS = ("active-listening", "small-touches", "hard-conversation")


@dataclass(frozen=True)
class Match:
    item: Item
    kind: str  # matching.SHARED | matching.MAYBE


@dataclass(frozen=True)
class View:
    adult: bool
    partner_name: str | None
    mine: dict[str, str]
    my_finished: bool
    partner_finished: bool
    revealed: bool
    matches: list[Match] = field(default_factory=list)
    my_boundaries: list[Boundary] = field(default_factory=list)
    partner_boundaries: list[Boundary] = field(default_factory=list)
    opened_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None
    helps: list[Practice] = field(default_factory=list)
    partner_language: str = ""  # for the `lang` of what the partner wrote

    @property
    def shared(self) -> list[Match]:
        return [m for m in self.matches if m.kind == matching.SHARED]

    @property
    def maybe(self) -> list[Match]:
        return [m for m in self.matches if m.kind == matching.MAYBE]


def is_adult(user: User) -> bool:
    return AdultConfirmation.objects.filter(user=user).exists()


def view_for(viewer: User) -> View | None:
    """None when the practice is not offered (the page answers 404, the same for both partners)."""
    if not rules.offered(viewer):
        return None
    couple_id = access.active_couple_id(viewer)
    assert couple_id is not None  # offered() holds only for someone in a space
    partner = couples.partner_of(viewer)
    mine: dict[str, str] = {}
    theirs: dict[str, str] = {}
    for row in DesireAnswer.objects.filter(couple_id=couple_id):
        if row.author_id == viewer.pk:
            mine[row.item] = row.value
        elif rules.counts_for_partner(viewer, row):
            theirs[row.item] = row.value
    reveal = Reveal.objects.filter(couple_id=couple_id).first() if partner else None
    revealed = reveal is not None
    by_id = {i.id: i for i in deck().items}
    found = [Match(by_id[i], k) for i, k in matching.matches(mine, theirs) if i in by_id] if revealed else []
    boundaries = [b for b in Boundary.objects.filter(couple_id=couple_id) if rules.can_see_boundary(viewer, b)]
    helps = [p for p in (library().get(s) for s in HELPS) if p is not None and practice_rules.may_offer(viewer, p)]
    return View(
        adult=is_adult(viewer),
        partner_name=partner.name if partner else None,
        mine=mine,
        my_finished=matching.finished(mine),
        partner_finished=bool(partner) and matching.finished(theirs),
        revealed=revealed,
        matches=found,
        my_boundaries=[b for b in boundaries if b.author_id == viewer.pk],
        partner_boundaries=[b for b in boundaries if b.author_id != viewer.pk],
        opened_at=reveal.opened_at if reveal else None,
        changed_at=reveal.changed_at if reveal else None,
        helps=helps,
        partner_language=partner.language if partner else "",
    )


def last_change(viewer: User) -> dt.datetime | None:
    """When the couple's shared list last changed, for the history page; None when not offered."""
    if not rules.offered(viewer) or not couples.partner_ids(viewer):
        return None
    couple_id = access.active_couple_id(viewer)
    assert couple_id is not None  # offered() holds only for someone in a space
    return Reveal.objects.filter(couple_id=couple_id).values_list("changed_at", flat=True).first()


def export_for(user: User) -> dict[str, Any]:
    """The person's own marks and boundaries, in every space; never the partner's, never the matches."""
    d = deck()
    texts = {i.id: i.text for i in d.items}
    confirmed = AdultConfirmation.objects.filter(user=user).values_list("confirmed_at", flat=True).first()
    return {
        "adult_confirmed": confirmed.isoformat() if confirmed else None,
        "answers": [
            {
                "item": r.item,
                "text": texts.get(r.item, r.item),
                "answer": r.value,
                "answer_label": d.answers.get(r.value, r.value),
                "changed": r.updated_at.isoformat(),
            }
            for r in DesireAnswer.objects.filter(author=user).order_by("couple_id", "item")
        ],
        "boundaries": [
            {"text": b.text, "shared_with_partner": b.shared, "written": b.created_at.isoformat()}
            for b in Boundary.objects.filter(author=user).order_by("created_at", "pk")
        ],
    }
