"""Calendar invites (RFC 5545) with the clinician's zone as a VTIMEZONE, so a calendar shows the right
instant on either side of a DST change, plus the words of the confirmation email."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from icalendar import Calendar, Event, vCalAddress, vText

from closeknit.clinic.models import Appointment
from closeknit.clinic.services.intake import partner_reachable
from closeknit.core.time import zone

PRODID = "-//closeknit//clinic//EN"
ONLINE_NOTE = gettext_noop(
    "It's online. The link to join appears 15 minutes before the start, on your booking page, "
    "and we email it to you then."
)
# The words below are in the active language: emails.py renders each one inside the recipient's own
# (translation.override), so each partner reads theirs.


def recipients(appt: Appointment) -> list[tuple[str, str, str]]:
    """(name, email, own screen token) for each partner of the lead; each gets their own manage link.
    The partner only once invited (intake.partner_reachable), so a booking never reaches a partner the
    writer's own screen kept out; the writer not once they took their part of the request back."""
    lead = appt.lead
    assert lead is not None  # both callers (emails) return early for an appointment without a lead
    tokens = dict(lead.screens.values_list("person", "token"))
    out = [(lead.name, lead.email, tokens["a"])] if lead.email else []
    if partner_reachable(lead):
        out.append((lead.partner_name, lead.partner_email, tokens["b"]))
    return out


def calendar(appt: Appointment, *, cancelled: bool = False) -> bytes:
    clinician = appt.clinician
    tz = zone(clinician.user.timezone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", appt.uid)
    event.add("sequence", appt.sequence)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", appt.start.astimezone(tz))
    event.add("dtend", appt.end.astimezone(tz))
    event.add("summary", _("First conversation with %(name)s") % {"name": clinician.user.name})
    # An online session's link never goes in the invite: it is shown to the participants only from
    # 15 minutes before (selectors.online), and an invite lives on in calendars and forwards.
    event.add("location", _("Online") if appt.online else appt.location)
    event.add(
        "description",
        _("A free first conversation with %(name)s (%(practice)s).")
        % {"name": clinician.user.name, "practice": clinician.practice.name}
        + "\n"
        + (_(ONLINE_NOTE) if appt.online else _("Address: %(place)s") % {"place": appt.location}),
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(clinician.practice.name)
    event["organizer"] = organizer
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def when(appt: Appointment, tz_name: str) -> str:
    """The day and time in words, in the active language: "Monday 7 December 2026 at 14:00 (Zone)"."""
    local = appt.start.astimezone(zone(tz_name))
    # Django's own date format (day and month names follow the language), not strftime's C locale.
    return dateformat.format(local, pgettext("day and time in an email", "l j F Y \\a\\t H:i")) + f" ({tz_name})"


def message(appt: Appointment, *, change: str, name: str, manage_url: str) -> tuple[str, str]:
    therapist = appt.clinician.user.name
    tz = appt.clinician.user.timezone
    at = when(appt, tz)
    if appt.online:
        where = _("It's online. The link to join appears 15 minutes before the start, here: %(url)s") % {
            "url": manage_url
        }
    else:
        where = (
            _("Where: %(place)s") % {"place": appt.location}
            if appt.location
            else _("Your therapist will send the details.")
        )
    hello = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
    if change == "cancelled":
        return (
            _("First conversation with %(name)s cancelled") % {"name": therapist},
            f"{hello}\n\n"
            + _("Your first conversation with %(name)s on %(when)s is cancelled. You can pick a new time here: %(url)s")
            % {"name": therapist, "when": at, "url": manage_url}
            + "\n",
        )
    if change == "reminder":
        return (
            _("Tomorrow: first conversation with %(name)s") % {"name": therapist},
            f"{hello}\n\n"
            + _("A reminder: your first conversation with %(name)s is on %(when)s.") % {"name": therapist, "when": at}
            + f"\n{where}\n\n"
            + _("If you need to change it: %(url)s") % {"url": manage_url}
            + "\n",
        )
    booked = (
        _("Your first conversation with %(name)s is moved to %(when)s.")
        if change == "rescheduled"
        else _("Your first conversation with %(name)s is booked for %(when)s.")
    )
    return (
        _("First conversation with %(name)s: %(when)s") % {"name": therapist, "when": at},
        f"{hello}\n\n"
        + booked % {"name": therapist, "when": at}
        + f"\n{where}\n\n"
        + _("The invite attached adds it to your calendar. To change or cancel it: %(url)s") % {"url": manage_url}
        + "\n",
    )


def join_message(appt: Appointment, *, name: str, url: str, manage_url: str) -> tuple[str, str]:
    """Sent in the 15 minutes before an online session, to a participant only, with their own link."""
    therapist = appt.clinician.user.name
    hello = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
    at = when(appt, appt.clinician.user.timezone)
    return (
        _("Your conversation with %(name)s starts soon") % {"name": therapist},
        f"{hello}\n\n"
        + _("Your conversation with %(name)s starts at %(when)s.") % {"name": therapist, "when": at}
        + "\n\n"
        + _("Join here: %(url)s") % {"url": url}
        + "\n\n"
        + _("This link is just for you. It works for this session only. It is also on your page: %(url)s")
        % {"url": manage_url}
        + "\n",
    )


def intensive_calendar(
    *,
    intensive_id: int,
    name: str,
    blocks: list[tuple[int, dt.datetime, dt.datetime, str]],
    tz: dt.tzinfo,
    cancelled: bool,
) -> bytes:
    """An intensive's blocks (id, start, end, title) as one calendar file, breaks left out by the caller.
    Titles only: no names or clinical words leave for a third-party calendar."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for block_id, start, end, title in blocks:
        event = Event()
        event.add("uid", f"intensive-{intensive_id}-block-{block_id}@closeknit")
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("dtstart", start.astimezone(tz))
        event.add("dtend", end.astimezone(tz))
        event.add("summary", f"Intensive: {title}")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def clinician_feed(*, events: list, tz: dt.tzinfo) -> bytes:
    """A clinician's own schedule for their calendar app: times and plain labels only ("Couple session",
    "Intensive — day 1", "Time off"), never who it is with, because the file lives at a third party."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "closeknit")
    stamp = dt.datetime.now(dt.UTC)
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        if e.start is None:  # a whole day off
            event.add("dtstart", e.day)
            event.add("dtend", e.day + dt.timedelta(days=1))
            event.add("transp", "OPAQUE")
        else:
            event.add("dtstart", e.start.astimezone(tz))
            event.add("dtend", e.end.astimezone(tz))
        event.add("summary", e.title)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
