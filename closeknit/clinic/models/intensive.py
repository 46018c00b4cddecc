"""Couples intensives: a practice's templates (days of blocks), a scheduled intensive with its blocks
on the clinician's calendar, and the measures assigned to each partner before and after it.

Shipped defaults live in content/intensives/*.yaml; a practice works on its own copy (TemplateBlock
rows), so editing never changes another practice's template nor an intensive already scheduled: a
scheduled intensive copies each block when it is placed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from closeknit.core.fields import EncryptedTextField

BLOCK_KINDS = [
    ("joint_history", _("Joint history interview")),
    ("individual", _("Individual interview")),
    ("feedback", _("Assessment feedback")),
    ("conflict", _("Observed conflict conversation")),
    ("mapping", _("Emotional mapping")),
    ("eye_contact", _("Guided eye contact")),
    ("mindfulness", _("Shared mindfulness")),
    ("trust_repair", _("Trust repair")),
    ("skills", _("Skills practice")),
    ("break", _("Break")),
    ("maintenance", _("Maintenance plan")),
]


class IntensiveTemplate(models.Model):
    total_minutes: int  # set by clinic.selectors.intensive for the page; not a column

    practice = models.ForeignKey("clinic.Practice", on_delete=models.CASCADE, related_name="intensive_templates")
    name = models.CharField(max_length=120)
    source = models.SlugField(max_length=64, blank=True, help_text="the shipped default it was copied from")
    description = models.TextField(blank=True)
    days = models.PositiveSmallIntegerField(default=2)
    day_starts = models.TimeField(help_text="when the first block of each day begins, in the practice's zone")
    archived = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["days", "name"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "name"], name="one_template_name_per_practice"),
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=5), name="template_days_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateBlock(models.Model):
    practice_titles: list[tuple[str, str]]  # set by clinic.selectors.intensive for the page; not a column

    template = models.ForeignKey(IntensiveTemplate, on_delete=models.CASCADE, related_name="blocks")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=BLOCK_KINDS)
    title = models.CharField(max_length=120)
    minutes = models.PositiveSmallIntegerField()
    with_partner = models.CharField(
        max_length=1, blank=True, help_text="'a' or 'b' for an individual interview; blank when both are there"
    )
    goals = models.TextField(blank=True)
    practices = models.JSONField(default=list, help_text="slugs of linked practices in content/practices")
    checklist = models.JSONField(default=list, help_text="short steps the clinician ticks off")
    note_template = models.TextField(blank=True)

    class Meta:
        ordering = ["day", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "day", "order"], name="one_block_per_slot"),
            models.CheckConstraint(condition=Q(minutes__gte=5, minutes__lte=480), name="block_minutes_5_to_480"),
        ]

    def __str__(self) -> str:
        return f"day {self.day} #{self.order} {self.title}"


class Intensive(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    episode = models.ForeignKey("clinic.Episode", on_delete=models.CASCADE, related_name="intensives")
    template = models.ForeignKey(IntensiveTemplate, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(max_length=120, help_text="the template's name when it was scheduled")
    starts_on = models.DateField()
    ends_on = models.DateField()
    pre_due_on = models.DateField(help_text="pre-intensive assessments are due by the end of this day")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    maintenance_note = EncryptedTextField(blank=True, help_text="what the couple reads on their plan")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="the couple's reminder was claimed")

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.name} from {self.starts_on}"


class IntensiveBlock(models.Model):
    """A block placed on the calendar. Instants are UTC; it holds its own copy of the template block."""

    # Set by clinic.selectors.intensive (and the checklist view) for the page; not columns.
    practice_titles: list[tuple[str, str]]
    running: bool
    done_steps: int
    planned_seconds: int

    intensive = models.ForeignKey(Intensive, on_delete=models.CASCADE, related_name="blocks")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=BLOCK_KINDS)
    title = models.CharField(max_length=120)
    start = models.DateTimeField()
    end = models.DateTimeField()
    with_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Goals and the note's starting text are copied from the practice's template, but the copy sits with
    # this couple's intensive (a template may be written with one couple in mind): encrypted like notes.
    # Title and checklist stay plain: short labels the couple's calendar and the day page work from.
    goals = EncryptedTextField(blank=True)
    practices = models.JSONField(default=list)
    checklist = models.JSONField(default=list, help_text="[{'text': str, 'done': bool}]")
    note_template = EncryptedTextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["intensive", "day", "order"], name="one_placed_block_per_slot"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="block_start_before_end"),
        ]
        indexes = [models.Index(fields=["start"])]

    def __str__(self) -> str:
        return f"{self.title} at {self.start}"


class Measure(models.Model):
    """One instrument assigned to one partner, due by a date; done when they submit it."""

    title: str  # set by clinic.selectors.intensive for the page; not a column

    class Phase(models.TextChoices):
        PRE = "pre", _("Before the intensive")
        POST = "post", _("After the intensive")
        FOLLOW_1M = "follow_1m", _("One-month follow-up")
        FOLLOW_3M = "follow_3m", _("Three-month follow-up")
        FOLLOW_6M = "follow_6m", _("Six-month follow-up")
        SESSION = "session", _("Between sessions")

    episode = models.ForeignKey("clinic.Episode", on_delete=models.CASCADE, related_name="measures")
    intensive = models.ForeignKey(Intensive, on_delete=models.CASCADE, null=True, blank=True, related_name="measures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measures")
    instrument = models.SlugField(max_length=64)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    opens_on = models.DateField(help_text="shown to the partner from this day")
    due_on = models.DateField()
    administration = models.ForeignKey(
        "assessments.Administration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["intensive", "user", "instrument", "phase"],
                condition=Q(cancelled_at__isnull=True),
                name="one_live_measure_per_phase",
            )
        ]
        indexes = [models.Index(fields=["user", "completed_at"]), models.Index(fields=["episode", "due_on"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.phase} for {self.user_id}"
