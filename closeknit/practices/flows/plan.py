"""Distraction-free time: a date idea planned into a calendar as an .ics file any phone can import."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from closeknit.accounts.http import AuthedRequest
from closeknit.core.time import zone
from closeknit.practices.library import library

LENGTH = {"30-min": 30, "evening": 180, "day": 480, "weekend": 60 * 24 * 2}


def build_ics(*, idea_id: str, when: dt.datetime, tz_name: str) -> bytes:
    """One event with a gentle reminder an hour before. Only the idea goes in; nothing personal."""
    deck = library().decks["date-ideas"]
    item = deck.item(idea_id)
    if item is None:
        raise ValueError(idea_id)
    start = when.replace(tzinfo=zone(tz_name))
    cal = Calendar()
    cal.add("prodid", "-//closeknit//practices//EN")
    cal.add("version", "2.0")
    event = Event()
    uid = hashlib.sha256(f"{idea_id}|{start.isoformat()}".encode()).hexdigest()[:24]
    event.add("uid", f"{uid}@closeknit")
    event.add("summary", _("Time together: %(idea)s") % {"idea": item.text})
    event.add("description", _("Phones away, just the two of you. closeknit has a timer for this if you want one."))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=LENGTH.get(item.time or "", 60)))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Time together soon"))
    alarm.add("trigger", dt.timedelta(hours=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()


@login_required
def ics(request: AuthedRequest) -> HttpResponse:
    idea = request.GET.get("idea", "")
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
        at = dt.time.fromisoformat(request.GET.get("time", "") or "19:00")
        body = build_ics(idea_id=idea, when=dt.datetime.combine(day, at), tz_name=request.user.timezone)
    except ValueError:
        return HttpResponse(
            _("Please pick an idea, a date and a time, then try again."), status=400, content_type="text/plain"
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="time-together.ics"'
    return response
