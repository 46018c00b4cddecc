"""The clinic's models, split by concept: practices and people, intake, scheduling, care."""

from closeknit.clinic.models.care import AccessLog, Consent, Episode, PolicyAck
from closeknit.clinic.models.intake import Lead, Screen
from closeknit.clinic.models.practice import ClinicianProfile, Practice, StaffRole
from closeknit.clinic.models.scheduling import Appointment, AvailabilityException, WeeklyHours

__all__ = [
    "AccessLog",
    "Appointment",
    "AvailabilityException",
    "ClinicianProfile",
    "Consent",
    "Episode",
    "Lead",
    "PolicyAck",
    "Practice",
    "Screen",
    "StaffRole",
    "WeeklyHours",
]
