"""The directory on a phone (390 x 844) in London: the first therapist is on the first screen, nothing
runs off the right edge, "Refine" opens the filters, and times read on the visitor's own clock."""

from __future__ import annotations

import os

from tests.browser.conftest import PHONE
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)
from tests.clinic.helpers import reach

SHOTS = os.environ.get("SHOTS_DIR", "")


def _london(browser, live_server):
    ctx = browser.new_context(viewport=PHONE, base_url=live_server.url, timezone_id="Europe/London")
    return ctx, ctx.new_page()


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_directory_on_a_phone_in_london(browser, live_server, clinic):  # noqa: F811
    ctx, page = _london(browser, live_server)
    try:
        page.goto("/therapists/")
        page.wait_for_selector("#results[data-shown-zone='Europe/London']")  # the script told the server, once
        first = page.locator(".clinic-listing").first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"] / 2, first  # results first
        assert not page.locator("#language").is_visible()  # folded
        next_free = page.locator(f".clinic-listing[data-slug='{clinic.rivera.slug}'] [data-next]").inner_text()
        assert "your time" in next_free and "New York" in next_free
        _no_sideways_scroll(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "directory-390.png"), full_page=True)
        page.click("#refine-toggle")
        page.check("input[name=meeting][value=online]")
        with page.expect_navigation():  # a GET to the same page: wait for the new results, not the old
            page.click("#find")
        slugs = page.locator(".clinic-listing").evaluate_all("els => els.map(e => e.dataset.slug)")
        assert clinic.rivera.slug in slugs and clinic.okafor.slug not in slugs  # Online works
        _no_sideways_scroll(page)
    finally:
        ctx.close()


def test_booking_on_a_phone_in_london(browser, live_server, clinic):  # noqa: F811
    _, mine, _ = reach(clinic.rivera, screened=True)
    ctx, page = _london(browser, live_server)
    try:
        page.goto(f"/reach-out/{mine.token}/book/")
        page.wait_for_selector("#slots-zone[data-shown-zone='Europe/London']")
        assert "your time (Europe/London)" in page.inner_text("#slots-zone")
        assert "New York" in page.inner_text("#slots-zone")
        assert page.locator("details.slot-day[open]").count() == 1  # one day open; the rest folded
        _no_sideways_scroll(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "book-390.png"), full_page=True)
    finally:
        ctx.close()
