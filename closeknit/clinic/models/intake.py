"""Reaching out: a lead from the public form, and each partner's private screen."""

from __future__ import annotations

from django.db import models

from closeknit.core.fields import EncryptedTextField


class Lead(models.Model):
    """Someone asked a clinician for help. `token` is the secret behind the writer's "take back my
    request" link; nothing about a lead is reachable without it, a screen's token or the clinician's
    login. `partner_invited_at` is the one gate for the partner: nothing is mailed to `partner_email`
    (invitation, booking, care) unless it is set, and it is set only after the writer's own screen came
    back negative."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        SCREENING = "screening", "Screening"
        BOOKED = "booked", "Consultation booked"
        CLOSED = "closed", "Closed"

    # PROTECT: a person who reached out is the practice's to answer, never deleted with a clinician's
    # account; the account waits until each lead is handed over (services.handover.hand_over_lead).
    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.PROTECT, related_name="leads")
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=80)
    email = models.EmailField()
    partner_name = models.CharField(max_length=80, blank=True)
    partner_email = models.EmailField(blank=True)
    message = EncryptedTextField(blank=True)
    online = models.BooleanField(default=True)
    # The language the writer read the site in when they reached out: what we write to them (and, not
    # knowing better, to their partner) is in it (issue 18).
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCREENING)
    created_at = models.DateTimeField(auto_now_add=True)
    partner_invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["clinician", "status"]), models.Index(fields=["created_at"])]

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
