"""Turning a clinician's private calendar feed on, renewing and stopping it. Only a hash of the secret is
stored, so the address is shown once, when it is made; making a new one ends the old one at once."""

from __future__ import annotations

import secrets

from django.db import transaction

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import CalendarFeed
from closeknit.clinic.selectors.calendar import hash_secret
from closeknit.core.errors import NotFound


def renew(*, user: User) -> str:
    """A fresh secret for the person's own feed (replacing any old one); returns the secret itself."""
    profile = rules.own_profile(user)
    if profile is None:
        raise NotFound("Only a clinician has a calendar feed.")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(clinician=profile).delete()
        CalendarFeed.objects.create(clinician=profile, secret_hash=hash_secret(secret))
    return secret


def revoke(*, user: User) -> None:
    profile = rules.own_profile(user)
    if profile is None:
        raise NotFound("Only a clinician has a calendar feed.")
    CalendarFeed.objects.filter(clinician=profile).delete()
