"""The whole first slice as two people on their phones: sign up, make a space, invite, join by the
link, both check in; each sees the other's shared answers only after answering, and a private answer
never reaches the partner."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.helpers import check_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-quiet-password-7"


CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


def _verification_code(address: str) -> str:
    """The code in the newest verification email to `address` (its only line that is a code)."""
    for message in reversed(mail.outbox):
        if address in message.to and "confirm that this is your email address" in message.body:
            (code,) = CODE.findall(message.body)
            return code
    raise AssertionError(f"no verification email to {address}")


def _confirm_email(page, email: str) -> None:
    """On the page sign-up leads to: type the emailed code (a POST, so a mail scanner verifies nothing)."""
    page.wait_for_url("**/accounts/confirm-email/")
    page.fill("input[name=code]", _verification_code(email))
    page.click("#confirm-email-code")


def _sign_up(page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    _confirm_email(page, email)


def test_two_partners_answer_then_reveal(new_phone, live_server, settings):
    settings.SITE_URL = live_server.url
    a, b = new_phone(), new_phone()

    _sign_up(a, "river@example.test")
    a.wait_for_url(live_server.url + "/")
    a.goto("/space/")
    a.click("#create-space")
    a.click("#make-invite")
    link = a.input_value("#invite-link")
    assert "/join/" in link
    code = a.inner_text("#invite-code").replace(" ", "")
    assert len(code) == 8

    # The partner opens the link, signs up, and lands back on the invitation.
    b.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    assert "invited you" in b.inner_text("h1")
    b.click("#signup-to-join")
    b.fill("input[name=email]", "lake@example.test")
    b.fill("input[name=password1]", PASSWORD)
    b.fill("input[name=password2]", PASSWORD)
    b.click("main button[type=submit]")
    _confirm_email(b, "lake@example.test")
    b.wait_for_url("**/join/**")
    b.click("#accept-invite")
    b.wait_for_url(live_server.url + "/")
    assert "river" in b.inner_text("#partner-card")

    # A checks in with a shared appreciation and a private note.
    check_in(
        a,
        feelings=["grateful", "tired"],
        appreciation="SHARED-from-river: thank you for the tea",
        note="PRIVATE-river: I worry about money",
    )
    # B has not answered: B sees that A answered, and nothing of what A wrote.
    b.goto("/")
    assert "Answered, waiting for you" in b.inner_text("#partner-card")
    html = b.content()
    assert "SHARED-from-river" not in html and "PRIVATE-river" not in html
    b.goto("/history/")
    assert "SHARED-from-river" not in b.content()

    # A, too, waits for B.
    a.goto("/")
    assert "Hasn't checked in yet" in a.inner_text("#partner-card")

    # B answers; now A's shared answers open for B, and the private note never does.
    check_in(b, feelings=["hopeful"], appreciation="SHARED-from-lake: you made me laugh")
    b.goto("/")
    partner = b.inner_text("#partner-card")
    assert "SHARED-from-river: thank you for the tea" in partner
    assert "Grateful" in partner
    assert "PRIVATE-river" not in b.content()
    b.goto("/history/")
    assert "PRIVATE-river" not in b.content()

    a.goto("/")
    assert "SHARED-from-lake: you made me laugh" in a.inner_text("#partner-card")
    assert a.inner_text("#streak") == "1"

    # Nothing on the phone page scrolls sideways.
    for page in (a, b):
        for path in ("/", "/checkin/", "/history/", "/space/", "/settings/"):
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width}px wide on a 390px phone"
