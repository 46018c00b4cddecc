"""Booking, moving and cancelling a first consultation, within the practice's rules.

No double booking, ever: starts are on the practice's grid and never shorter apart than a
consultation lasts (a check constraint on Practice), so two bookings overlap exactly when they share
a start, and a partial unique index on (clinician, start) for booked rows makes the database refuse
the second. The clinician row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions already queue writers), so competing requests queue rather than race, and
under that lock an overlap check also covers bookings made before a practice changed its grid.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from closeknit.access import clinic as access
from closeknit.accounts.models import User
from closeknit.clinic import online, scheduling
from closeknit.clinic.models import Appointment, ClinicianProfile, Lead, Screen
from closeknit.clinic.selectors import schedule as schedule_selectors
from closeknit.clinic.services.intake import screen_by_token
from closeknit.core.errors import NotFound, ServiceError

TAKEN = gettext_noop("Someone just booked that time. Please pick another.")  # translated where raised


def _lead_for(token: str) -> tuple[Screen, Lead]:
    screen = screen_by_token(token)
    return screen, screen.lead


def _check_start(clinician: ClinicianProfile, start: dt.datetime, now: dt.datetime) -> None:
    if timezone.is_naive(start):
        raise ServiceError(_("Please give the time with its time zone."), field="start")
    rules, weekly, exceptions = schedule_selectors.rules_for(clinician)
    problem = scheduling.is_open(start, rules=rules, weekly=weekly, exceptions=exceptions, now=now)
    if problem:
        raise ServiceError(problem, field="start", code="slot_unavailable")


def _notify(appt_id: int, change: str) -> None:
    from closeknit.clinic import tasks

    transaction.on_commit(lambda: tasks.appointment_changed(appt_id, change))


def _overlaps(clinician: ClinicianProfile, start: dt.datetime, end: dt.datetime, exclude: int | None = None) -> None:
    """Under the clinician lock; the unique index is the guarantee for on-grid starts."""
    clash = Appointment.objects.filter(
        clinician=clinician, status=Appointment.Status.BOOKED, start__lt=end, end__gt=start
    ).exclude(pk=exclude)  # type: ignore[misc]  # None excludes nothing: Django reads it as isnull
    if clash.exists():
        raise ServiceError(_(TAKEN), status=409, code="slot_taken", field="start")
    if schedule_selectors.intensive_busy(clinician, start, end):  # an intensive day is the clinician's
        raise ServiceError(
            _("That time isn't free. Please pick one of the times shown."), status=409, code="slot_taken", field="start"
        )


def current(lead: Lead) -> Appointment | None:
    return lead.appointments.filter(status=Appointment.Status.BOOKED).first()


def book(*, token: str, start: dt.datetime, now: dt.datetime | None = None) -> Appointment:
    now = now or timezone.now()
    screen, lead = _lead_for(token)
    clinician = lead.clinician
    _check_start(clinician, start, now)
    start = start.astimezone(dt.UTC)
    with transaction.atomic():
        ClinicianProfile.objects.select_for_update().filter(pk=clinician.pk).first()
        Lead.objects.select_for_update().filter(pk=lead.pk).first()
        if current(lead) is not None:
            raise ServiceError(
                _("You already have a first conversation booked. You can move or cancel it instead."),
                status=409,
                code="already_booked",
            )
        end = start + dt.timedelta(minutes=clinician.practice.consult_minutes)
        _overlaps(clinician, start, end)
        try:
            with transaction.atomic():
                appt = Appointment.objects.create(
                    clinician=clinician,
                    lead=lead,
                    start=start,
                    end=end,
                    online=lead.online,
                    location=clinician.meeting_link if lead.online else clinician.address,
                    room=online.new_room() if lead.online else "",
                    uid=f"{secrets.token_hex(16)}@closeknit",
                )
        except IntegrityError:
            raise ServiceError(_(TAKEN), status=409, code="slot_taken", field="start") from None
        Lead.objects.filter(pk=lead.pk).update(status=Lead.Status.BOOKED)
        _notify(appt.pk, "booked")
    return appt


def _changeable(lead: Lead, now: dt.datetime) -> Appointment:
    appt = current(lead)
    if appt is None:
        raise ServiceError(_("There is no booked conversation to change."), status=409, code="not_booked")
    hours = lead.clinician.practice.change_notice_hours
    if appt.start - now < dt.timedelta(hours=hours):
        raise ServiceError(
            _(
                "It's less than %(hours)s hours until your conversation, so it can't be changed here. "
                "Please contact the practice."
            )
            % {"hours": hours},
            status=409,
            code="too_late_to_change",
        )
    return appt


def reschedule(*, token: str, start: dt.datetime, now: dt.datetime | None = None) -> Appointment:
    """The same appointment (same calendar id, next SEQUENCE) moved to a new start."""
    now = now or timezone.now()
    _screen, lead = _lead_for(token)
    clinician = lead.clinician
    _check_start(clinician, start, now)
    start = start.astimezone(dt.UTC)
    with transaction.atomic():
        ClinicianProfile.objects.select_for_update().filter(pk=clinician.pk).first()
        appt = _changeable(lead, now)
        if appt.start == start:
            return appt
        _overlaps(clinician, start, start + dt.timedelta(minutes=clinician.practice.consult_minutes), exclude=appt.pk)
        try:
            with transaction.atomic():
                Appointment.objects.filter(pk=appt.pk).update(
                    start=start,
                    end=start + dt.timedelta(minutes=clinician.practice.consult_minutes),
                    sequence=appt.sequence + 1,
                    reminded_at=None,  # the new time deserves its own reminder
                    join_sent_at=None,
                )
        except IntegrityError:
            raise ServiceError(_(TAKEN), status=409, code="slot_taken", field="start") from None
        _notify(appt.pk, "rescheduled")
    appt.refresh_from_db()
    return appt


def move(*, user: User, appointment_id: int, start: dt.datetime, now: dt.datetime | None = None) -> Appointment:
    """The practice moves a booked session (from the clinician's calendar): the same rules as a couple's
    own move (open hours, time off, notice, the grid, no double booking, intensive days), except the
    "too late to change online" cut-off, which exists to send couples to the practice. Same calendar
    id, next SEQUENCE, and both partners are emailed the new time."""
    now = now or timezone.now()
    appt = (
        Appointment.objects.filter(pk=appointment_id).select_related("clinician__practice", "clinician__user").first()
    )
    if appt is None or not access.can_manage_schedule(user, appt.clinician):
        raise NotFound(_("We could not find that appointment."))
    if appt.status != Appointment.Status.BOOKED:
        raise ServiceError(_("This appointment was cancelled, so it can't be moved."), status=409, code="not_booked")
    if appt.start <= now:
        raise ServiceError(_("This session has already started, so it can't be moved."), status=409, code="started")
    clinician = appt.clinician
    _check_start(clinician, start, now)
    start = start.astimezone(dt.UTC)
    length = appt.end - appt.start
    with transaction.atomic():
        ClinicianProfile.objects.select_for_update().filter(pk=clinician.pk).first()
        appt.refresh_from_db()
        if appt.status != Appointment.Status.BOOKED:
            raise ServiceError(
                _("This appointment was cancelled, so it can't be moved."), status=409, code="not_booked"
            )
        if appt.start == start:
            return appt
        _overlaps(clinician, start, start + length, exclude=appt.pk)
        try:
            with transaction.atomic():
                Appointment.objects.filter(pk=appt.pk).update(
                    start=start,
                    end=start + length,
                    sequence=appt.sequence + 1,
                    reminded_at=None,
                    join_sent_at=None,
                )
        except IntegrityError:
            raise ServiceError(_(TAKEN), status=409, code="slot_taken", field="start") from None
        _notify(appt.pk, "rescheduled")
    appt.refresh_from_db()
    return appt


def cancel(*, token: str, now: dt.datetime | None = None) -> Appointment:
    now = now or timezone.now()
    _screen, lead = _lead_for(token)
    with transaction.atomic():
        appt = _changeable(lead, now)
        Appointment.objects.filter(pk=appt.pk).update(
            status=Appointment.Status.CANCELLED, cancelled_at=now, sequence=appt.sequence + 1
        )
        Lead.objects.filter(pk=lead.pk).update(status=Lead.Status.SCREENING)
        _notify(appt.pk, "cancelled")
    appt.refresh_from_db()
    return appt
