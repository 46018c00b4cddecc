"""The couple's emotional climate for their clinician (with consent); built on closeknit.insights.

Each partner's trend appears only while that partner's "checkins" or "reflections" consent is
live (access.clinic.can_read), built from the entries of the consented categories only and
from what that partner shared with their partner, nothing they kept private. Every time the
panel is built, each category read is logged with log_read in the same transaction, so the
partner sees it in their access log like any other read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from closeknit.access import clinic as rules

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


KIND_LABELS = (("checkin", "check-ins"), ("reflection", "practice reflections"))
CATEGORY_LABELS = (("checkins", "check-ins"), ("reflections", "practice reflections"))


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of emotion trends; merged into its context as `trends`: one item
    per current partner, with `trend`/`chart` or `refused`. Empty for an episode nobody joined."""
    from closeknit.couples.models import Membership
    from closeknit.insights import selectors
    from closeknit.insights.charts import valence_chart
    from closeknit.insights.selectors import WEEKS

    if episode.couple_id is None:
        return {}
    members = list(
        Membership.objects.filter(couple_id=episode.couple_id, left_at__isnull=True)
        .select_related("user")
        .order_by("joined_at")
    )
    panels = []
    for m in members:
        subject = m.user
        granted = [c for c in ("checkins", "reflections") if rules.can_read(user, subject, episode, c)]
        if not granted:
            panels.append({"name": subject.name, "refused": True})
            continue
        with transaction.atomic():
            trend = selectors.trend_shared_by(
                subject,
                couple_id=episode.couple_id,
                checkins="checkins" in granted,
                reflections="reflections" in granted,
            )
            for category, kind, words in (
                ("checkins", "checkin", "shared check-ins"),
                ("reflections", "reflection", "shared practice reflections"),
            ):
                if category in granted:
                    rules.log_read(
                        clinician_user=user,
                        subject=subject,
                        episode=episode,
                        category=category,
                        what=f"emotion trend of {words}, last {WEEKS} weeks",
                        items=trend.by_kind.get(kind, 0),
                    )
        chart = ""
        if not trend.empty:
            chart = valence_chart(
                title=f"Mood of what {subject.name} shared, weekly",
                weeks=trend.weeks,
                lines=[(subject.name, trend.people[0].weekly)],
            )
        person = trend.people[0]
        panels.append(
            {
                "name": subject.name,
                "refused": False,
                "trend": trend,
                "person": person,
                "chart": chart,
                "counts": [(label, trend.by_kind.get(kind, 0)) for kind, label in KIND_LABELS if kind in trend.by_kind],
                "closed": [label for cat, label in CATEGORY_LABELS if cat not in granted],
            }
        )
    return {"trends": panels}
