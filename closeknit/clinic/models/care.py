"""Care episodes, each partner's consent per category, and the log of every clinician read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

# Labels are marked for the catalog but stored in English: pages translate them as they show them.
CATEGORIES = [
    ("scores", gettext_noop("Assessment scores")),
    ("checkins", gettext_noop("Daily check-ins")),
    ("reflections", gettext_noop("Reflections")),
    ("practice_log", gettext_noop("Practice log")),
    ("safety_alerts", gettext_noop("Safety alerts")),
    ("desires", gettext_noop("Wishes and boundaries")),  # off unless granted, like every category
]
# What an access-log line can be about: a category read, or the episode changing hands.
LOG_KINDS = [*CATEGORIES, ("care", gettext_noop("Care"))]


class Episode(models.Model):
    class Policy(models.TextChoices):
        NO_SECRETS = "no_secrets", "No secrets"
        INDIVIDUAL = "individual", "Individual confidential"

    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.CASCADE, related_name="episodes")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    lead = models.ForeignKey("clinic.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    policy = models.CharField(max_length=12, choices=Policy.choices)
    join_token = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"episode {self.pk}"


class PolicyAck(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="acks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    policy = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "user"], name="one_ack_per_person")]

    def __str__(self) -> str:
        return f"person {self.user_id} acknowledged {self.policy} for episode {self.episode_id}"


class Consent(models.Model):
    """One row per grant; revoking stamps `revoked_at`, granting again makes a new row (history kept)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=16, choices=CATEGORIES)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "user", "category"], condition=Q(revoked_at__isnull=True), name="one_live_consent"
            )
        ]

    def __str__(self) -> str:
        return f"person {self.user_id} consents to {self.category} in episode {self.episode_id}"


class AccessLog(models.Model):
    """Written in the same transaction as the read it records: no read without its line."""

    # A clinician who deletes their account leaves their reads in the log under a pseudonym: the partner
    # keeps the whole story of who read what of theirs (docs/decisions.md, "Handing care over").
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clinician_pseudonym = models.CharField(max_length=40, blank=True)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="access_log")
    category = models.CharField(max_length=16, choices=LOG_KINDS)
    what = models.CharField(max_length=120)
    items = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "at"]), models.Index(fields=["episode", "at"])]

    def __str__(self) -> str:
        return f"{self.clinician_id} read {self.category} of {self.subject_id}"

    @property
    def reader(self) -> str:
        return self.clinician.name if self.clinician is not None else self.clinician_pseudonym


class SafetyAlert(models.Model):
    """Told to the clinician when a partner in care, who consented to safety alerts, wrote words the
    crisis net caught. It holds where and when, never the words themselves."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="safety_alerts")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kinds = models.JSONField(default=list, help_text="what the net found: suicide, self_harm, abuse")
    where = models.CharField(max_length=40, help_text="the flow it was written in, e.g. checkin")
    at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["episode", "seen_at"])]

    def __str__(self) -> str:
        return f"safety alert {self.pk} for {self.subject_id}"
