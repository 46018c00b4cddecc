"""What people answered on an instrument, and the plan a couple chose.

Answers are numbers keyed by item id and stored plainly (JSON): they are choices on a scale, not
words a person wrote. The scores are stored with the administration when it is submitted, so
reports and the progress page never rescore history. Item ids and the instrument version are kept,
so a later wording change (a new version) does not reinterpret old answers. Item answers are the
author's unless they set `answers_shared` (access.assessments decides what that opens, and to whom).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from closeknit.core.fields import EncryptedTextField


class Administration(models.Model):
    """One person taking one instrument once. A draft fills in page by page; submit scores it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Done"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administrations")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="administrations")
    instrument = models.SlugField(max_length=64, help_text="slug of the definition in content/instruments")
    version = models.CharField(max_length=16, help_text="the definition's version when it was taken")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, help_text="item id -> the number chosen; skipped items are absent")
    scores = models.JSONField(default=dict, help_text="score key ('total' or a subscale id) -> value, on submit")
    answers_shared = models.BooleanField(
        default=False, help_text="the author chose to let their partner see these item answers (once revealed)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft", submitted_at__isnull=True)
                | models.Q(status="submitted", submitted_at__isnull=False),
                name="submitted_has_time",
            ),
            models.UniqueConstraint(
                fields=["author", "instrument"], condition=models.Q(status="draft"), name="one_draft_per_instrument"
            ),
        ]
        indexes = [
            models.Index(fields=["author", "instrument", "status", "-submitted_at"]),
            models.Index(fields=["couple", "instrument", "status", "-submitted_at"]),
        ]
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.pk} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Plan(models.Model):
    """A couple's 4-week plan: the goals (drivers) they picked and when it began. The steps are
    worked out from these, the practice library and what happened since, so they adapt every week."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="plans")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="plans_started"
    )
    goals = models.JSONField(default=list, help_text="distance-driver subscale ids, in the order picked")
    started_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple"], condition=models.Q(ended_at__isnull=True), name="one_open_plan")
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"plan {self.pk} ({self.started_on})"


class CareStep(models.Model):
    """A practice a clinician added to the couple's plan (an intensive's maintenance plan, say), so
    the tools go on at home. Shown on the plan beside the weekly steps until the couple ends it."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="care_steps")
    practice = models.SlugField(max_length=80, help_text="slug in content/practices")
    how_often = models.CharField(max_length=80, blank=True, help_text="e.g. 'twice a week'")
    # The clinician's words to the couple (an intensive's closing note): clinical text, so encrypted.
    note = EncryptedTextField(blank=True)
    source = models.CharField(max_length=160, help_text="where it came from, as the couple reads it")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "practice"], condition=models.Q(ended_at__isnull=True), name="one_live_care_step"
            )
        ]

    def __str__(self) -> str:
        return f"care step {self.practice} for {self.couple_id}"
