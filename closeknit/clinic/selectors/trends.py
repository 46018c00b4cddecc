"""The couple's emotional climate for their clinician (with consent); built on closeknit.insights."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of emotion trends; merged into its context. Empty until built."""
    return {}
