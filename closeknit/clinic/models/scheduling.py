"""Availability and appointments. Times of day are in the clinician's zone; instants are UTC."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class WeeklyHours(models.Model):
    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday")
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="hours_start_before_end")]

    def __str__(self) -> str:
        return f"day {self.weekday} {self.start}-{self.end}"


class AvailabilityException(models.Model):
    """A day off (no times), or different hours on one date (times set) replacing the weekly ones."""

    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "start"]

    def __str__(self) -> str:
        return f"exception {self.date}"


class Appointment(models.Model):
    """Starts are aligned to the practice's slot grid, so "no double booking" is exactly "one booked
    appointment per clinician per start": a unique constraint the database enforces under any load."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"

    # PROTECT, like Lead.clinician: a booked first conversation moves with its lead, never vanishes.
    clinician = models.ForeignKey("clinic.ClinicianProfile", on_delete=models.PROTECT, related_name="appointments")
    lead = models.ForeignKey(
        "clinic.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="appointments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    online = models.BooleanField(default=True)
    location = models.CharField(max_length=240, blank=True, help_text="meeting link or address, as booked")
    uid = models.CharField(max_length=80, unique=True, help_text="stable calendar id across updates")
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="the day-before reminder was claimed")
    # Online sessions without a clinician's own link meet in a room of ours on the practice's Jitsi Meet:
    # an unguessable name made at booking, shown only to the participants and only near the start.
    room = models.CharField(max_length=64, blank=True)
    join_sent_at = models.DateTimeField(null=True, blank=True, help_text="the join-link email was claimed")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "start"], condition=Q(status="booked"), name="no_double_booking"
            ),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="appointment_start_before_end"),
        ]
        indexes = [
            models.Index(fields=["clinician", "start"]),
            # The reminder sweep reads only booked, not yet reminded rows, by start.
            models.Index(
                fields=["start"],
                condition=Q(status="booked", reminded_at__isnull=True),
                name="appointment_reminder_due",
            ),
            models.Index(
                fields=["start"],
                condition=Q(status="booked", online=True, join_sent_at__isnull=True),
                name="appointment_join_due",
            ),
        ]

    def __str__(self) -> str:
        return f"appointment {self.pk} at {self.start}"


class CalendarFeed(models.Model):
    """A clinician's private calendar subscription. Only a SHA-256 of the secret is kept, so a copy of
    the database opens no one's calendar; revoking deletes the row and the old address answers 404."""

    clinician = models.OneToOneField("clinic.ClinicianProfile", on_delete=models.CASCADE, related_name="calendar_feed")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.clinician_id}"
