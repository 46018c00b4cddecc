"""The clinician's week in a real browser at desktop width: seven days side by side in the clinician's
zone, next/previous/today, and moving a session from it; then the same page stays usable on a phone."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from closeknit.clinic.models import Appointment
from closeknit.clinic.services import booking
from closeknit.core.time import zone
from tests.browser.helpers import log_in as _log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)
from tests.clinic.helpers import next_weekday, reach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS")
DESKTOP = {"width": 1280, "height": 900}


def test_week_view_at_desktop_width(browser, new_phone, live_server, clinic):  # noqa: F811
    tz = clinic.rivera.user.timezone
    # Two weeks ahead on a Tuesday at 10:00 in her zone: clear of the notice period on any date and hour.
    start = next_weekday(1, 10, tz, weeks=2)
    _, mine, _ = reach(clinic.rivera, screened=True)
    appt = booking.book(token=mine.token, start=start)
    day = start.date().isoformat()
    monday = (start.date() - dt.timedelta(days=start.weekday())).isoformat()

    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        page = ctx.new_page()
        _log_in(page, clinic.rivera.user)
        page.click("#open-calendar")
        page.wait_for_selector("#calendar")
        today = dt.datetime.now(zone(tz)).date().isoformat()
        assert page.locator(f'.cal-today[data-date="{today}"]').count() == 1
        page.goto(f"/clinic/calendar/?date={day}")
        days = page.locator(".cal-day")
        assert days.count() == 7
        boxes = [days.nth(i).bounding_box() for i in range(7)]
        assert len({round(b["y"]) for b in boxes}) == 1  # one row of seven days
        assert all(boxes[i]["x"] < boxes[i + 1]["x"] for i in range(6))
        assert all(b["width"] > 120 for b in boxes)
        assert days.first.get_attribute("data-date") == monday
        event = page.locator(f'.cal-day[data-date="{day}"] .cal-session')
        assert "10:00–10:50" in event.inner_text() and "Alex 0" in event.inner_text()
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "calendar-week-desktop.png"), full_page=True)

        page.click("#cal-next")
        page.wait_for_url(f"**date={(start.date() - dt.timedelta(days=start.weekday() - 7)).isoformat()}*")
        assert page.locator(".cal-session").count() == 0
        with page.expect_navigation():
            page.click("#cal-prev")
        assert page.locator(f'.cal-day[data-date="{day}"] .cal-session').count() == 1
        with page.expect_navigation():
            page.click("#cal-today")
        assert page.locator(f'.cal-today[data-date="{today}"]').count() == 1

        # Move it to Thursday 11:00 of the same week, from the calendar.
        page.goto(f"/clinic/calendar/?date={day}")
        page.locator(f'.cal-day[data-date="{day}"] .cal-session .cal-action').click()
        target = (start + dt.timedelta(days=2, hours=1)).isoformat()
        page.check(f'input[name=start][value="{target}"]')
        page.click("#move-to")
        page.wait_for_selector("#calendar")
        thursday = (start.date() + dt.timedelta(days=2)).isoformat()
        assert "11:00–11:50" in page.locator(f'.cal-day[data-date="{thursday}"] .cal-session').inner_text()
        assert Appointment.objects.get(pk=appt.pk).sequence == 1
    finally:
        ctx.close()

    phone = new_phone()
    _log_in(phone, clinic.rivera.user)
    phone.goto(f"/clinic/calendar/?date={day}")
    boxes = [phone.locator(".cal-day").nth(i).bounding_box() for i in range(7)]
    assert len({round(b["x"]) for b in boxes}) == 1  # stacked, one day under the other
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        phone.screenshot(path=os.path.join(SHOTS, "calendar-week-phone.png"), full_page=True)
