"""Safety alerts: telling a partner's clinician that the crisis net caught something they wrote.

Only the kind of finding, the flow and the time are kept, never the words: the clinician learns to
reach out, not what was said. Who is told is one rule (access.clinic.alert_episodes), and a
person writing several worrying things in one flow on one day makes one unseen alert, not a flood.
No email is sent: the alert waits on the clinician's desk (docs/decisions.md, "Safety alerts").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import SafetyAlert
from closeknit.core.errors import NotFound

# The flows the net runs in, as the clinician reads them ("in a check-in on ...").
WHERE = {
    "checkin": "a check-in",
    "reflection": "a practice reflection",
    "gratitude": "an appreciation",
    "moment": "a shared moment",
    "question": "an answer to a closeness question",
    "map": "an emotional map note",
    "talk": "a hard-conversation opening",
    "boundary": "a written boundary",
}
KINDS = ("suicide", "self_harm", "abuse")


def raise_alert(
    *, subject: User, kinds: Iterable[str], where: str, now: dt.datetime | None = None
) -> list[SafetyAlert]:
    """Alert each clinician who may be told; an unseen alert from the same flow today absorbs new kinds."""
    if where not in WHERE:
        raise ValueError(f"unknown flow {where!r}")
    kinds = [k for k in KINDS if k in set(kinds)]
    if not kinds:
        return []
    now = now or timezone.now()
    day_start = now - dt.timedelta(days=1)
    made: list[SafetyAlert] = []
    with transaction.atomic():
        for episode in rules.alert_episodes(subject):
            open_ = (
                SafetyAlert.objects.select_for_update()
                .filter(episode=episode, subject=subject, where=where, seen_at__isnull=True, at__gte=day_start)
                .first()
            )
            if open_ is not None:
                merged = [k for k in KINDS if k in set(open_.kinds) | set(kinds)]
                if merged != open_.kinds:
                    open_.kinds = merged
                    open_.save(update_fields=["kinds"])
                made.append(open_)
                continue
            made.append(SafetyAlert.objects.create(episode=episode, subject=subject, kinds=kinds, where=where))
    return made


def mark_seen(*, user: User, alert_id: int, now: dt.datetime | None = None) -> SafetyAlert:
    """The clinician has seen it. Refused (as not found) to anyone who may not see it, existence included."""
    with transaction.atomic():
        alert = (
            SafetyAlert.objects.select_for_update()
            .select_related("episode__clinician__user", "subject")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None or not rules.can_see_alert(user, alert.episode, alert.subject):
            raise NotFound(gettext("We could not find that alert."))
        if alert.seen_at is None:
            alert.seen_at = now or timezone.now()
            alert.save(update_fields=["seen_at"])
        rules.log_read(
            clinician_user=user,
            subject=alert.subject,
            episode=alert.episode,
            category="safety_alerts",
            what="marked a safety alert seen",
            items=1,
        )
    return alert
