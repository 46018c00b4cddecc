"""Steps every browser test takes the same way."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.conftest import PASSWORD


def log_in(page: Any, who: Any) -> None:
    """Log in through the real form; `who` is a user or an email address."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", who if isinstance(who, str) else who.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path != "/accounts/login/")


def wait_for_path(page: Any, path: str) -> None:
    """Wait until the page has arrived at `path`. Never wait_for_url("**/") for this: Playwright returns at
    once when the current address already matches, every address of ours ends in "/", and the test then
    races the form it just sent."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)


def download_pdf(page: Any, selector: str) -> bytes:
    """Click what downloads a PDF and return its bytes."""
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        return fh.read()


def book_first_time(page: Any) -> None:
    """On a booking page: take the first time offered and book it. If the page answers with an error
    instead, fail with its words rather than a bare timeout."""
    page.locator("input[name=start]").first.check()
    page.click("#book-slot")
    page.locator("#booked, #book-error").first.wait_for()
    error = page.locator("#book-error")
    assert error.count() == 0, error.inner_text()


def check_in(page: Any, *, feelings: list[str], appreciation: str, note: str = "") -> None:
    """Check in on the form as a person would: the feelings, three scores, the two texts shared, and a
    private note when given (its share box stays unticked)."""
    page.goto("/checkin/")
    page.click("#more-feelings summary")  # the rest of the words sit under "More words"
    for slug in feelings:
        page.check(f"input[name=feelings][value={slug}]")
    page.check("#emotional_closeness-8")
    page.check("#physical_closeness-6")
    page.check("#stress-3")
    page.click("#checkin-texts summary")  # the texts are folded until asked for
    page.fill("#appreciation", appreciation)
    page.fill("#need", "An unhurried breakfast together.")
    if note:
        page.fill("#note", note)  # the note is private: its share box stays unticked
    for answer in ("feelings", "emotional_closeness", "appreciation", "need"):  # nothing is shared unless ticked
        page.check(f"input[name=shared][value={answer}]")
    page.click("#save-checkin")
    wait_for_path(page, "/")
