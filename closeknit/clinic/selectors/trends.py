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
from django.utils.translation import gettext, gettext_noop, ngettext

from closeknit.access import clinic as rules

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


# Worded in the reader's language where the panel is built (one request, one reader).
KINDS = ("checkin", "reflection")
CATEGORY_LABELS = (("checkins", gettext_noop("check-ins")), ("reflections", gettext_noop("practice reflections")))


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
            for category, kind, what in (
                ("checkins", "checkin", f"emotion trend of shared check-ins, last {WEEKS} weeks"),
                ("reflections", "reflection", f"emotion trend of shared practice reflections, last {WEEKS} weeks"),
            ):
                if category in granted:
                    rules.log_read(
                        clinician_user=user,
                        subject=subject,
                        episode=episode,
                        category=category,
                        what=what,
                        items=trend.by_kind.get(kind, 0),
                    )
        chart = ""
        if not trend.empty:
            chart = valence_chart(
                title=gettext("Mood of what %(name)s shared, weekly") % {"name": subject.name},
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
                "counts": [_count(kind, trend.by_kind[kind]) for kind in KINDS if kind in trend.by_kind],
                "closed": [gettext(label) for cat, label in CATEGORY_LABELS if cat not in granted],
            }
        )
    return {"trends": panels}


def _count(kind: str, n: int) -> tuple[str, int]:
    """(label, n), the label in the reader's language and number: "3 check-ins", "1 reflexión"."""
    if kind == "checkin":
        return ngettext("check-in", "check-ins", n), n
    return ngettext("practice reflection", "practice reflections", n), n
