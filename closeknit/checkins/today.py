"""What Today shows: one next step, then at most three cards, none asking for what another already asks.

Apps that want a place on Today register a *provider* (`register`) from their AppConfig.ready(): a
function that returns candidate `Card`s for the person. This module ranks them; it never imports the
apps above it (clinic), so the layers stay as docs/architecture.md states them.

The priority, lowest number first (why each sits where it does):

- SAFETY (0): a private support card after a worrying check-in. Always first, never outranked.
- CHECKIN (10): today's check-in; the daily habit everything else builds on.
- CLINICIAN (20): a check-up the couple's therapist asked for; someone is waiting on it, with a date.
- PARTNER (25): the partner's status today (information, no button of its own).
- INTENSIVE (30): the couple's intensive when it is near or under way (information).
- PLAN (40): this week's steps of the 4-week plan, ticked off here.
- CHECKUPS (50): self-serve check-ups that are due; nobody is waiting on them.
- INVITE (60): the invitation still waiting to be accepted.
- MINE (70): what the person answered today, to look at or change.

The next step is the highest card that still asks for something; the rest follow in order, at most
three. A card whose asks were all already asked by a higher card is left out, unless it also informs
(the intensive card keeps its dates and drops its "please take the check-ups" sentence).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.urls import reverse

from closeknit.accounts.models import User
from closeknit.checkins import selectors
from closeknit.couples import selectors as couples
from closeknit.safety import net

SAFETY, CHECKIN, CLINICIAN, PARTNER, INTENSIVE, PLAN, CHECKUPS, INVITE, MINE = 0, 10, 20, 25, 30, 40, 50, 60, 70
MAX_CARDS = 3


@dataclass(frozen=True)
class Card:
    key: str  # a stable name, also the card's reason in tests: "safety", "checkin", "plan"...
    priority: int
    template: str
    data: Any = None
    asks: frozenset[str] = frozenset()  # what the card asks the person to do ("checkin", "checkup:slug")
    informs: bool = False  # worth showing even when everything it asks for is asked higher up
    # A card listing several things: (ask, thing) pairs; "" asks nothing (a step already done). Things a
    # higher card already asks for are taken out, and the card's asks include the items' asks.
    items: tuple[tuple[str, Any], ...] | None = None
    repeats: frozenset[str] = frozenset()  # filled in by `rank`: asks a higher card already makes

    @property
    def all_asks(self) -> frozenset[str]:
        return self.asks | frozenset(k for k, _ in self.items or () if k)

    @property
    def things(self) -> list[Any]:
        """The items for the template, without their ask keys."""
        return [thing for _, thing in self.items or ()]


@dataclass(frozen=True)
class Context:
    """What every provider may need, read once per page."""

    user: User
    today: selectors.Today
    space: couples.Space | None


Provider = Callable[[Context], list[Card]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Called from an AppConfig.ready(); registering the same function twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


@dataclass(frozen=True)
class TodayPage:
    today: selectors.Today
    space: couples.Space | None
    next_step: Card | None
    cards: tuple[Card, ...]
    first_run: bool = False
    dropped: tuple[str, ...] = field(default=())  # keys left out for room or repetition (for tests)


def rank(candidates: list[Card]) -> tuple[Card | None, tuple[Card, ...], tuple[str, ...]]:
    """Pure: the next step, the cards after it, and the keys left out. Ties keep the providers' order."""
    asked: set[str] = set()
    kept: list[Card] = []
    dropped: list[str] = []
    for card in sorted(candidates, key=lambda c: c.priority):
        if card.items is not None:
            items = tuple((k, t) for k, t in card.items if not k or k not in asked)
            if not items:
                dropped.append(card.key)
                continue
            card = replace(card, items=items)
        wants = card.all_asks
        repeats = wants & asked
        if wants and repeats == wants and not card.informs:
            dropped.append(card.key)
            continue
        asked |= wants
        kept.append(replace(card, repeats=frozenset(repeats)))
    safety = [c for c in kept if c.priority == SAFETY]
    askers = [c for c in kept if c.all_asks - c.repeats]
    next_step = safety[0] if safety else (askers[0] if askers else None)
    rest = [c for c in kept if c is not next_step]
    dropped += [c.key for c in rest[MAX_CARDS:]]
    return next_step, tuple(rest[:MAX_CARDS]), tuple(dropped)


def _own_cards(ctx: Context) -> list[Card]:
    out: list[Card] = []
    mine = ctx.today.mine
    if mine is not None and mine.support:
        support = net.card(
            mine.support,
            country=ctx.user.country,
            dismiss_url=reverse("checkins:not_about_me", args=[mine.id]),
        )
        out.append(Card("safety", SAFETY, "checkins/today/_safety.html", support, frozenset({"safety"})))
    if mine is None:
        out.append(Card("checkin", CHECKIN, "checkins/today/_checkin.html", None, frozenset({"checkin"})))
    else:
        out.append(Card("mine", MINE, "checkins/today/_mine.html", mine))
    if ctx.today.partner is not None:
        out.append(Card("partner", PARTNER, "checkins/_partner_card.html"))
    elif ctx.space is not None and ctx.space.open_invitation is not None:
        out.append(Card("invite", INVITE, "checkins/today/_invite.html", ctx.space.open_invitation))
    return out


def select(user: User) -> TodayPage:
    today = selectors.today_for(user)
    space = couples.space_for(user)
    if space is None and today.mine is None:
        # No space yet and nothing written: the first run asks one thing, invite or go alone.
        return TodayPage(today, None, None, (), first_run=True)
    ctx = Context(user=user, today=today, space=space)
    candidates = _own_cards(ctx)
    for provider in _providers:
        candidates += provider(ctx)
    next_step, cards, dropped = rank(candidates)
    return TodayPage(today, space, next_step, cards, dropped=dropped)
