"""The clinic in a real browser: a person finds a therapist who fits, reaches out, both partners
answer their private screens from their own emails, a first conversation is booked and both get the
confirmation with a calendar invite; then a partner shares check-ins, the clinician sees them, the
partner stops sharing, and the clinician no longer does."""

from __future__ import annotations

import os
import re

import pytest
from icalendar import Calendar

from closeknit.checkins import services as checkins
from closeknit.clinic.models import Appointment, Screen
from closeknit.clinic.services import care
from tests.browser.helpers import log_in as _log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS")
DESKTOP = {"width": 1280, "height": 800}


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _link(box, to: str, live_url: str) -> str:
    body = box.body(box.wait_for(to))
    found = re.search(r"https?://\S+/reach-out/\S+/", body)
    assert found, body
    return re.sub(r"^https?://[^/]+", live_url, found.group(0))


def _answer_screen(page, *, afraid: bool = False) -> None:
    for name in ("hurt", "afraid", "control", "pressure", "crisis"):
        yes = name == "afraid" and afraid
        page.check(f"input[name={name}][value={'yes' if yes else 'no'}]")
    page.check("input[name=coming][value=want]")
    page.fill("#goals", "Feel like a team again.")
    page.click("#send-screen")


def test_find_reach_out_screen_and_book(new_phone, live_server, settings, clinic, smtp_server):  # noqa: F811
    settings.SITE_URL = live_server.url
    alex = new_phone()
    alex.goto("/therapists/")
    alex.click("#refine-toggle")  # the filters are folded under "Refine", results first
    alex.select_option("#language", "es")
    alex.check("input[name=cultural][value=intercultural]")
    alex.check("input[name=times][value=evenings]")
    with alex.expect_navigation():  # the search is a GET to the same page: its address alone can't tell it arrived
        alex.click("#find")
    # A language ranks, never hides: the Spanish speaker first, the others after, each saying why.
    listing = alex.locator(".clinic-listing")
    assert listing.count() > 1
    assert "Offers sessions in Spanish." in listing.first.inner_text()
    assert alex.locator("#others").is_visible()
    assert "Does not list sessions in Spanish." in listing.last.inner_text()
    _shot(alex, "clinic-directory-phone")
    listing.first.locator("a").first.click()
    _shot(alex, "clinic-profile-phone")
    alex.click("#reach-out")
    alex.fill("#name", "Alex")
    alex.fill("#email", "alex@example.test")
    alex.fill("#partner_name", "Robin")
    alex.fill("#partner_email", "robin@example.test")
    alex.fill("#message", "We keep missing each other.")
    _shot(alex, "clinic-reach-out-phone")
    alex.click("#send-reach-out")
    alex.wait_for_selector("#screen-form")
    _shot(alex, "clinic-screen-phone")
    _answer_screen(alex)
    alex.wait_for_selector("#screen-thanks")

    robin = new_phone()
    robin.goto(_link(smtp_server, "robin@example.test", live_server.url))
    _answer_screen(robin, afraid=True)
    robin.wait_for_selector("#screen-support")
    _shot(robin, "clinic-screen-support-phone")
    assert robin.locator("a#screen-help").get_attribute("href") == "/help/"
    assert Screen.objects.filter(flagged=True).count() == 1

    alex.click("#to-booking")
    alex.locator("input[name=start]").first.wait_for()
    assert "Read first" not in alex.content() and "telling us" not in alex.content()
    alex.locator("input[name=start]").first.check()
    _shot(alex, "clinic-book-phone")
    alex.click("#book-slot")
    alex.wait_for_selector("#booked")
    _shot(alex, "clinic-booked-phone")
    appt = Appointment.objects.get(status="booked")

    for address in ("alex@example.test", "robin@example.test"):
        msg = next(
            m for m in reversed(smtp_server.messages) if m["To"] == address and "First conversation" in m["Subject"]
        )
        ics = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
        event = next(iter(Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")))
        assert event.decoded("dtstart") == appt.start
        assert str(event["location"]) == "Online"  # the room link shows only from 15 minutes before


def test_share_see_revoke(browser, new_phone, live_server, clinic, make_couple, answers):  # noqa: F811
    couple = make_couple()
    episode = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    checkins.save_today(user=couple.a, answers=dict(answers, note="Only for me."))
    a = new_phone()
    _log_in(a, couple.a)
    a.goto(f"/care/join/{episode.join_token}/")
    _shot(a, "clinic-join-phone")
    a.click("#join-episode")
    a.wait_for_selector("#accept-policy")
    a.click("#accept-policy")
    care.join_episode(user=couple.b, token=episode.join_token)
    care.acknowledge(user=couple.b, episode_id=episode.pk, policy="no_secrets")
    a.click("#grant-checkins")
    a.wait_for_selector("#shared-checkins")
    _shot(a, "clinic-care-phone")

    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    doc = ctx.new_page()
    _log_in(doc, clinic.rivera.user)
    doc.goto("/clinic/")
    _shot(doc, "clinic-dashboard-desktop")
    doc.goto(f"/clinic/care/{episode.pk}/")
    doc.click(f"#show-checkins-{couple.a.pk}")
    table = doc.locator(f"#checkins-{couple.a.pk}")
    assert answers["appreciation"] in table.inner_text()
    assert "Only for me." not in doc.content()
    _shot(doc, "clinic-episode-desktop")

    a.goto("/care/")
    assert "read your daily check-ins" in a.locator("#my-access-log").inner_text()
    a.click("#revoke-checkins")
    a.wait_for_selector("#notshared-checkins")

    doc.goto(f"/clinic/care/{episode.pk}/")
    assert doc.locator(f"#show-checkins-{couple.a.pk}").count() == 0
    doc.goto(f"/clinic/care/{episode.pk}/?show=checkins-{couple.a.pk}")
    assert answers["appreciation"] not in doc.content()
    doc.goto("/clinic/availability/")
    _shot(doc, "clinic-availability-desktop")
    ctx.close()
