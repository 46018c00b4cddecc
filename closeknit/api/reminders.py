"""The person's daily reminder. The schedule itself (next_at) is computed by nudges.services."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.api.common import In
from closeknit.api.errors import responses
from closeknit.nudges import services
from closeknit.nudges.models import Reminder

router = Router(tags=["reminders"])

HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class ReminderOut(Schema):
    enabled: bool
    local_time: str = Field(pattern=HH_MM, description="Hours and minutes in your own time zone, such as 20:00.")
    partner_nudges: bool = Field(description="A gentle note when your partner has checked in and you have not.")
    next_at: dt.datetime | None = Field(description="When the next reminder goes out (UTC), if enabled.")


class ReminderIn(In):
    enabled: bool
    local_time: str = Field(pattern=HH_MM, description="Hours and minutes in your own time zone, such as 20:00.")
    partner_nudges: bool


def reminder_out(reminder: Reminder) -> ReminderOut:
    return ReminderOut(
        enabled=reminder.enabled,
        local_time=reminder.local_time.strftime("%H:%M"),
        partner_nudges=reminder.partner_nudges,
        next_at=reminder.next_at,
    )


@router.get("/reminders", response={200: ReminderOut, **responses(401)}, summary="Your reminder")
def get_reminder(request: AuthedRequest) -> ReminderOut:
    """Whether the daily reminder is on, its time in your time zone, and whether your partner may nudge you."""
    return reminder_out(services.reminder_for(request.user))


@router.put("/reminders", response={200: ReminderOut, **responses(400, 401, 403, 422)}, summary="Set your reminder")
def put_reminder(request: AuthedRequest, payload: ReminderIn) -> ReminderOut:
    """Turn the daily reminder on or off and set its local time (HH:MM). Changes take effect from the next reminder."""
    hours, minutes = (int(part) for part in payload.local_time.split(":"))
    reminder = services.set_reminder(
        user=request.user,
        enabled=payload.enabled,
        local_time=dt.time(hours, minutes),
        partner_nudges=payload.partner_nudges,
    )
    return reminder_out(reminder)
