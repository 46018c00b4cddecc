"""Who may see what. Every selector asks this module; nothing else re-implements these rules.

The rules (docs/architecture.md, "The domain in one page"):
- A person always sees what they wrote, in any space, active or ended.
- A partner sees another's entry only while both are active members of the entry's couple, and only
  entries written since the viewer joined: what someone wrote alone before a partner arrived was not
  written for that partner. When a space ends, each keeps their own entries and the other's vanish.
- Within an entry, each answer is private (author only) or shared (partner, subject to reveal).
- Reveal (answer-then-reveal): a shared answer to a daily question shows only once the viewer has
  answered for the same day, or once that day has ended for both people; until then the viewer
  learns only that the partner answered ("answered, waiting for you").
- Anyone who may not see an entry must not learn it exists: selectors drop it, views answer 404.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone

from closeknit.core.time import day_end

if TYPE_CHECKING:
    from closeknit.accounts.models import User


class Access(enum.Enum):
    HIDDEN = "hidden"  # not even existence
    WAITING = "waiting"  # exists, content held back until reveal
    VISIBLE = "visible"


class Relation(enum.Enum):
    SELF = "self"
    PARTNER = "partner"
    NONE = "none"


class Entry(Protocol):
    author_id: int
    couple_id: int
    created_at: dt.datetime


class DailyEntry(Entry, Protocol):
    local_date: dt.date
    timezone: str
    shared: list[str]


def _membership(user: User) -> tuple[int, dt.datetime] | None:
    """(couple id, joined at) of the person's active membership, memoised on the user for the request."""
    cached = getattr(user, "_ck_membership", "unset")
    if cached != "unset":
        return cached  # type: ignore[return-value]  # what _membership memoised
    from closeknit.couples.models import Membership

    row = (
        Membership.objects.filter(user_id=user.pk, left_at__isnull=True, couple__ended_at__isnull=True)
        .values_list("couple_id", "joined_at")
        .first()
    )
    user._ck_membership = row  # type: ignore[attr-defined]  # a per-request memo on the instance
    return row


def active_couple_id(user: User) -> int | None:
    """The couple the person is an active member of."""
    if not user.is_authenticated:
        return None
    membership = _membership(user)
    return membership[0] if membership else None


def forget(user: User) -> None:
    """Call after a membership change so the memo above is not stale."""
    if hasattr(user, "_ck_membership"):
        del user._ck_membership


def can_view_space(user: User, couple_id: int) -> bool:
    return active_couple_id(user) == couple_id


def can_manage_space(user: User, couple_id: int) -> bool:
    """Inviting, revoking and leaving are open to any active member; there is no "owner" partner."""
    return can_view_space(user, couple_id)


def relation(user: User, entry: Entry) -> Relation:
    if not user.is_authenticated:
        return Relation.NONE
    if entry.author_id == user.pk:
        return Relation.SELF
    membership = _membership(user)
    if membership and membership[0] == entry.couple_id and entry.created_at >= membership[1]:
        return Relation.PARTNER
    return Relation.NONE


def can_see_entry(user: User, entry: Entry) -> bool:
    """May the person know this entry exists at all?"""
    return relation(user, entry) is not Relation.NONE


def is_revealed(entry: DailyEntry, *, viewer_answered: bool, viewer_tz: str, now: dt.datetime | None = None) -> bool:
    """A daily entry opens to the partner once they answered the same day, or the day is over for both."""
    if viewer_answered:
        return True
    now = now or timezone.now()
    return now >= max(day_end(entry.local_date, entry.timezone), day_end(entry.local_date, viewer_tz))


def answer_access(
    user: User,
    entry: DailyEntry,
    answer: str,
    *,
    viewer_answered: bool,
    now: dt.datetime | None = None,
) -> Access:
    """What the person may see of one answer in a daily entry."""
    rel = relation(user, entry)
    if rel is Relation.SELF:
        return Access.VISIBLE
    if rel is Relation.NONE or answer not in entry.shared:
        return Access.HIDDEN
    if is_revealed(entry, viewer_answered=viewer_answered, viewer_tz=user.timezone, now=now):
        return Access.VISIBLE
    return Access.WAITING


def can_react(user: User, entry: DailyEntry, *, viewer_answered: bool, now: dt.datetime | None = None) -> bool:
    """A partner may answer what they were shown with a small reaction: never their own entry, never one
    with nothing shared, never before it is revealed to them (a reaction would prove they saw it)."""
    if relation(user, entry) is not Relation.PARTNER or not entry.shared:
        return False
    return is_revealed(entry, viewer_answered=viewer_answered, viewer_tz=user.timezone, now=now)


def can_see_reaction(user: User, *, reactor: User, entry: Entry) -> bool:
    """A reaction is between two people: the one who sent it always sees it; the author it was sent to sees
    it while the sender is still their partner in that space (a partner who left takes it with them).
    Nobody else, a care team included, learns that it exists."""
    if user.pk == reactor.pk:
        return True
    return entry.author_id == user.pk and relation(reactor, entry) is Relation.PARTNER
