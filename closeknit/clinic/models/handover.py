"""A care episode passing from one clinician to a colleague in the same practice, and each partner's
answer to it. Consent was given to a person, so it does not travel with the episode: each partner
re-confirms what the new clinician may see (docs/decisions.md, "Handing care over")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Handover(models.Model):
    episode = models.ForeignKey("clinic.Episode", on_delete=models.CASCADE, related_name="handovers")
    # The departing clinician's profile goes when their account is deleted; the name stays for the record.
    from_clinician = models.ForeignKey(
        "clinic.ClinicianProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_name = models.CharField(max_length=120)
    to_clinician = models.ForeignKey(
        "clinic.ClinicianProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"handover {self.pk} of episode {self.episode_id}"


class HandoverReply(models.Model):
    """One per partner in the couple at the time; `had` is what they shared before, offered back to them
    (never granted for them)."""

    class Answer(models.TextChoices):
        WAITING = "", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    had = models.JSONField(default=list)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["handover", "user"], name="one_reply_per_partner")]

    def __str__(self) -> str:
        return f"person {self.user_id} on handover {self.handover_id}: {self.answer or 'waiting'}"
