"""A couple's Reveal is derived from both lists: when either person's answers go (their account is
deleted), the derived matches go with them rather than outliving what they were made from."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from closeknit.desires.models import DesireAnswer, Reveal


@receiver(post_delete, sender=DesireAnswer, dispatch_uid="desires-forget-reveal")
def forget_reveal(sender: type[DesireAnswer], instance: DesireAnswer, **kwargs: Any) -> None:
    Reveal.objects.filter(couple_id=instance.couple_id).delete()
