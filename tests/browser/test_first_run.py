"""First run on a phone: from signing up to an invitation in the share sheet in at most six taps, and
the copy fallback where a browser has no share sheet. Typing is not counted; every click is."""

from __future__ import annotations

import pytest

from closeknit.couples.models import Invitation
from tests.browser.helpers import wait_for_path
from tests.browser.test_couple_flow import PASSWORD, _verification_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium has no share sheet: record what the page hands to it, as the phone's sheet would get it.
SHARE_SHEET = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  value: function (data) { window.__shared.push(data); return Promise.resolve(); },
});
"""
MAX_TAPS = 6


class Taps:
    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def read_code(self, email: str) -> str:
        """Opening the verification email to read its code is a tap in the mail app."""
        self.count += 1
        return _verification_code(email)


def _sign_up(taps: Taps, email: str, live_url: str) -> None:
    page = taps.page
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    if page.locator("input[name=display_name]").count():
        page.fill("input[name=display_name]", "River")
    taps.tap("main button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    page.fill("input[name=code]", taps.read_code(email))
    taps.tap("#confirm-email-code")
    page.wait_for_url(live_url + "/")


def test_sign_up_to_invitation_sent_in_six_taps_or_fewer(new_phone, live_server, settings):
    settings.SITE_URL = live_server.url
    page = new_phone()
    page.context.add_init_script(SHARE_SHEET)
    taps = Taps(page)
    _sign_up(taps, "river@example.test", live_server.url)

    assert page.locator("#first-run").is_visible() and page.locator("#start-alone").is_visible()
    assert page.locator("#streak").count() == 0  # no "0 days in a row" before anything has begun
    taps.tap("#invite-partner")
    page.wait_for_url("**/space/invite/send/")
    taps.tap("#share-invite")
    page.wait_for_function("() => window.__shared.length > 0")  # a function, not a string eval'd under CSP
    shared = page.evaluate("window.__shared[0]")
    inv = Invitation.objects.get()
    assert shared["url"] == f"{live_server.url}/join/{inv.token}/"
    assert "try closeknit together" in shared["text"]
    assert "Sent" in page.inner_text("#share-status")
    assert taps.count <= MAX_TAPS, f"{taps.count} taps from sign-up to a sent invitation"
    print(f"taps from sign-up to invitation sent: {taps.count}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The link works for the partner, and Today now says the invitation is on its way.
    other = new_phone()
    other.goto(shared["url"])
    assert "invited you" in other.inner_text("h1")
    page.click("#go-today")
    wait_for_path(page, "/")
    assert page.locator("#invite-waiting").is_visible() and page.locator("#start-checkin").is_visible()


def test_without_a_share_sheet_the_invitation_goes_to_the_clipboard(new_phone, live_server, settings):
    settings.SITE_URL = live_server.url
    page = new_phone()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    taps = Taps(page)
    _sign_up(taps, "lake@example.test", live_server.url)
    taps.tap("#invite-partner")
    page.wait_for_url("**/space/invite/send/")
    if page.evaluate("typeof navigator.share === 'function'"):
        pytest.skip("this Chromium has a share sheet")
    assert page.inner_text("#share-invite") == "Copy the invitation"
    taps.tap("#share-invite")
    page.wait_for_selector("#share-status:not([hidden])")
    copied = page.evaluate("navigator.clipboard.readText()")
    inv = Invitation.objects.get()
    assert copied.endswith(f"/join/{inv.token}/") and "try closeknit together" in copied
    assert taps.count <= MAX_TAPS


def test_start_on_my_own_shows_a_today_for_one(new_phone, live_server, settings):
    settings.SITE_URL = live_server.url
    page = new_phone()
    taps = Taps(page)
    _sign_up(taps, "fern@example.test", live_server.url)
    taps.tap("#start-alone")
    page.wait_for_selector("#start-checkin")
    main = page.inner_text("main").lower()
    assert "partner" not in main and "invite" not in main
    assert "of checking in" in main
