"""The clock a visitor reads public times on: their browser's zone when it has told us (a small script
sets the `ck_tz` cookie), else the zone of their account, else the therapist's. Pages say which one
they used, so a time is never silently on someone else's clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _

from closeknit.core.time import VISITOR_ZONE_COOKIE as COOKIE
from closeknit.core.time import is_valid_zone, zone


@dataclass(frozen=True)
class Clock:
    zone: str  # an IANA name
    source: str  # "browser", "account" or "therapist"
    therapist_zone: str

    @property
    def label(self) -> str:
        """The words beside a time: "your time (Europe/London)" or "New York time, the therapist's"."""
        if self.source == "therapist":
            return _("%(place)s time, the therapist's") % {"place": place(self.zone)}
        return _("your time (%(zone)s)") % {"zone": self.zone}

    @property
    def differs(self) -> bool:
        return self.zone != self.therapist_zone


def place(zone_name: str) -> str:
    """A zone as a place: "New York" for America/New_York."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class Shown:
    """One instant as a visitor reads it: on their clock (or the therapist's, said so)."""

    at: dt.datetime
    label: str  # "your time" or "New York time, the therapist's"
    therapist_place: str  # "they are in New York" when that clock differs from the one shown; else ""


def show(instant: dt.datetime, visitor_clock: Clock | None, therapist_zone: str) -> Shown:
    if visitor_clock is None or visitor_clock.source == "therapist":
        label = _("%(place)s time, the therapist's") % {"place": place(therapist_zone)}
        return Shown(instant.astimezone(zone(therapist_zone)), label, "")
    differs = visitor_clock.zone != therapist_zone
    where = (
        _("they are in %(place)s") % {"place": place(therapist_zone)}
        if "/" in therapist_zone
        else _("their clock is %(zone)s") % {"zone": therapist_zone}
    )
    return Shown(instant.astimezone(zone(visitor_clock.zone)), _("your time"), where if differs else "")


def clock(request: HttpRequest, therapist_zone: str) -> Clock:
    sent = request.COOKIES.get(COOKIE, "")
    if sent and is_valid_zone(sent):
        return Clock(sent, "browser", therapist_zone)
    user = getattr(request, "user", None)
    own = getattr(user, "timezone", "") if getattr(user, "is_authenticated", False) else ""
    if own and is_valid_zone(own):
        return Clock(own, "account", therapist_zone)
    return Clock(therapist_zone, "therapist", therapist_zone)
