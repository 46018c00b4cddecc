"""Booking, moving and cancelling; the rules; confirmations with a calendar invite both partners get."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from icalendar import Calendar

from closeknit.clinic.models import Appointment, AvailabilityException
from closeknit.clinic.services import booking
from closeknit.core.errors import ServiceError
from tests.clinic.helpers import reach

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
NOW = dt.datetime(2027, 3, 1, 14, tzinfo=UTC)  # Monday 09:00 in New York


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, tzinfo=NY)


def attachment(msg) -> Calendar:
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar invite attached")


def test_book_confirms_both_with_ics_across_dst(clinic, smtp_server, django_capture_on_commit_callbacks):
    lead, mine, _ = reach(clinic.rivera, screened=True)
    with django_capture_on_commit_callbacks(execute=True):
        appt = booking.book(token=mine.token, start=at(17, 10), now=NOW)  # after clocks change on 14 March
    assert appt.start == dt.datetime(2027, 3, 17, 14, tzinfo=UTC)
    for email in (lead.email, lead.partner_email):
        msg = smtp_server.wait_for(email)
        # The room link waits for the 15 minutes before the start (selectors.online); the email says so.
        assert "https://meet.example.test/rivera" not in smtp_server.body(msg)
        assert "appears 15 minutes before the start" in smtp_server.body(msg)
        cal = attachment(msg)
        event = next(iter(cal.walk("VEVENT")))
        start = event.decoded("dtstart")
        assert start == dt.datetime(2027, 3, 17, 14, tzinfo=UTC)
        assert str(start.tzinfo) == "America/New_York" or getattr(start.tzinfo, "key", "") == "America/New_York"
        assert event.decoded("dtend") - start == dt.timedelta(minutes=50)
        assert str(event["location"]) == "Online" and "meet.example.test" not in cal.to_ical().decode()
        tzids = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
        assert tzids == ["America/New_York"]


def test_winter_booking_is_a_different_offset(clinic, smtp_server, django_capture_on_commit_callbacks):
    lead, mine, _ = reach(clinic.rivera)
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(token=mine.token, start=at(10, 10), now=NOW)
    event = next(iter(attachment(smtp_server.wait_for(lead.email)).walk("VEVENT")))
    assert event.decoded("dtstart") == dt.datetime(2027, 3, 10, 15, tzinfo=UTC)


def test_in_person_carries_the_address(clinic, smtp_server, django_capture_on_commit_callbacks):
    lead, mine, _ = reach(clinic.okafor, online=False, screened=True)
    with django_capture_on_commit_callbacks(execute=True):
        appt = booking.book(
            token=mine.token, start=dt.datetime(2027, 3, 3, 10, tzinfo=ZoneInfo("America/Chicago")), now=NOW
        )
    assert appt.location == "12 Harbor St, Suite 4" and not appt.online
    assert "12 Harbor St" in smtp_server.body(smtp_server.wait_for(lead.partner_email))


@pytest.mark.parametrize(
    "start, code",
    [
        (dt.datetime(2027, 2, 1, 10, tzinfo=NY), "slot_unavailable"),  # in the past
        (at(1, 15), "slot_unavailable"),  # inside the notice period
        (at(6, 10), "slot_unavailable"),  # a Saturday: no hours
        (at(4, 18), "slot_unavailable"),  # Thursday evening: only Wednesday has evening hours
        (at(3, 10).replace(minute=30), "slot_unavailable"),  # off the grid
        (dt.datetime(2027, 8, 2, 10, tzinfo=NY), "slot_unavailable"),  # beyond 60 days
    ],
)
def test_refusals_change_nothing(clinic, start, code):
    _, mine, _ = reach(clinic.rivera)
    with pytest.raises(ServiceError) as exc:
        booking.book(token=mine.token, start=start, now=NOW)
    assert exc.value.code == code and exc.value.status == 400
    assert Appointment.objects.count() == 0


def test_evening_hours_are_bookable(clinic):
    _, mine, _ = reach(clinic.rivera)
    assert booking.book(token=mine.token, start=at(3, 18), now=NOW).start == dt.datetime(2027, 3, 3, 23, tzinfo=UTC)


def test_day_off_exception(clinic):
    AvailabilityException.objects.create(clinician=clinic.rivera, date=dt.date(2027, 3, 4))
    _, mine, _ = reach(clinic.rivera)
    with pytest.raises(ServiceError):
        booking.book(token=mine.token, start=at(4, 10), now=NOW)


def test_slot_taken_and_already_booked_are_409(clinic):
    _, a, b_partner = reach(clinic.rivera, 1)
    _, b, _ = reach(clinic.rivera, 2)
    booking.book(token=a.token, start=at(3, 10), now=NOW)
    with pytest.raises(ServiceError) as exc:
        booking.book(token=b.token, start=at(3, 10), now=NOW)
    assert (exc.value.status, exc.value.code) == (409, "slot_taken")
    with pytest.raises(ServiceError) as exc:
        booking.book(token=b_partner.token, start=at(3, 11), now=NOW)  # the other partner, same couple
    assert (exc.value.status, exc.value.code) == (409, "already_booked")
    assert Appointment.objects.count() == 1


def test_reschedule_keeps_calendar_id_and_cancel_frees_the_slot(
    clinic, smtp_server, django_capture_on_commit_callbacks
):
    lead, mine, theirs = reach(clinic.rivera, screened=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = booking.book(token=mine.token, start=at(3, 10), now=NOW)
        moved = booking.reschedule(token=theirs.token, start=at(4, 11), now=NOW)
    assert (moved.pk, moved.uid, moved.sequence) == (first.pk, first.uid, 1)
    rescheduled = [m for m in smtp_server.messages if m["To"] == lead.partner_email][-1]
    event = next(iter(attachment(rescheduled).walk("VEVENT")))
    assert event["uid"] == first.uid and int(event["sequence"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(token=mine.token, now=NOW)
    last = [m for m in smtp_server.messages if m["To"] == lead.email][-1]
    cal = attachment(last)
    assert str(cal["method"]) == "CANCEL"
    _, other, _ = reach(clinic.rivera, 5)
    booking.book(token=other.token, start=at(4, 11), now=NOW)


def test_changes_close_before_the_start(clinic):
    _, mine, _ = reach(clinic.rivera)
    booking.book(token=mine.token, start=at(3, 10), now=NOW)
    late = dt.datetime(2027, 3, 3, 5, tzinfo=UTC)
    for change in (
        lambda: booking.cancel(token=mine.token, now=late),
        lambda: booking.reschedule(token=mine.token, start=at(4, 10), now=late),
    ):
        with pytest.raises(ServiceError) as exc:
            change()
        assert exc.value.code == "too_late_to_change"


def test_database_refuses_a_second_booking_of_one_start(clinic):
    kw = dict(clinician=clinic.rivera, start=at(3, 10), end=at(3, 11))
    Appointment.objects.create(uid="one", **kw)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(uid="two", **kw)
    Appointment.objects.create(uid="three", status="cancelled", **kw)  # cancelled rows don't hold the slot


def test_booking_page(client, clinic):
    _, mine, _ = reach(clinic.rivera)
    page = client.get(f"/reach-out/{mine.token}/book/")
    assert page.status_code == 200 and 'name="start"' in page.content.decode()
    text = page.content.decode()
    # Times read in the clinician's zone (09:00-17:00 New York), not in UTC.
    assert "<span>09:00</span>" in text and "<span>08:00</span>" not in text and "<span>21:00</span>" not in text
    r = client.post(f"/reach-out/{mine.token}/book/", {"start": "yesterday"})
    assert r.status_code == 400
    r = client.post(f"/reach-out/{mine.token}/book/", {"start": "2020-01-01T10:00:00+00:00"})
    assert r.status_code == 400 and "passed" in r.content.decode()


def test_an_intensive_day_is_not_offered_or_bookable(clinic, couple):
    """Scheduling an intensive takes its days off the booking calendar: no slot inside a block is
    offered, and a booking there is refused without saying why (a lead must not learn of a couple)."""
    from closeknit.clinic.models import IntensiveBlock
    from closeknit.clinic.selectors import schedule
    from tests.clinic.intensive_helpers import joined_episode
    from tests.clinic.intensive_helpers import schedule as schedule_intensive

    today = dt.datetime.now(NY).date()
    monday = today + dt.timedelta(days=7 + (7 - today.weekday()) % 7)
    free_before = schedule.open_slots(clinic.rivera, days=21)
    on_monday = [s for s in free_before if s.astimezone(NY).date() == monday]
    assert on_monday, "the clinician offers times that Monday before the intensive is placed"

    intensive = schedule_intensive(clinic, joined_episode(clinic, couple), starts_on=monday)
    spans = list(IntensiveBlock.objects.filter(intensive=intensive).values_list("start", "end"))
    length = dt.timedelta(minutes=clinic.practice.consult_minutes)
    free_after = schedule.open_slots(clinic.rivera, days=21)
    inside = [s for s in free_before if any(a < s + length and s < b for a, b in spans)]
    assert inside and not set(inside) & set(free_after)
    assert set(free_before) - set(inside) == set(free_after)  # every other time is still offered

    _, mine, _ = reach(clinic.rivera)
    with pytest.raises(ServiceError) as exc:
        booking.book(token=mine.token, start=inside[0])
    assert (exc.value.status, exc.value.code) == (409, "slot_taken") and "intensive" not in exc.value.message
    assert not Appointment.objects.exists()
