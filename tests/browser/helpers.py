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
