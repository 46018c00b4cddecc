"""Changes a person makes to their own account and profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction

from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.core.text import storable
from closeknit.core.time import is_valid_zone

PROFILE_FIELDS = ("display_name", "pronouns", "timezone", "language", "country")
LIMITS = {"display_name": 60, "pronouns": 40}


def update_profile(*, user: User, changes: Mapping[str, Any]) -> User:
    """Apply only the fields given; reject the whole change if any one is wrong."""
    from closeknit.safety.resources import countries

    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ServiceError(f"{sorted(unknown)[0]!r} is not part of your profile.", field=sorted(unknown)[0])
    clean: dict[str, str] = {}
    for name, value in changes.items():
        if not isinstance(value, str):
            raise ServiceError(f"{name.replace('_', ' ').capitalize()} should be text.", field=name)
        value = storable(
            value, field=name, label=f"your {name.replace('_', ' ')}", max_length=LIMITS.get(name, 64), single_line=True
        )
        if name == "timezone" and not is_valid_zone(value):
            raise ServiceError("Please choose a time zone from the list, such as Europe/Paris.", field=name)
        if name == "language" and value not in {code for code, _ in settings.LANGUAGES}:
            raise ServiceError("That language is not available yet.", field=name)
        if name == "country":
            value = value.upper()
            if value not in countries():
                raise ServiceError("Please choose a country from the list.", field=name)
        clean[name] = value
    zone_changed = "timezone" in clean and clean["timezone"] != user.timezone
    with transaction.atomic():
        for name, value in clean.items():
            setattr(user, name, value)
        user.save(update_fields=list(clean) or None)
        if zone_changed:
            from closeknit.nudges import services as nudges

            nudges.reschedule(user=user)
    return user


def delete_account(*, user: User, password: str) -> None:
    """Remove the person and everything they wrote. A shared space ends first, so the partner keeps
    their own entries and simply stops seeing anything of this person's."""
    from closeknit.clinic.services import notes
    from closeknit.core import access
    from closeknit.couples import services as couples

    if not user.check_password(password):
        raise ServiceError("That password isn't right.", status=403, code="wrong_password", field="password")
    if notes.holds_clinical_records(user):
        raise ServiceError(
            "You hold clinical records (care episodes, notes and the log of what you read), and they are "
            "part of your practice's records, which must be kept. Please talk with your practice about "
            "handing them over before you delete this account.",
            status=409,
            code="keeps_clinical_records",
        )
    with transaction.atomic():
        if access.active_couple_id(user) is not None:
            couples.leave_space(user=user)
        # A clinician's notes about this person are the practice's record, not this person's writing:
        # they stay, marked as about someone who deleted their account (docs/decisions.md).
        notes.keep_notes_about(user)
        # Check-ins, memberships, reminders, deliveries and email addresses cascade. The audit trail of the
        # person's own profile goes too (it holds their email and name); the cascade itself is not audited,
        # or it would record entries pointing at a person who no longer exists.
        LogEntry.objects.get_for_object(user).delete()
        with disable_auditlog():
            user.delete()
