"""Setting up a practice, its staff and clinician profiles (used by the admin, seeds and tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext

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
    _works_at_the_clinic(owner)
    return practice


def _works_at_the_clinic(user: User) -> None:
    """Staff (owners, admin staff and clinicians alike) get the clinic's navigation and land on the
    desk, not on a couple's Today: `User.role` says which side of closeknit an account works on."""
    if user.role != User.Role.CLINICIAN:
        user.role = User.Role.CLINICIAN
        user.save(update_fields=["role"])


@transaction.atomic
def add_staff(*, practice: Practice, user: User, role: str) -> StaffRole:
    if role not in StaffRole.Role.values:
        raise ServiceError("That is not a staff role we know.", field="role")
    staff, _ = StaffRole.objects.get_or_create(practice=practice, user=user, role=role)
    _works_at_the_clinic(user)
    return staff


def _check_words(values: list[str], allowed: Mapping[str, object], label: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ServiceError(f"Some {label} are not in our list: {', '.join(unknown)}.", field=label)
    return list(dict.fromkeys(values))


@transaction.atomic
def create_clinician(
    *,
    practice: Practice,
    user: User,
    hours: list[tuple[int, dt.time, dt.time]] = (),  # type: ignore[assignment]  # an empty tuple: a default never changed
    **fields: Any,
) -> ClinicianProfile:
    """Gives the person the clinician role and a profile. Lists are checked against clinic.vocab."""
    add_staff(practice=practice, user=user, role=StaffRole.Role.CLINICIAN)
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


PROFILE_LISTS = {
    "languages": vocab.LANGUAGES,
    "specialties": vocab.SPECIALTIES,
    "cultural_competencies": vocab.CULTURAL,
    "modalities": vocab.MODALITIES,
}


@transaction.atomic
def update_profile(*, user: User, data: dict[str, Any]) -> ClinicianProfile:
    """A clinician edits their own public profile. Everything is checked before anything is saved."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from closeknit.access import clinic as rules
    from closeknit.core.errors import NotFound
    from closeknit.core.text import storable

    profile = rules.own_profile(user)
    if profile is None:
        raise NotFound()
    for name, allowed in PROFILE_LISTS.items():
        setattr(profile, name, _check_words(list(data.get(name) or []), allowed, name))
    if not profile.languages:
        raise ServiceError(gettext("Please pick at least one language you offer sessions in."), field="languages")
    profile.credentials = storable(
        data.get("credentials") or "",
        field="credentials",
        label=pgettext("field label", "the credentials"),
        max_length=160,
        single_line=True,
    )
    profile.bio = storable(
        data.get("bio") or "", field="bio", label=pgettext("field label", "the introduction"), max_length=2000
    )
    if "bio_es" in data:  # the Spanish introduction, optional (issue 18)
        profile.bio_es = storable(
            data.get("bio_es") or "",
            field="bio_es",
            label=pgettext("field label", "the introduction in Spanish"),
            max_length=2000,
        )
    profile.address = storable(
        data.get("address") or "",
        field="address",
        label=pgettext("field label", "the address"),
        max_length=240,
        single_line=True,
    )
    link = storable(
        data.get("meeting_link") or "",
        field="meeting_link",
        label=pgettext("field label", "the meeting link"),
        max_length=200,
        single_line=True,
    )
    if link:
        try:
            URLValidator(schemes=["https"])(link)
        except ValidationError:
            raise ServiceError(
                gettext("The meeting link needs to be a full https:// address."), field="meeting_link"
            ) from None
    profile.meeting_link = link
    try:
        profile.fee_min = int(str(data.get("fee_min", "")).strip())
        profile.fee_max = int(str(data.get("fee_max", "")).strip())
    except ValueError:
        raise ServiceError(gettext("Please give fees as whole numbers, such as 120."), field="fee_min") from None
    if not 0 <= profile.fee_min <= profile.fee_max <= 100_000:
        raise ServiceError(gettext("The lowest fee needs to be no more than the highest."), field="fee_min")
    for flag in ("sliding_scale", "online", "in_person", "accepting", "listed"):
        setattr(profile, flag, bool(data.get(flag)))
    if not (profile.online or profile.in_person):
        raise ServiceError(gettext("Please choose online, in person, or both."), field="online")
    if profile.online and not profile.meeting_link:
        raise ServiceError(gettext("Please add the link couples use to join you online."), field="meeting_link")
    if profile.in_person and not profile.address:
        raise ServiceError(gettext("Please add the address where you meet in person."), field="address")
    profile.save()
    return profile
