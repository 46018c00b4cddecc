"""What the API keeps for itself: the answer to a write sent with an Idempotency-Key, for 24 hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit.core.fields import EncryptedTextField


class IdempotentWrite(models.Model):
    """One write an app made with an `Idempotency-Key`, and the answer it got. A retry with the same
    key (after a lost answer) gets this answer again instead of making a second entry. The answer can
    hold the person's own words (a check-in's note), so it is encrypted like them, and it goes when
    the account goes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, help_text="SHA-256 of the client's key: fixed size, never shown.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, address and body.")
    status = models.PositiveSmallIntegerField()
    body = EncryptedTextField(blank=True, help_text="The JSON answer.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_one_answer_per_key")]

    def __str__(self) -> str:
        return f"idempotent write {self.pk}"
