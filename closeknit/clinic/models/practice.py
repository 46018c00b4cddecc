"""A practice (an organisation), who works there in which role, and each clinician's public profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Practice(models.Model):
    """Holds the booking rules every clinician of the practice follows."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    timezone = models.CharField(max_length=64, default="UTC")
    consult_minutes = models.PositiveSmallIntegerField(default=50, help_text="length of a first consultation")
    slot_minutes = models.PositiveSmallIntegerField(default=60, help_text="bookable starts are aligned to this grid")
    min_notice_hours = models.PositiveSmallIntegerField(default=24, help_text="earliest booking from now")
    max_days_ahead = models.PositiveSmallIntegerField(default=60)
    change_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text="rescheduling or cancelling online closes this long before the start"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # With starts on a grid no closer than a consultation lasts, overlapping means sharing a start,
            # which the unique index on Appointment refuses.
            models.CheckConstraint(
                condition=models.Q(consult_minutes__lte=models.F("slot_minutes"), consult_minutes__gt=0),
                name="consult_fits_slot",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.Model):
    """A person may hold several roles in one practice (an owner who also sees couples)."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        CLINICIAN = "clinician", "Clinician"
        ADMIN = "admin", "Admin staff"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_roles")
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "user", "role"], name="one_role_once")]

    def __str__(self) -> str:
        return f"person {self.user_id} {self.role} at practice {self.practice_id}"


class ClinicianProfile(models.Model):
    """What a person looking for help reads. Lists hold short plain words a clinician chose."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_profile")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clinicians")
    slug = models.SlugField(max_length=80, unique=True)
    credentials = models.CharField(max_length=160, blank=True)
    modalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="language codes, e.g. en, es")
    specialties = models.JSONField(default=list, blank=True)
    cultural_competencies = models.JSONField(default=list, blank=True)
    fee_min = models.PositiveIntegerField(default=0, help_text="per session, whole currency units")
    fee_max = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    sliding_scale = models.BooleanField(default=False)
    online = models.BooleanField(default=True)
    in_person = models.BooleanField(default=False)
    address = models.CharField(max_length=240, blank=True)
    meeting_link = models.URLField(blank=True, help_text="the room for online sessions")
    bio = models.TextField(blank=True)  # the introduction in English
    # The same introduction in Spanish, when the clinician writes one (issue 18). A visitor reads the one
    # in their language, else the other one, marked with its own `lang` (see `introduction`).
    bio_es = models.TextField(blank=True)
    accepting = models.BooleanField(default=True)
    listed = models.BooleanField(default=True)
    # The photo lives on disk under MEDIA_ROOT/clinic/ with a random name we chose (see clinic.photos);
    # the kind is what we read from the file's first bytes, never what the browser claimed.
    photo_name = models.CharField(max_length=64, blank=True, db_index=True)
    photo_kind = models.CharField(max_length=8, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user_id}"

    @property
    def photo_url(self) -> str:
        from django.urls import reverse

        return reverse("clinic:photo", args=[self.photo_name]) if self.photo_name else ""

    @property
    def initials(self) -> str:
        """For the placeholder when there is no photo: 'Dr. Ana Rivera' -> 'AR', 'Jo' -> 'J'."""
        titles = {"dr", "mx", "mr", "mrs", "ms", "prof"}
        words = [w for w in self.user.name.replace(".", " ").split() if w.lower() not in titles]
        if not words:
            return "?"
        picked = words if len(words) == 1 else [words[0], words[-1]]
        return "".join(w[0] for w in picked).upper()

    def introduction(self, language: str) -> tuple[str, str]:
        """(text, its language code) for a reader of `language`: theirs when written, else the other."""
        texts = [("es", self.bio_es), ("en", self.bio)] if language == "es" else [("en", self.bio), ("es", self.bio_es)]
        return next(((text, code) for code, text in texts if text.strip()), ("", language))

    @property
    def timezone(self) -> str:
        return self.user.timezone
