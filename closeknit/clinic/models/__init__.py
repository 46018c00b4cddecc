"""The clinic's models, split by concept: practices and people, intake, scheduling, care,
intensives and clinical notes."""

from closeknit.clinic.models.care import AccessLog, Consent, Episode, PolicyAck, SafetyAlert
from closeknit.clinic.models.handover import Handover, HandoverReply
from closeknit.clinic.models.intake import Lead, Screen
from closeknit.clinic.models.intensive import (
    BLOCK_KINDS,
    Intensive,
    IntensiveBlock,
    IntensiveTemplate,
    Measure,
    TemplateBlock,
)
from closeknit.clinic.models.notes import Amendment, Note
from closeknit.clinic.models.practice import ClinicianProfile, Practice, StaffRole
from closeknit.clinic.models.scheduling import Appointment, AvailabilityException, CalendarFeed, WeeklyHours

__all__ = [
    "BLOCK_KINDS",
    "Amendment",
    "Intensive",
    "IntensiveBlock",
    "IntensiveTemplate",
    "Measure",
    "Note",
    "SafetyAlert",
    "TemplateBlock",
    "AccessLog",
    "Appointment",
    "AvailabilityException",
    "CalendarFeed",
    "ClinicianProfile",
    "Consent",
    "Episode",
    "Handover",
    "HandoverReply",
    "Lead",
    "PolicyAck",
    "Practice",
    "Screen",
    "StaffRole",
    "WeeklyHours",
]
