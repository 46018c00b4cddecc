"""Reads for clinical notes, filtered by closeknit.core.access.clinic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of clinical notes; merged into its context. Empty until built."""
    return {}


def block_panel(user: User, block: Any) -> dict[str, Any]:
    """The note for one intensive block, for the day-of view; merged into its context."""
    return {}
