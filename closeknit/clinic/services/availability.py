"""Editing weekly hours and exceptions. Times are wall-clock times in the clinician's own zone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import AvailabilityException, ClinicianProfile, WeeklyHours
from closeknit.core.errors import NotFound, ServiceError


def _clinician(user: User, clinician_id: int | None) -> ClinicianProfile:
    """Your own schedule, or (owner and admin staff) that of a clinician in your practice."""
    profile = (
        rules.own_profile(user)
        if clinician_id is None
        else ClinicianProfile.objects.filter(pk=clinician_id).select_related("practice", "user").first()
    )
    if profile is None or not rules.can_manage_schedule(user, profile):
        raise NotFound(gettext("We could not find that schedule."))
    return profile


def _times(start: dt.time | None, end: dt.time | None) -> None:
    if start is None or end is None:
        raise ServiceError(gettext("Please give a start and an end time."), field="start")
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ServiceError(
            gettext("Please give times without a zone: they are always in your own time zone."), field="start"
        )
    if start >= end:
        raise ServiceError(gettext("The end needs to be after the start."), field="end")


@transaction.atomic
def add_hours(
    *, user: User, weekday: int, start: dt.time, end: dt.time, clinician_id: int | None = None
) -> WeeklyHours:
    profile = _clinician(user, clinician_id)
    if not 0 <= weekday <= 6:
        raise ServiceError(gettext("Please pick a day of the week."), field="weekday")
    _times(start, end)
    clash = profile.hours.filter(weekday=weekday, start__lt=end, end__gt=start).exists()
    if clash:
        raise ServiceError(gettext("Those hours overlap hours you already have that day."), status=409, code="overlap")
    return WeeklyHours.objects.create(clinician=profile, weekday=weekday, start=start, end=end)


@transaction.atomic
def remove_hours(*, user: User, hours_id: int, clinician_id: int | None = None) -> None:
    profile = _clinician(user, clinician_id)
    if not WeeklyHours.objects.filter(pk=hours_id, clinician=profile).delete()[0]:
        raise NotFound(gettext("We could not find those hours."))


@transaction.atomic
def add_exception(
    *,
    user: User,
    date: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    clinician_id: int | None = None,
) -> AvailabilityException:
    """No times: a day off. Times: the only hours that day (add several for a split day)."""
    profile = _clinician(user, clinician_id)
    if (start is None) != (end is None):
        raise ServiceError(gettext("Give both a start and an end, or neither for a day off."), field="start")
    if start is not None:
        _times(start, end)
        if profile.exceptions.filter(date=date, start__isnull=True).exists():
            raise ServiceError(gettext("That day is already marked as a day off."), status=409, code="overlap")
        if profile.exceptions.filter(date=date, start__lt=end, end__gt=start).exists():
            raise ServiceError(gettext("Those hours overlap other hours on that day."), status=409, code="overlap")
    elif profile.exceptions.filter(date=date).exists():
        raise ServiceError(
            gettext("That day already has changed hours; remove them first."), status=409, code="overlap"
        )
    return AvailabilityException.objects.create(clinician=profile, date=date, start=start, end=end)


@transaction.atomic
def remove_exception(*, user: User, exception_id: int, clinician_id: int | None = None) -> None:
    profile = _clinician(user, clinician_id)
    if not AvailabilityException.objects.filter(pk=exception_id, clinician=profile).delete()[0]:
        raise NotFound(gettext("We could not find that change."))
