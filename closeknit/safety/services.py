"""Writes of the safety app. Kept to one: remembering that a person's own words disclosed violence or
control, so that joint conflict work stops being offered (see models.ConflictHold)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from closeknit.safety.models import ConflictHold

if TYPE_CHECKING:
    from closeknit.accounts.models import User


def hold_conflict_work(*, user: User) -> None:
    """Withhold joint conflict work from this person's spaces from now on. Idempotent; the first
    finding's time is kept. Nothing about it is told to anyone."""
    with transaction.atomic():
        ConflictHold.objects.get_or_create(user=user)
