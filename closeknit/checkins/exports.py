"""The person's own check-ins and the reactions they sent, for the account export
(accounts.hooks.export_section)."""

from __future__ import annotations

from typing import Any

from closeknit.accounts.models import User
from closeknit.checkins.models import ANSWERS, CheckIn, Reaction


def checkins(user: User) -> list[dict[str, Any]]:
    return [
        {
            "date": c.local_date.isoformat(),
            "timezone": c.timezone,
            **{name: getattr(c, name) for name in ANSWERS},
            "shared_with_partner": list(c.shared),
            "written": c.created_at.isoformat(),
            "changed": c.updated_at.isoformat(),
        }
        for c in CheckIn.objects.filter(author=user).order_by("local_date")
    ]


def reactions_sent(user: User) -> list[dict[str, Any]]:
    """What this person sent to a partner's check-ins: the day and the kind, never the partner's words."""
    return [
        {"to_checkin_of": r.checkin.local_date.isoformat(), "kind": r.kind, "sent": r.created_at.isoformat()}
        for r in Reaction.objects.filter(reactor=user).select_related("checkin").order_by("created_at")
    ]
