"""Reads about a person's own account: everything they wrote, for export before deletion."""

from __future__ import annotations

from typing import Any

from closeknit.accounts.models import User
from closeknit.checkins.models import ANSWERS, CheckIn, Reaction


def export_for(user: User) -> dict[str, Any]:
    """Everything this person wrote, in every space they were ever in — and nothing anyone else wrote."""
    from closeknit.assessments import selectors as assessments
    from closeknit.desires import selectors as desires
    from closeknit.nudges.models import PushChoice, PushSubscription, Reminder
    from closeknit.practices import selectors as practices

    reminder = Reminder.objects.filter(user=user).first()
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
        "reminder": {
            "enabled": reminder.enabled,
            "local_time": reminder.local_time.strftime("%H:%M"),
            "partner_nudges": reminder.partner_nudges,
        }
        if reminder
        else None,
        "notifications": {
            "push_kinds": [k for k in ("reminder", "nudge", "talk", "intensive") if getattr(choice, k)]
            if (choice := PushChoice.objects.filter(user=user).first())
            else [],
            "devices": [
                {"endpoint": d.endpoint, "added": d.created_at.isoformat()}
                for d in PushSubscription.objects.filter(user=user).order_by("created_at")
            ],
        },
        "spaces": [
            {
                "name": m.couple.name,
                "joined": m.joined_at.isoformat(),
                "left": m.left_at.isoformat() if m.left_at else None,
            }
            for m in user.memberships.select_related("couple").order_by("joined_at")
        ],
        "checkins": [
            {
                "date": c.local_date.isoformat(),
                "timezone": c.timezone,
                **{name: getattr(c, name) for name in ANSWERS},
                "shared_with_partner": list(c.shared),
                "written": c.created_at.isoformat(),
                "changed": c.updated_at.isoformat(),
            }
            for c in CheckIn.objects.filter(author=user).order_by("local_date")
        ],
        # What this person sent to a partner's check-ins: the day and the kind, never the partner's words.
        "reactions_sent": [
            {"to_checkin_of": r.checkin.local_date.isoformat(), "kind": r.kind, "sent": r.created_at.isoformat()}
            for r in Reaction.objects.filter(reactor=user).select_related("checkin").order_by("created_at")
        ],
        "assessments": assessments.export_for(user),
        "practices": practices.export_for(user),
        "wishes_and_boundaries": desires.export_for(user),
    }
