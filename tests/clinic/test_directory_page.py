"""A directory a stranger can use: results first with the filters folded, each card saying why, what it
costs, how they meet and the next free time; the Online filter; booking times on the visitor's clock."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.urls import reverse

from closeknit.clinic import visitor
from closeknit.clinic.selectors import directory, schedule
from tests.clinic.helpers import reach


def cards(text: str) -> list[str]:
    return re.findall(r'<article class="card clinic-listing".*?</article>', text, flags=re.S)


def test_results_come_first_and_the_filters_fold(client, clinic):
    text = client.get("/therapists/").content.decode()
    # The folded "Refine" sits at the top and holds the whole form; the first therapist follows it.
    assert text.index('id="refine"') < text.index('id="ask"') < text.index("</details>")
    assert text.index("</details>") < text.index('class="card clinic-listing"')
    refine = re.search(r'<details class="card refine" id="refine"([^>]*)>', text)
    assert refine and "open" not in refine.group(1)  # folded until asked for
    assert "<summary" in text and "Refine" in text


def test_each_card_says_why_fees_how_they_meet_and_the_next_free_time(client, clinic):
    text = client.get("/therapists/").content.decode()
    found = {re.search(r'data-slug="([^"]+)"', c).group(1): c for c in cards(text)}
    rivera, okafor = found[clinic.rivera.slug], found[clinic.okafor.slug]
    assert "$120–$160 a session · sliding scale" in rivera and "Online only" in rivera
    assert "$180 a session" in okafor and "sliding scale" not in okafor and "In person only" in okafor
    assert "What they offer" in rivera and "Offers sessions in" in rivera  # reasons even before asking
    first = schedule.open_slots(clinic.rivera, days=directory.NEXT_FREE_DAYS)[0].astimezone(
        ZoneInfo("America/New_York")
    )
    assert f"{first:%a} {first.day} {first:%b}, {first:%H:%M}</strong> New York time, the therapist&#x27;s" in rivera
    asked = client.get("/therapists/", {"language": "es"}).content.decode()
    assert "Why this may fit" in asked and "Offers sessions in Spanish." in asked


def test_the_online_filter_changes_who_is_shown(client, clinic):
    either = {re.search(r'data-slug="([^"]+)"', c).group(1) for c in cards(client.get("/therapists/").content.decode())}
    online = client.get("/therapists/", {"meeting": "online"}).content.decode()
    shown = {re.search(r'data-slug="([^"]+)"', c).group(1) for c in cards(online)}
    assert clinic.okafor.slug in either and clinic.okafor.slug not in shown  # in person only: left out
    assert clinic.rivera.slug in shown and "Meets online." in online
    in_person = client.get("/therapists/", {"meeting": "in_person"}).content.decode()
    assert {re.search(r'data-slug="([^"]+)"', c).group(1) for c in cards(in_person)} == {clinic.okafor.slug}
    assert re.search(r'<details class="card refine" id="refine"[^>]*>', online)


def test_the_next_free_time_is_on_the_visitors_clock_when_their_browser_says(client, clinic):
    client.cookies[visitor.COOKIE] = "Europe/London"
    text = client.get("/therapists/").content.decode()
    rivera = next(c for c in cards(text) if clinic.rivera.slug in c)
    first = schedule.open_slots(clinic.rivera, days=directory.NEXT_FREE_DAYS)[0].astimezone(ZoneInfo("Europe/London"))
    assert f"{first:%H:%M}</strong> your time" in rivera and "(they are in New York)" in rivera
    assert 'data-shown-zone="Europe/London"' in text
    client.cookies[visitor.COOKIE] = "Not/AZone"  # an unknown name falls back, never breaks the page
    assert "the therapist&#x27;s" in client.get("/therapists/").content.decode()


def test_booking_times_are_grouped_by_day_on_the_visitors_clock(client, clinic):
    _, mine, _ = reach(clinic.rivera, screened=True)
    url = reverse("clinic:book", args=[mine.token])
    plain = client.get(url).content.decode()
    assert "Times are New York time, the therapist&#x27;s (America/New_York)." in plain
    client.cookies[visitor.COOKIE] = "Europe/London"
    page = client.get(url).content.decode()
    assert "Times are your time (Europe/London). Dr. Rivera is in New York (America/New_York)." in page
    slots = [s.astimezone(ZoneInfo("Europe/London")) for s in schedule.open_slots(clinic.rivera, days=14)]
    days = re.findall(r'<details class="slot-day" id="day-(\d{4}-\d\d-\d\d)"', page)
    assert days == sorted({s.date().isoformat() for s in slots})  # one group per London day, in order
    assert page.count('<details class="slot-day"') == len(days) and page.count(" open>") >= 1
    values = re.findall(r'name="start" value="([^"]+)"', page)
    assert [dt.datetime.fromisoformat(v) for v in values] == slots  # the same instants, on London's clock
    assert all(v.endswith(("+00:00", "+01:00")) for v in values)
