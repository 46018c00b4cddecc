"""The person's reminder and notification choices, for the account export (accounts.hooks.export_section)."""

from __future__ import annotations

from typing import Any

from closeknit.accounts.models import User
from closeknit.nudges.models import PushChoice, PushSubscription, Reminder


def reminder(user: User) -> dict[str, Any] | None:
    found = Reminder.objects.filter(user=user).first()
    return (
        {
            "enabled": found.enabled,
            "local_time": found.local_time.strftime("%H:%M"),
            "partner_nudges": found.partner_nudges,
        }
        if found
        else None
    )


def notifications(user: User) -> dict[str, Any]:
    return {
        "push_kinds": [k for k in ("reminder", "nudge", "talk", "intensive") if getattr(choice, k)]
        if (choice := PushChoice.objects.filter(user=user).first())
        else [],
        "devices": [
            {"endpoint": d.endpoint, "added": d.created_at.isoformat()}
            for d in PushSubscription.objects.filter(user=user).order_by("created_at")
        ],
    }
