"""Helpers for the assessments app: whole answer sets, and taking an instrument as a person would."""

from __future__ import annotations

import pytest

from closeknit.assessments import definitions, services


def full_answers(slug: str, value: float = 2, **overrides: float) -> dict[str, float]:
    """Every item answered with `value` (clamped onto the item's scale)."""
    inst = definitions.get(slug)
    out: dict[str, float] = {}
    for item in inst.items:
        v = min(max(value, item.scale.minimum), item.scale.maximum)
        if item.scale.discrete and not item.scale.allows(v):
            v = item.scale.anchors[0].value
        out[item.id] = v
    out.update(overrides)
    return out


@pytest.fixture
def take():
    """take(user, slug, value=2, **overrides) -> a submitted Administration."""

    def _take(user, slug, value=2, **overrides):
        return services.take(user=user, slug=slug, answers=full_answers(slug, value, **overrides))

    return _take
