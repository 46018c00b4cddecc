"""Daily reminders and the gentle nudge when a partner has answered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """`next_at` is the next UTC instant the person's local reminder time comes round; the sweep
    reads only rows due now through its index, so its cost follows the reminders due, not the users."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder")
    enabled = models.BooleanField(default=True)
    local_time = models.TimeField(default=dt.time(20, 0))
    partner_nudges = models.BooleanField(default=True, help_text="a note when the partner has checked in")
    next_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["enabled", "next_at"], name="reminder_due")]

    def __str__(self) -> str:
        return f"reminder {self.local_time:%H:%M} ({'on' if self.enabled else 'off'}) for user {self.user_id}"


class Delivery(models.Model):
    """One row per message sent. The unique key makes a second send for the same day impossible,
    even when two sweeps or a retried task race."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Daily reminder"
        NUDGE = "nudge", "Partner answered"
        TALK = "talk", "Partner opened a conversation"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    local_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "local_date"], name="one_delivery_per_day")]

    def __str__(self) -> str:
        return f"{self.kind} to user {self.user_id} for {self.local_date}"
