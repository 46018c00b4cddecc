"""Who may see what of the practices app, and which practices a couple may be offered.

Built on the shared rules in closeknit.access: a person always sees their own entries; a
partner sees an entry only while both share the entry's space, only entries written since they
joined, and only what the author chose to share. Anyone else must not learn an entry exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from closeknit.access import Access, Relation, active_couple_id, relation

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.practices.library import Practice


class SharedEntry(Protocol):
    author_id: int
    couple_id: int
    shared: bool


def can_see(user: User, entry: SharedEntry) -> bool:
    """May the person know the entry exists (and read it)? A private entry is its author's alone."""
    rel = relation(user, entry)  # type: ignore[arg-type]  # entries share the fields relation reads
    if rel is Relation.SELF:
        return True
    return rel is Relation.PARTNER and bool(entry.shared)


def conflict_work_allowed(couple_id: int | None) -> bool:
    """False when either partner's private violence/coercion screen is positive: then joint hard
    conversations and conflict exercises are never offered to the couple (docs/architecture.md, Safety).
    Every offer of a practice goes through here."""
    from closeknit.safety import selectors as safety

    return not safety.couple_screen_positive(couple_id)


def screen_positive(couple_id: int | None) -> bool:
    return not conflict_work_allowed(couple_id)


def may_offer(user: User, practice: Practice) -> bool:
    """May this practice be shown or started by this person?"""
    if not practice.conflict:
        return True
    return conflict_work_allowed(active_couple_id(user))


def offered(user: User, practices: Iterable[Practice]) -> list[Practice]:
    return [p for p in practices if may_offer(user, p)]


def in_conversation(user: User, conversation: object) -> bool:
    """A live conversation is seen only by its two people, and only while both share its space."""
    couple_id = active_couple_id(user)
    return (
        couple_id is not None
        and couple_id == getattr(conversation, "couple_id", None)
        and user.pk in (getattr(conversation, "speaker_id", None), getattr(conversation, "listener_id", None))
    )


def paired_access(user: User, answer: object, *, viewer_answered: bool) -> Access:
    """Answer-then-reveal for things both partners answer (closeness questions, emotional maps):
    the partner learns an answer exists (so they know it is their turn) but reads it only once they
    have answered the same item; then both are revealed together."""
    rel = relation(user, answer)  # type: ignore[arg-type]  # answers share the fields relation reads
    if rel is Relation.SELF:
        return Access.VISIBLE
    if rel is Relation.NONE:
        return Access.HIDDEN
    return Access.VISIBLE if viewer_answered else Access.WAITING
