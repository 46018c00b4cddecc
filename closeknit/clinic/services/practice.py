"""Setting up a practice, its staff and clinician profiles (used by the admin, seeds and tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from closeknit.accounts.models import User
from closeknit.clinic import vocab
from closeknit.clinic.models import ClinicianProfile, Practice, StaffRole, WeeklyHours
from closeknit.core.errors import ServiceError


@transaction.atomic
def create_practice(*, owner: User, name: str, timezone: str = "UTC", **rules: Any) -> Practice:
    base = slugify(name)[:60] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    practice = Practice.objects.create(name=name, slug=slug, timezone=timezone, **rules)
    StaffRole.objects.create(practice=practice, user=owner, role=StaffRole.Role.OWNER)
    return practice


@transaction.atomic
def add_staff(*, practice: Practice, user: User, role: str) -> StaffRole:
    if role not in StaffRole.Role.values:
        raise ServiceError("That is not a staff role we know.", field="role")
    staff, _ = StaffRole.objects.get_or_create(practice=practice, user=user, role=role)
    return staff


def _check_words(values: list[str], allowed: dict[str, str], label: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ServiceError(f"Some {label} are not in our list: {', '.join(unknown)}.", field=label)
    return list(dict.fromkeys(values))


@transaction.atomic
def create_clinician(
    *,
    practice: Practice,
    user: User,
    hours: list[tuple[int, dt.time, dt.time]] = (),  # type: ignore[assignment]
    **fields: Any,
) -> ClinicianProfile:
    """Gives the person the clinician role and a profile. Lists are checked against clinic.vocab."""
    add_staff(practice=practice, user=user, role=StaffRole.Role.CLINICIAN)
    if user.role != User.Role.CLINICIAN:
        user.role = User.Role.CLINICIAN
        user.save(update_fields=["role"])
    for name, allowed in (
        ("languages", vocab.LANGUAGES),
        ("specialties", vocab.SPECIALTIES),
        ("cultural_competencies", vocab.CULTURAL),
        ("modalities", vocab.MODALITIES),
    ):
        if name in fields:
            fields[name] = _check_words(fields[name], allowed, name)
    base = slugify(user.name)[:60] or "therapist"
    slug, n = base, 1
    while ClinicianProfile.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    profile = ClinicianProfile.objects.create(practice=practice, user=user, slug=slug, **fields)
    for weekday, start, end in hours:
        WeeklyHours.objects.create(clinician=profile, weekday=weekday, start=start, end=end)
    return profile
