"""Reads of safety alerts for the clinician, filtered by consent and logged like every other read.

An alert says who, in which flow and when; it never holds the words (there are none to leak)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from closeknit.access import clinic as rules

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode

KIND_LABELS = {
    "suicide": "thoughts of suicide",
    "self_harm": "self-harm",
    "abuse": "not feeling safe with a partner",
}


@dataclass(frozen=True)
class AlertView:
    id: int
    subject_id: int
    subject_name: str
    where: str
    where_label: str
    kinds: tuple[str, ...]
    kind_labels: tuple[str, ...]
    at: dt.datetime
    seen_at: dt.datetime | None

    @property
    def seen(self) -> bool:
        return self.seen_at is not None


def view_of(alert: Any) -> AlertView:
    from closeknit.clinic.services.alerts import WHERE

    return AlertView(
        id=alert.pk,
        subject_id=alert.subject_id,
        subject_name=alert.subject.name,
        where=alert.where,
        where_label=WHERE.get(alert.where, "something they wrote"),
        kinds=tuple(alert.kinds),
        kind_labels=tuple(KIND_LABELS.get(k, k) for k in alert.kinds),
        at=alert.at,
        seen_at=alert.seen_at,
    )


def for_episode(user: User, episode: Episode, *, limit: int = 50) -> list[AlertView] | None:
    """The episode's alerts this clinician may see, newest first; None if they may see none at all.
    Each partner's alerts are a separate read, logged in the same transaction."""
    from closeknit.clinic.models import SafetyAlert
    from closeknit.couples.models import Membership

    if not rules.episode_active(episode) or episode.clinician.user_id != user.pk:
        return None
    assert episode.couple_id is not None  # an active episode has its couple
    members = list(Membership.objects.filter(couple_id=episode.couple_id, left_at__isnull=True).select_related("user"))
    out: list[AlertView] = []
    allowed_any = False
    with transaction.atomic():
        for m in members:
            if not rules.can_see_alert(user, episode, m.user):
                continue
            allowed_any = True
            rows = list(SafetyAlert.objects.filter(episode=episode, subject=m.user).select_related("subject")[:limit])
            if rows:
                rules.log_read(
                    clinician_user=user,
                    subject=m.user,
                    episode=episode,
                    category="safety_alerts",
                    what="read safety alerts",
                    items=len(rows),
                )
            out.extend(view_of(a) for a in rows)
    if not allowed_any:
        return None
    out.sort(key=lambda a: a.at, reverse=True)
    return out


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of safety alerts; merged into its context."""
    alerts = for_episode(user, episode)
    return {
        "safety_alerts": alerts or [],
        "safety_alerts_on": alerts is not None,
        "safety_alerts_unseen": sum(1 for a in alerts or [] if not a.seen),
    }
