"""Reads about a person's own account: everything they wrote, for export before deletion."""

from __future__ import annotations

from typing import Any

from closeknit.accounts import hooks
from closeknit.accounts.models import User


def export_for(user: User) -> dict[str, Any]:
    """Everything this person wrote, in every space they were ever in — and nothing anyone else wrote.
    Each app adds its own sections (accounts.hooks.export_section, from its AppConfig.ready())."""
    return {
        "format": "closeknit-export/1",
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "pronouns": user.pronouns,
            "timezone": user.timezone,
            "language": user.language,
            "country": user.country,
            "joined": user.date_joined.isoformat(),
        },
        **{name: function(user) for name, function in hooks.export_sections.items()},
    }
