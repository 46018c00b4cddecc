"""Reaching out in a real browser, as a new user would: the partner's inbox (a real SMTP server) stays
empty until the writer's own private screen is answered and negative, and stays empty for good when
it is positive, even after booking a conversation alone. Answer controls are big enough to tap, and a
request can be taken back from the page."""

from __future__ import annotations

import os

import pytest

from closeknit.clinic.models import Lead
from tests.browser.helpers import book_first_time
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TAP = 44  # px: the smallest comfortable touch target
SHOTS = os.environ.get("SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _reach_out(page, slug: str, *, name: str, email: str, partner: str, partner_email: str) -> None:
    page.goto(f"/therapists/{slug}/reach-out/")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#partner_name", partner)
    page.fill("#partner_email", partner_email)
    page.fill("#message", "We keep missing each other.")
    page.click("#send-reach-out")
    page.wait_for_selector("#screen-form")


def _answer(page, *, afraid: bool) -> None:
    for name in ("hurt", "afraid", "control", "pressure", "crisis"):
        yes = afraid and name == "afraid"
        # Tap the label (the whole row), not the small radio inside it.
        page.locator(f"label.screen-answer:has(input[name={name}][value={'yes' if yes else 'no'}])").click()
    page.locator("label.screen-answer:has(input[name=coming][value=want])").click()
    page.click("#send-screen")


def _to(box, address: str) -> list:
    return [m for m in box.messages if address in (m["To"] or "")]


def test_partner_hears_nothing_until_a_negative_screen(new_phone, live_server, settings, clinic, smtp_server):  # noqa: F811
    settings.SITE_URL = live_server.url
    alex = new_phone()
    _reach_out(
        alex,
        clinic.rivera.slug,
        name="Alex",
        email="alex@example.test",
        partner="Robin",
        partner_email="robin@example.test",
    )
    smtp_server.wait_for("alex@example.test")  # the writer's own link went out, so the mail step has run
    assert _to(smtp_server, "robin@example.test") == []

    labels = alex.locator("label.screen-answer")
    heights = [labels.nth(i).bounding_box()["height"] for i in range(labels.count())]
    assert len(heights) == 5 * 2 + 4
    print(f"\nscreen answer controls: {len(heights)}, smallest {min(heights):.1f}px tall (need {TAP})")
    assert min(heights) >= TAP
    _shot(alex, "reach-screen-phone")

    _answer(alex, afraid=False)
    alex.wait_for_selector("#screen-thanks")
    invite = smtp_server.wait_for("robin@example.test")
    body = smtp_server.body(invite).lower()
    for word in ("safety", "screen", "violence", "abuse", "afraid", "crisis"):
        assert word not in body and word not in invite["Subject"].lower()
    assert len(_to(smtp_server, "robin@example.test")) == 1

    # The writer takes it back from the page: everything is deleted.
    alex.click("#to-withdraw")
    _shot(alex, "reach-withdraw-phone")
    alex.click("#withdraw")
    alex.wait_for_selector("#withdrawn")
    assert Lead.objects.count() == 0


def test_positive_screen_never_reaches_the_partner(browser, new_phone, live_server, settings, clinic, smtp_server):  # noqa: F811
    settings.SITE_URL = live_server.url
    sam = new_phone()
    _reach_out(
        sam, clinic.rivera.slug, name="Sam", email="sam@example.test", partner="Kim", partner_email="kim@example.test"
    )
    link = sam.url
    _answer(sam, afraid=True)
    sam.wait_for_selector("#screen-support")
    _shot(sam, "reach-screen-support-phone")
    assert sam.locator("a#screen-help").get_attribute("href") == "/help/"
    flag = [m for m in _to(smtp_server, clinic.rivera.user.email) if "read a screen" in m["Subject"]]
    assert flag, [m["Subject"] for m in smtp_server.messages]

    # The individual path: Sam books a conversation alone; only Sam hears of it.
    sam.click("#to-booking-alone")
    book_first_time(sam)
    assert "emailed you a confirmation" in sam.content()
    assert any("First conversation" in m["Subject"] for m in _to(smtp_server, "sam@example.test"))
    assert _to(smtp_server, "kim@example.test") == []

    # Someone who opens Sam's link later (from Sam's inbox, say) sees only a plain thank-you.
    other = new_phone()
    other.goto(link)
    other.wait_for_selector("#screen-thanks")
    assert other.locator("#screen-support").count() == 0 and "telling us" not in other.content()
    assert _to(smtp_server, "kim@example.test") == []
