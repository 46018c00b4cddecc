"""The spaces a person was in, for the account export (accounts.hooks.export_section)."""

from __future__ import annotations

from typing import Any

from closeknit.accounts.models import User


def spaces(user: User) -> list[dict[str, Any]]:
    return [
        {
            "name": m.couple.name,
            "joined": m.joined_at.isoformat(),
            "left": m.left_at.isoformat() if m.left_at else None,
        }
        for m in user.memberships.select_related("couple").order_by("joined_at")
    ]
