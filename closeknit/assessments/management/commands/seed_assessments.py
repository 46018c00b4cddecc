"""Demo check-ups for seed_demo's couple, so Progress, the report and the plan have a history to show:
the closeness check and distance drivers every four weeks for twelve weeks, and a weekly pulse.
Safe to run again: it does nothing once Sam has any check-up."""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.assessments import definitions, services
from closeknit.assessments.models import Administration

# How each instrument reads: True when a higher answer means closer.
HIGHER_IS_CLOSER = {"closeness-check": True, "weekly-pulse": True, "distance-drivers": False}
SCHEDULE = {"closeness-check": [84, 56, 28, 1], "distance-drivers": [84, 28], "weekly-pulse": list(range(84, 0, -7))}


def _answers(slug: str, wellbeing: float, rng: random.Random) -> dict[str, float]:
    """Answers for someone whose closeness is `wellbeing` (0..1), with ordinary noise."""
    out = {}
    for item in definitions.get(slug).items:
        x = wellbeing if HIGHER_IS_CLOSER[slug] else 1 - wellbeing
        if item.reverse:
            x = 1 - x
        x = min(1.0, max(0.0, x + rng.gauss(0, 0.12)))
        scale = item.scale
        target = scale.minimum + x * (scale.maximum - scale.minimum)
        if scale.discrete:
            out[item.id] = min((a.value for a in scale.anchors), key=lambda v: abs(v - target))
        else:
            step = scale.step or 1
            out[item.id] = scale.minimum + round((target - scale.minimum) / step) * step
    return out


class Command(BaseCommand):
    help = "Load twelve weeks of demo check-ups for the demo couple (after seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        people = [User.objects.filter(email=e).first() for e in ("sam@demo.closeknit.test", "alex@demo.closeknit.test")]
        if not all(people):
            self.stdout.write("Run seed_demo first.")
            return
        if Administration.objects.filter(author=people[0]).exists():
            self.stdout.write("Demo check-ups already loaded.")
            return
        now = timezone.now()
        count = 0
        for seed, person in enumerate(people, start=1):
            assert person is not None  # all(people) above
            rng = random.Random(seed * 97)
            for slug, days_back in SCHEDULE.items():
                for back in days_back:
                    # Twelve weeks of practice: closeness grows from about 0.35 to 0.65.
                    wellbeing = 0.35 + 0.30 * (1 - back / 84) + (0.04 if seed == 1 else -0.02)
                    taken = services.take(user=person, slug=slug, answers=_answers(slug, wellbeing, rng))
                    # Dated in the past for the charts; created_at stays "now" so the access rules treat
                    # it as written inside today's shared space.
                    Administration.objects.filter(pk=taken.pk).update(submitted_at=now - dt.timedelta(days=back))
                    count += 1
        self.stdout.write(f"Loaded {count} demo check-ups.")
