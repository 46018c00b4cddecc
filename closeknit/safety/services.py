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
    finding's time is kept. Nothing about it is told to anyone.

    A hard conversation the couple already has open ends with it, whatever words set the hold (a check-in,
    a gratitude note, an opening): the hold outranks the conversation, which ends as quietly as one left
    for hours, so the other partner learns nothing from how it ended."""
    from django.db.models import F
    from django.utils import timezone

    from closeknit import access
    from closeknit.practices.models import Conversation

    with transaction.atomic():
        _hold, created = ConflictHold.objects.get_or_create(user=user)
        couple_id = access.active_couple_id(user)
        if created and couple_id is not None:
            Conversation.objects.filter(couple_id=couple_id, ended_at__isnull=True).update(
                ended_at=timezone.now(), phase=Conversation.DONE, version=F("version") + 1
            )
