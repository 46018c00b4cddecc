"""Daily reminders and the gentle nudge when a partner has answered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from closeknit.core.fields import EncryptedTextField


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


class PushChoice(models.Model):
    """Which kinds of push note a person asked for. Every kind is off until they tick it (opt-in); with
    none ticked, or no device subscribed, the email path goes on as before."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_choice")
    reminder = models.BooleanField(default=False, help_text="the daily check-in reminder")
    nudge = models.BooleanField(default=False, help_text="your partner checked in")
    talk = models.BooleanField(default=False, help_text="a conversation is waiting")
    intensive = models.BooleanField(default=False, help_text="an intensive is close")

    def __str__(self) -> str:
        return f"push choices of user {self.user_id}"


class PushSubscription(models.Model):
    """One browser (one phone, one profile) that agreed to receive push notes for this person.

    The endpoint and keys are encrypted like other personal data; `endpoint_hash` (SHA-256 of the
    endpoint) is what makes one row per device and lets a resubscribe or an unsubscribe find it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint_hash = models.CharField(max_length=64, unique=True)
    endpoint = EncryptedTextField()
    p256dh = EncryptedTextField()
    auth = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of user {self.user_id}"
