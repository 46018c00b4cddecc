"""Shared set-up for the intensive tests: an episode both partners joined and accepted, a scheduled
two-day intensive, and whole answer sets for the instruments the measures ask for."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from closeknit.assessments import definitions
from closeknit.clinic.models import Intensive, IntensiveTemplate
from closeknit.clinic.services import care
from closeknit.clinic.services import intensive as services
from closeknit.clinic.services import intensive_templates as templates
from closeknit.core.time import local_today

ZONE = "America/New_York"


def joined_episode(clinic, couple, *, consent_scores: bool = False):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
    for p in (couple.a, couple.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    if consent_scores:
        for p in (couple.a, couple.b):
            care.set_consent(user=p, episode_id=e.pk, category="scores", granted=True)
    e.refresh_from_db()
    return e


def template(clinic, source: str = "two-day") -> IntensiveTemplate:
    found = templates.ensure_templates(user=clinic.rivera.user, practice_id=clinic.practice.pk)
    return next(t for t in found if t.source == source)


def today() -> dt.date:
    return local_today(ZONE)


def schedule(clinic, episode, *, starts_on: dt.date | None = None, source: str = "two-day", **kw):
    return services.schedule(
        user=clinic.rivera.user,
        episode_id=episode.pk,
        template_id=template(clinic, source).pk,
        starts_on=starts_on or today() + dt.timedelta(days=14),
        **kw,
    )


def answers(slug: str, value: int | None = None) -> dict[str, int]:
    inst = definitions.get(slug)
    out = {}
    for item in inst.items:
        lo, hi = item.scale.minimum, item.scale.maximum
        out[item.id] = int(value if value is not None else (lo + hi) // 2)
    return out


def begin(clinic, intensive) -> None:
    """Start the intensive's first block, as its clinician does on day one: only a begun intensive
    can be finished (the days of a scheduled one lie in the future)."""
    first = intensive.blocks.order_by("start").first()
    services.start_block(user=clinic.rivera.user, block_id=first.pk)


def to_last_day(intensive) -> None:
    """Move the intensive's dates so that its last day is today on the venue's clock: finishing and handing
    over the plan is offered from then on (its blocks keep their times; only the days count)."""
    shift = today() - intensive.ends_on
    Intensive.objects.filter(pk=intensive.pk).update(starts_on=F("starts_on") + shift, ends_on=F("ends_on") + shift)
    intensive.refresh_from_db()
