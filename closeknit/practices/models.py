"""What people do with the practice library: a log of practices run, and the live state of a
two-phone conversation. The practices themselves are content (library.py), never rows."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from closeknit.core.fields import EncryptedTextField


class PracticeLog(models.Model):
    """One run of one practice by one person. A flow in progress is a log without `finished_at`;
    its current step and when that step began live here, so timers survive a reload or a lost phone."""

    # Set on a freshly saved row by the service that saved it: what to show its author once. Not a column.
    support: list[dict[str, str]]

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_logs")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="practice_logs")
    slug = models.SlugField(max_length=80, help_text="the practice's permanent id in content/practices")
    local_date = models.DateField(help_text="the author's calendar day when they started")
    timezone = models.CharField(max_length=64)
    step = models.PositiveSmallIntegerField(default=0)
    step_started_at = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="how it felt, 1-5"
    )
    felt_heard = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)], help_text="speaker's rating"
    )
    detail = models.CharField(max_length=80, blank=True, help_text="a deck item id, e.g. the gesture chosen")
    reflection = EncryptedTextField(blank=True)
    shared = models.BooleanField(default=False, help_text="the partner may read the reflection")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["author", "local_date"]),
            models.Index(fields=["couple", "local_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5) | models.Q(rating__isnull=True),
                name="practice_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(felt_heard__lte=10) | models.Q(felt_heard__isnull=True),
                name="practice_felt_heard_0_10",
            ),
        ]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.slug} by {self.author_id} ({self.local_date})"

    @property
    def done(self) -> bool:
        return self.finished_at is not None


class Note(models.Model):
    """A short thing one partner writes for the other: an appreciation, or a moment for the shared
    timeline. Shared with the partner unless the author keeps it private."""

    # Set on a freshly saved row by the service that saved it: what to show its author once. Not a column.
    support: list[dict[str, str]]

    GRATITUDE, MOMENT = "gratitude", "moment"
    KINDS = [(GRATITUDE, "Appreciation"), (MOMENT, "Moment")]

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_notes")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="practice_notes")
    kind = models.CharField(max_length=16, choices=KINDS)
    text = EncryptedTextField()
    happened_on = models.DateField(null=True, blank=True, help_text="for moments: when it happened, roughly")
    local_date = models.DateField()
    shared = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["couple", "kind", "local_date"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Conversation(models.Model):
    """The shared state of a speaker-listener conversation between two phones. Both phones read it
    (polling) and change it only through services, which check whose turn it is."""

    # Set on a freshly saved row by the service that saved it: what to show its author once. Not a column.
    support: list[dict[str, str]]

    SPEAK, PARAPHRASE, CHECK, SOLVE, DONE = "speak", "paraphrase", "check", "solve", "done"
    PHASES = [(SPEAK, SPEAK), (PARAPHRASE, PARAPHRASE), (CHECK, CHECK), (SOLVE, SOLVE), (DONE, DONE)]

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="conversations")
    slug = models.SlugField(max_length=80)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    speaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    listener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=12, choices=PHASES, default=SPEAK)
    phase_started_at = models.DateTimeField()
    paused_until = models.DateTimeField(null=True, blank=True)
    heard = models.JSONField(default=list, help_text="ids of the people who said they feel heard")
    opener = EncryptedTextField(blank=True, help_text="the first speaker's gentle start-up, shown to both")
    turns = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=0, help_text="bumped on every change; phones poll it")
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(
        null=True, blank=True, help_text="when the second phone joined; the first turn's timer counts from here"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple"], condition=models.Q(ended_at__isnull=True), name="one_open_conversation_per_couple"
            )
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk} ({self.phase})"


class PairedAnswer(models.Model):
    """One person's written answer to something both partners answer: a closeness question (item =
    the deck item id) or an emotional map (item = "map-<round>", value = JSON of the placements).
    The partner's answer to the same item opens only once the viewer has answered it too."""

    # Set on a freshly saved row by the service that saved it: what to show its author once. Not a column.
    support: list[dict[str, str]]

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paired_answers")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="paired_answers")
    slug = models.SlugField(max_length=80, help_text="the practice")
    item = models.CharField(max_length=80)
    value = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "couple", "slug", "item"], name="one_paired_answer_per_item")
        ]
        indexes = [models.Index(fields=["couple", "slug", "item"])]

    def __str__(self) -> str:
        return f"{self.slug}/{self.item} by {self.author_id}"
