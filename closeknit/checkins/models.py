"""The daily emotional check-in: one per person per local day, each answer private or shared."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from closeknit.core.fields import EncryptedTextField

SCORE = [MinValueValidator(0), MaxValueValidator(10)]

# The answers a person can share one by one, in the order the form asks them.
ANSWERS: tuple[str, ...] = (
    "feelings",
    "emotional_closeness",
    "physical_closeness",
    "stress",
    "appreciation",
    "need",
    "note",
)
# Scores a person may leave unanswered: null means "not answered today", never a neutral 5.
SCORES: tuple[str, ...] = ("emotional_closeness", "physical_closeness", "stress")


class CheckIn(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="checkins")
    local_date = models.DateField(help_text="the author's calendar day, in their zone when they answered")
    timezone = models.CharField(max_length=64, help_text="the author's zone for that day; fixes when it ends")
    feelings = models.JSONField(default=list, help_text="slugs from content/feelings.yaml")
    emotional_closeness = models.PositiveSmallIntegerField(validators=SCORE, null=True, blank=True)
    physical_closeness = models.PositiveSmallIntegerField(validators=SCORE, null=True, blank=True)
    stress = models.PositiveSmallIntegerField(validators=SCORE, null=True, blank=True)
    appreciation = EncryptedTextField(blank=True)
    need = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    shared = models.JSONField(default=list, help_text="names of the answers the partner may see")
    support = models.JSONField(
        default=list,
        blank=True,
        help_text="the safety net's findings for the author alone: [{kind, level}], never the words themselves",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "local_date"], name="one_checkin_per_local_day"),
            models.CheckConstraint(condition=models.Q(emotional_closeness__lte=10), name="emotional_0_10"),
            models.CheckConstraint(condition=models.Q(physical_closeness__lte=10), name="physical_0_10"),
            models.CheckConstraint(condition=models.Q(stress__lte=10), name="stress_0_10"),
        ]
        indexes = [models.Index(fields=["couple", "local_date"])]
        ordering = ["-local_date"]

    def __str__(self) -> str:
        return f"check-in {self.pk} ({self.local_date})"

    def is_shared(self, answer: str) -> bool:
        return answer in self.shared


class Reaction(models.Model):
    """A partner's small private answer to a revealed check-in ("thank you", a heart). Only the two of them
    see it: the one who sent it and the author it was sent to (access.can_see_reaction); it is never
    shown to a care team and carries no words. One per person per check-in: choosing again changes it."""

    class Kind(models.TextChoices):
        THANKS = "thanks", "Thank you"
        HEART = "heart", "Heart"

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reactions")
    reactor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_reactions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkin", "reactor"], name="one_reaction_per_person")]

    def __str__(self) -> str:
        return f"{self.kind} on check-in {self.checkin_id}"


class CheckInRun(models.Model):
    """The newest run of days in a row one person checked in within one space: from `first` to `last`,
    both local dates of theirs, every day between checked in and the day before `first` not. Today reads
    the streak from these (one row per partner) instead of their whole history (checkins.streaks).

    Written in the same transaction as the check-in that extends it (services.create_checkin). Check-ins
    are never deleted one by one: they go with their author's account, and these rows with them (CASCADE);
    leaving a space keeps both, because the streak belongs to the space. A missing row only means "not
    known yet" (check-ins loaded in bulk): the streak is then counted from the check-ins themselves."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_runs")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="checkin_runs")
    first = models.DateField()
    last = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "couple"], name="one_run_per_person_and_space"),
            models.CheckConstraint(condition=models.Q(first__lte=models.F("last")), name="run_first_not_after_last"),
        ]

    def __str__(self) -> str:
        return f"run {self.first}..{self.last} of user {self.user_id} in space {self.couple_id}"
