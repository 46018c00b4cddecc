"""A timed step on a calm screen, with the page's clock under the test's control (no sleeping):
the countdown runs, ends, says so, and plays a chime made on the phone (no audio file fetched)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_practices_talk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_eye_contact_countdown_and_chime(new_phone, make_couple):
    pair = make_couple()
    page = new_phone()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    log_in(page, pair.a)
    page.goto("/practices/eye-contact/")
    page.click("#start-practice")
    page.click("#step-next")  # step 2: 30 seconds of slow breaths
    assert page.inner_text("#timer-clock") == "0:30"
    # The countdown starts when the page's script binds the timer (a deferred script): moving the clock
    # before that would move it past a timer that has not started yet.
    expect(page.locator("#timer")).to_have_attribute("data-bound", "1")
    assert page.locator("main.pr-calm").count() == 1
    assert page.is_visible("#get-help") and page.is_visible("#quick-exit")
    page.clock.run_for(10_000)
    assert page.inner_text("#timer-clock") == "0:20"
    page.clock.run_for(21_000)
    assert page.inner_text("#timer-clock") == "0:00"
    assert "Time's up" in page.inner_text("#timer-note")
    assert page.get_attribute("#timer", "data-done") == "1"
    assert page.get_attribute("#timer", "data-chimed") in ("1", "unavailable")
    assert not [u for u in fetched if u.endswith((".mp3", ".wav", ".ogg", ".m4a"))]

    # Finishing writes the log; the week count on the library page goes up.
    page.click("#step-next")
    page.click("#step-next")
    page.click("#step-next")
    page.fill("#reflection", "Calmer than I expected.")
    page.click("#finish")
    page.wait_for_url("**/practices/")
    assert page.inner_text("#week-count") == "1"
