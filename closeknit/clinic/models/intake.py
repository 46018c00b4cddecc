"""Reaching out: a lead from the public form, and each partner's private screen."""

from __future__ import annotations

from django.db import models

from closeknit.core.fields import EncryptedTextField


class Lead(models.Model):
    """Someone asked a clinician for help. `token` is the secret link for the person who wrote;
    nothing about a lead is reachable without it or the clinician's login."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        SCREENING = "screening", "Screening"
        BOOKED = "booked", "Consultation booked"
        CLOSED = "closed", "Closed"

    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.CASCADE, related_name="leads")
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=80)
    email = models.EmailField()
    partner_name = models.CharField(max_length=80, blank=True)
    partner_email = models.EmailField(blank=True)
    message = EncryptedTextField(blank=True)
    online = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCREENING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["clinician", "status"])]

    def __str__(self) -> str:
        return f"lead {self.pk}"


class Screen(models.Model):
    """One person's private screen. Answers are encrypted JSON; `flagged` is computed on submit and
    is seen by the person themselves and the clinician only, never by the other partner."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="screens")
    person = models.CharField(max_length=1, choices=[("a", "first"), ("b", "second")])
    token = models.CharField(max_length=64, unique=True)
    answers = EncryptedTextField(blank=True)
    flagged = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "person"], name="one_screen_per_person")]

    def __str__(self) -> str:
        return f"screen {self.person} of lead {self.lead_id}"
