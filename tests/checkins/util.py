"""Helpers shared by the privacy and domain tests: a settable clock and check-ins on any day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from closeknit.accounts.models import User
from closeknit.checkins import streaks
from closeknit.checkins.models import CheckIn

UTC = dt.UTC
ALL_SHARED = ["feelings", "emotional_closeness", "physical_closeness", "stress", "appreciation", "need", "note"]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def freeze(monkeypatch: pytest.MonkeyPatch, instant: dt.datetime) -> None:
    """Every `timezone.now()` in the product (services, core.time, auto_now) returns `instant`."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)


def checkin_on(user: User, couple_id: int, day: dt.date, *, tz: str | None = None, **answers: Any) -> CheckIn:
    """A check-in written on a past (or any) local day, as the service would have stored it then."""
    values: dict[str, Any] = {
        "feelings": ["calm"],
        "emotional_closeness": 5,
        "physical_closeness": 5,
        "stress": 5,
        "appreciation": "",
        "need": "",
        "note": "",
        "shared": ["feelings", "emotional_closeness", "physical_closeness", "stress", "appreciation", "need"],
    }
    values.update(answers)
    checkin = CheckIn.objects.create(
        author=user, couple_id=couple_id, local_date=day, timezone=tz or user.timezone, **values
    )
    streaks.refresh(user_id=user.pk, couple_id=couple_id)  # what the service keeps in the same transaction
    return checkin
