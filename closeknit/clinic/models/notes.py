"""Clinical notes: encrypted, signed, then locked; a locked note changes only by signed amendments.

An individual-session note names the partner it is about (`subject`). Under the "individual"
policy it stays between that partner and the clinician: it never reaches anything the other
partner reads (their report, their export). The rules live in closeknit/access/clinic.py.

Notes are the practice's clinical record, which must be kept: when the partner a note is about
deletes their account the note stays, marked `subject_removed` (still confidential, now to nobody);
a clinician who keeps notes cannot delete their account (docs/decisions.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from closeknit.core.fields import EncryptedTextField


class Note(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", _("Joint session")
        INDIVIDUAL = "individual", _("Individual session")
        BLOCK = "block", _("Intensive block")
        OTHER = "other", _("Other")

    episode = models.ForeignKey("clinic.Episode", on_delete=models.CASCADE, related_name="notes")
    # A clinician deletes their account only once their episodes are handed over (accounts.services);
    # their notes stay with the episode, signed by their pseudonym (docs/decisions.md, "Handing care over").
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    author_pseudonym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="the partner an individual-session note is about",
    )
    subject_removed = models.BooleanField(
        default=False, help_text="the partner it was about deleted their account; the record is kept"
    )
    block = models.ForeignKey(
        "clinic.IntensiveBlock", on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    title = EncryptedTextField(help_text="up to 160 characters (services.notes); a title can be clinical too")
    body = EncryptedTextField(blank=True)
    session_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True, help_text="signed notes are locked")

    class Meta:
        ordering = ["-session_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="individual") | Q(subject__isnull=False) | Q(subject_removed=True),
                name="individual_note_has_subject",
            )
        ]
        indexes = [models.Index(fields=["episode", "session_on"])]

    def __str__(self) -> str:
        return f"note {self.pk} ({self.kind})"

    @property
    def locked(self) -> bool:
        return self.signed_at is not None

    @property
    def author_name(self) -> str:
        return self.author.name if self.author is not None else self.author_pseudonym


class Amendment(models.Model):
    """Added to a signed note; signed when written, never edited."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    author_pseudonym = models.CharField(max_length=40, blank=True)
    body = EncryptedTextField()
    reason = EncryptedTextField(help_text="up to 200 characters (services.notes)")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"amendment {self.pk} to note {self.note_id}"

    @property
    def author_name(self) -> str:
        return self.author.name if self.author is not None else self.author_pseudonym
