"""Things both partners answer privately and then see together: closeness questions (three sets
that go gradually deeper) and the emotional map. Writes and reads in one place so the reveal rule
(access.practices.paired_access) is applied to every read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit import access
from closeknit.access import Access
from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.checkins import feelings
from closeknit.core.errors import ServiceError
from closeknit.core.text import storable
from closeknit.couples import selectors as couples
from closeknit.couples import services as couple_services
from closeknit.practices import services
from closeknit.practices.library import Deck, library
from closeknit.practices.models import PairedAnswer
from closeknit.safety import net

QUESTIONS = "questions-for-closeness"
MAP = "emotional-map"
MAX_ANSWER = 2000
MAX_PICKS = 6
REGIONS = ("surface", "underneath")


@dataclass(frozen=True)
class Pair:
    """One item as the viewer may see it."""

    item: str
    mine: Any | None
    partner_state: str  # "none" | "waiting" (they answered; answer to see it) | "visible"
    partner: Any | None
    partner_name: str | None


def deck_of(slug: str) -> Deck:
    """The deck a built-in paired practice (QUESTIONS, MAP) draws on: always there in the shipped content."""
    practice = library().get(slug)
    assert practice is not None and practice.deck is not None  # shipped content, checked when it loads
    return library().decks[practice.deck]


def _deck() -> Deck:
    return deck_of(QUESTIONS)


def _save(*, user: User, slug: str, item: str, value: str, written: str = "") -> PairedAnswer:
    """`written` is the free text in `value`, for the safety net; the saved row carries `.support`."""
    services.practice_or_404(user, slug)
    with transaction.atomic():
        support = net.screen(user=user, texts=[written], where="question" if slug == QUESTIONS else "map")
        row = _write(user=user, slug=slug, item=item, value=value)
        row.support = support  # shown to the author once, not kept (docs/decisions.md)
        return row


def _write(*, user: User, slug: str, item: str, value: str) -> PairedAnswer:
    with transaction.atomic():
        couple_id = couple_services.ensure_space(user=user)
        row = PairedAnswer.objects.filter(author=user, couple_id=couple_id, slug=slug, item=item).first()
        if row is None:
            try:
                with transaction.atomic():
                    return PairedAnswer.objects.create(
                        author=user, couple_id=couple_id, slug=slug, item=item, value=value
                    )
            except IntegrityError:
                row = PairedAnswer.objects.get(author=user, couple_id=couple_id, slug=slug, item=item)
        row.value = value
        row.save(update_fields=["value", "updated_at"])
        return row


def _pair(viewer: User, slug: str, item: str, decode=lambda v: v) -> Pair:
    couple_id = access.active_couple_id(viewer)
    # Outside a space couple_id is None, which Django reads as isnull: no row, an empty pair.
    rows = list(PairedAnswer.objects.filter(couple_id=couple_id, slug=slug, item=item).select_related("author"))  # type: ignore[misc]
    mine = next((r for r in rows if r.author_id == viewer.pk), None)
    theirs = next((r for r in rows if r.author_id != viewer.pk), None)
    state, value, name = "none", None, None
    if theirs is not None:
        seen = rules.paired_access(viewer, theirs, viewer_answered=mine is not None)
        if seen is Access.VISIBLE:
            state, value, name = "visible", decode(theirs.value), theirs.author.name
        elif seen is Access.WAITING:
            state, name = "waiting", theirs.author.name
    return Pair(item, decode(mine.value) if mine else None, state, value, name)


# --- closeness questions ---------------------------------------------------------------------------
def answer_question(*, user: User, item: str, text: Any) -> PairedAnswer:
    if not isinstance(item, str) or _deck().item(item) is None:
        raise ServiceError(_("We don't know that question."), field="item", status=404, code="not_found")
    if not isinstance(text, str):
        raise ServiceError(_("Your answer should be text."), field="text")
    clean = storable(text, field="text", label=pgettext("field label", "the answer"), max_length=MAX_ANSWER)
    if not clean:
        raise ServiceError(_("Write a few words, or answer aloud together and skip writing."), field="text")
    return _save(user=user, slug=QUESTIONS, item=item, value=clean, written=clean)


def question(viewer: User, item: str) -> Pair | None:
    if _deck().item(item) is None:
        return None
    return _pair(viewer, QUESTIONS, item)


def question_states(viewer: User) -> dict[str, str]:
    """item -> "answered" / "waiting" (the partner answered; your turn) for the question list."""
    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return {}
    out: dict[str, str] = {}
    for author_id, item in PairedAnswer.objects.filter(couple_id=couple_id, slug=QUESTIONS).values_list(
        "author_id", "item"
    ):
        if author_id == viewer.pk:
            out[item] = "answered"
        else:
            out.setdefault(item, "waiting")
    return out


# --- emotional map -----------------------------------------------------------------------------------
def _needs() -> dict[str, str]:
    deck = deck_of(MAP)
    return {i.id: i.text for i in deck.items}


def clean_map(data: dict[str, Any]) -> dict[str, Any]:
    known = feelings.by_slug()
    out: dict[str, Any] = {}
    for region in REGIONS:
        picked = data.get(region) or []
        if isinstance(picked, str):
            picked = [picked]
        if not isinstance(picked, list | tuple) or not all(isinstance(p, str) for p in picked):
            raise ServiceError(_("Feelings should be a list of words from the list."), field=region)
        bad = [p for p in picked if p not in known]
        if bad:
            raise ServiceError(_("Please pick feelings from the list."), field=region)
        picked = list(dict.fromkeys(picked))
        if len(picked) > MAX_PICKS:
            raise ServiceError(_("Pick up to %(n)d feelings in each place.") % {"n": MAX_PICKS}, field=region)
        out[region] = picked
    needs = data.get("needs") or []
    if isinstance(needs, str):
        needs = [needs]
    if not isinstance(needs, list | tuple) or not all(isinstance(n, str) for n in needs):
        raise ServiceError(_("Needs should be a list from the list."), field="needs")
    if any(n not in _needs() for n in needs):
        raise ServiceError(_("Please pick needs from the list."), field="needs")
    out["needs"] = list(dict.fromkeys(needs))[:MAX_PICKS]
    if not (out["surface"] or out["underneath"]) or not out["needs"]:
        raise ServiceError(_("Place at least one feeling and one need on your map."), field="needs")
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise ServiceError(_("The note should be text."), field="note")
    out["note"] = storable(note, field="note", label=pgettext("field label", "the note"), max_length=500)
    return out


def current_round(viewer: User) -> int:
    """The first round not yet answered by both partners. Alone, it stays the first round: a map
    placed solo waits (and can be changed) until a partner joins and places theirs."""
    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return 1
    members = {viewer.pk, *couples.partner_ids(viewer)}
    by_round: dict[int, set[int]] = {}
    for author_id, item in PairedAnswer.objects.filter(couple_id=couple_id, slug=MAP).values_list("author_id", "item"):
        by_round.setdefault(int(item.split("-", 1)[1]), set()).add(author_id)
    n = 1
    while len(members) >= 2 and members <= by_round.get(n, set()):
        n += 1
    return n


def place_map(*, user: User, data: dict[str, Any]) -> PairedAnswer:
    clean = clean_map(data)
    return _save(user=user, slug=MAP, item=f"map-{current_round(user)}", value=json.dumps(clean), written=clean["note"])


def _decode_map(value: str) -> dict[str, Any]:
    raw = json.loads(value)
    labels = feelings.by_slug()
    needs = _needs()
    return {
        "surface": [labels[s].label for s in raw["surface"] if s in labels],
        "underneath": [labels[s].label for s in raw["underneath"] if s in labels],
        "needs": [needs[n] for n in raw["needs"] if n in needs],
        "note": raw.get("note", ""),
        "raw": raw,
    }


def map_for(viewer: User, round_no: int | None = None) -> Pair:
    """The viewer's map and the partner's, for a round: the latest revealed one if both are in,
    else the open round (mine placed, theirs waiting)."""
    n = round_no or current_round(viewer)
    return _pair(viewer, MAP, f"map-{n}", _decode_map)


def last_revealed(viewer: User) -> Pair | None:
    n = current_round(viewer) - 1
    if n < 1 or not couples.partner_ids(viewer):
        return None
    pair = map_for(viewer, n)
    return pair if pair.partner_state == "visible" else None


def shared_needs(pair: Pair) -> list[str]:
    if not pair.mine or not pair.partner:
        return []
    return [n for n in pair.mine["needs"] if n in pair.partner["needs"]]
