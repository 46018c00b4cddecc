"""The clinician's calendar over real HTTP: the week and the day in the clinician's zone across the March
DST change, who may open it, moving a session within the practice's rules, and the private feed
(no client names; a stopped or renewed address answers 404)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from closeknit.clinic.models import Appointment, AvailabilityException, CalendarFeed
from closeknit.clinic.services import booking, care
from tests.clinic.helpers import reach
from tests.clinic.intensive_helpers import joined_episode, schedule

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
BOOKED_AT = dt.datetime(2027, 3, 1, 14, tzinfo=UTC)  # Monday 09:00 in New York


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, tzinfo=NY)


@pytest.fixture
def week(clinic, couple):
    """Rivera (New York): a session on Friday 12 March (EST), one on Wednesday 17 March (EDT, after the
    clocks change on Sunday 14 March), a day off on the 14th itself, and a two-day intensive on 15-16
    March for a couple in care."""
    with time_machine.travel(BOOKED_AT, tick=False):
        lead, mine, _ = reach(clinic.rivera, screened=True)
        before = booking.book(token=mine.token, start=at(12, 10), now=BOOKED_AT)
        lead2, mine2, _ = reach(clinic.rivera, 1, screened=True)
        after = booking.book(token=mine2.token, start=at(17, 10), now=BOOKED_AT)
        AvailabilityException.objects.create(clinician=clinic.rivera, date=dt.date(2027, 3, 14))
        episode = joined_episode(clinic, couple)
        intensive = schedule(clinic, episode, starts_on=dt.date(2027, 3, 15))
    return {"before": before, "after": after, "lead": lead, "lead2": lead2, "intensive": intensive}


def days(html: str) -> dict[str, str]:
    """Each day's column of the page, by its local date."""
    parts = re.findall(r'<section class="cal-day[^"]*"[^>]*data-date="([\d-]+)">(.*?)</section>', html, re.S)
    return dict(parts)


def page(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def test_week_in_the_clinicians_zone_across_dst(client, clinic, week):
    # 04:30 UTC on Sunday 14 March is still Saturday 13 March, 23:30, in New York.
    with time_machine.travel(dt.datetime(2027, 3, 14, 4, 30, tzinfo=UTC), tick=False):
        r = page(client, clinic.rivera.user, "/clinic/calendar/")
    assert r.status_code == 200
    html = r.content.decode()
    cols = days(html)
    assert list(cols) == [f"2027-03-{d:02d}" for d in range(8, 15)]
    assert 'cal-today" aria-labelledby="day-2027-03-13"' in html
    assert "10:00–10:50" in cols["2027-03-12"] and "Couple session" in cols["2027-03-12"]
    assert "Alex 0 &amp; Robin 0" in cols["2027-03-12"]  # the desk shows who; the feed never does
    assert "Time off" in cols["2027-03-14"] and "All day" in cols["2027-03-14"]
    assert sum("Couple session" in c for c in cols.values()) == 1
    assert "America/New_York" in html
    assert "date=2027-03-01" in html and "date=2027-03-15" in html  # previous and next week

    r = client.get("/clinic/calendar/?date=2027-03-15")
    cols = days(r.content.decode())
    assert list(cols)[0] == "2027-03-15"
    # 14:00 UTC is 10:00 in New York after the change (it was 15:00 UTC before it).
    assert week["after"].start == dt.datetime(2027, 3, 17, 14, tzinfo=UTC)
    assert "10:00–10:50" in cols["2027-03-17"] and "Couple session" in cols["2027-03-17"]
    assert "Intensive — day 1" in cols["2027-03-15"] and "Intensive — day 2" in cols["2027-03-16"]
    first_block = week["intensive"].blocks.order_by("start").first()
    assert first_block.start.astimezone(NY).strftime("%H:%M") in cols["2027-03-15"]


def test_day_view_and_bad_dates(client, clinic, week):
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        r = page(client, clinic.rivera.user, "/clinic/calendar/day/?date=2027-03-12")
        assert r.status_code == 200
        cols = days(r.content.decode())
        assert list(cols) == ["2027-03-12"] and "10:00–10:50" in cols["2027-03-12"]
        assert "date=2027-03-11" in r.content.decode() and "date=2027-03-13" in r.content.decode()
        r = client.get("/clinic/calendar/?date=next-tuesday")
        assert r.status_code == 400 and "Please give a date like" in r.content.decode()
        assert client.get("/clinic/calendar/?clinician=abc").status_code == 404


def test_who_may_open_a_calendar(client, clinic, week, couple):
    url = f"/clinic/calendar/?clinician={clinic.rivera.pk}&date=2027-03-15"
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        for outsider in (clinic.okafor.user, clinic.stranger.user, couple.a):
            assert page(client, outsider, url).status_code == 404
        for desk in (clinic.owner, clinic.admin):
            r = page(client, desk, url)
            assert r.status_code == 200
            cols = days(r.content.decode())
            assert "Couple session" in cols["2027-03-17"]
            # An intensive is its clinician's own work: colleagues see the time as taken, nothing more.
            assert "Intensive" not in r.content.decode() and "Busy" in cols["2027-03-15"]
        client.logout()
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_move_within_the_rules(client, clinic, week):
    appt = week["after"]
    url = f"/clinic/calendar/appointments/{appt.pk}/move/"
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        assert page(client, clinic.okafor.user, url).status_code == 404
        r = page(client, clinic.rivera.user, url)
        assert r.status_code == 200 and at(18, 11).isoformat() in r.content.decode()
        r = client.post(url, {"start": at(18, 3).isoformat()})  # 03:00: outside her hours
        assert r.status_code == 400 and 'id="move-error"' in r.content.decode()
        r = client.post(url, {"start": at(12, 10).isoformat()})  # the other session's time
        assert r.status_code in (400, 409)
        r = client.post(url, {"start": "tomorrow"})
        assert r.status_code == 400
        appt.refresh_from_db()
        assert appt.start == at(17, 10) and appt.sequence == 0
        r = client.post(url, {"start": at(18, 11).isoformat()})
        assert r.status_code == 302 and "date=2027-03-18" in r["Location"]
    appt.refresh_from_db()
    assert appt.start == at(18, 11) and appt.sequence == 1 and appt.uid == week["after"].uid
    # The front desk may move sessions too (they manage the schedule), under the same rules.
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        r = page(client, clinic.admin, url)
        r = client.post(url, {"start": at(18, 13).isoformat()})
        assert r.status_code == 302
    assert Appointment.objects.get(pk=appt.pk).start == at(18, 13)


def _feed_secret(html: str) -> str:
    m = re.search(r'value="[^"]*/calendar/([^"/]+)\.ics"', html)
    assert m, html
    return m.group(1)


def test_private_feed_has_no_names_and_stops(client, clinic, week):
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        client.force_login(clinic.rivera.user)
        r = client.post("/clinic/calendar/feed/", {"action": "new"})
        assert r.status_code == 200
        secret = _feed_secret(r.content.decode())
        feed = CalendarFeed.objects.get(clinician=clinic.rivera)
        assert feed.secret_hash != secret and secret not in feed.secret_hash
        client.logout()
        r = client.get(f"/calendar/{secret}.ics")
        assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
        text = r.content.decode()
        cal = Calendar.from_ical(r.content)
        summaries = sorted({str(e["summary"]) for e in cal.walk("VEVENT")})
        assert summaries == ["Couple session", "Intensive — day 1", "Intensive — day 2", "Time off"]
        for name in ("Alex", "Robin", "example.test", "meet.example", "Rivera", week["intensive"].name):
            assert name not in text
        starts = {e.decoded("dtstart") for e in cal.walk("VEVENT") if str(e["summary"]) == "Couple session"}
        assert starts == {week["before"].start, week["after"].start}
        assert dt.date(2027, 3, 14) in {e.decoded("dtstart") for e in cal.walk("VEVENT")}

        # A new address ends the old one; stopping ends the new one. Both then look like any wrong address.
        client.force_login(clinic.rivera.user)
        second = _feed_secret(client.post("/clinic/calendar/feed/", {"action": "new"}).content.decode())
        client.logout()
        assert client.get(f"/calendar/{secret}.ics").status_code == 404
        assert client.get(f"/calendar/{second}.ics").status_code == 200
        client.force_login(clinic.rivera.user)
        assert client.post("/clinic/calendar/feed/", {"action": "stop"}).status_code == 302
        client.logout()
        gone = client.get(f"/calendar/{second}.ics")
        wrong = client.get(f"/calendar/{'x' * len(second)}.ics")
        assert gone.status_code == wrong.status_code == 404
        same = re.compile(rb'((nonce|value|content)="|"X-CSRFToken": ")[^"]*"')  # per-response tokens aside
        assert same.sub(b"", gone.content) == same.sub(b"", wrong.content)
        assert not CalendarFeed.objects.exists()


def test_only_a_clinician_makes_a_feed(client, clinic, week):
    client.force_login(clinic.admin)
    assert client.post("/clinic/calendar/feed/", {"action": "new"}).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_feed_ends_with_the_clinician_role(client, clinic, week):
    from closeknit.clinic.models import StaffRole

    client.force_login(clinic.rivera.user)
    secret = _feed_secret(client.post("/clinic/calendar/feed/", {"action": "new"}).content.decode())
    StaffRole.objects.filter(user=clinic.rivera.user, role="clinician").delete()
    client.logout()
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_cancelled_sessions_leave_the_calendar(client, clinic, week):
    care  # the episode above is what puts the intensive on the calendar
    Appointment.objects.filter(pk=week["before"].pk).update(status="cancelled")
    with time_machine.travel(dt.datetime(2027, 3, 10, 15, tzinfo=UTC), tick=False):
        cols = days(page(client, clinic.rivera.user, "/clinic/calendar/?date=2027-03-12").content.decode())
    assert "Couple session" not in cols["2027-03-12"]
