"""Steps every browser test takes the same way."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def log_in(page: Any, who: Any) -> None:
    """Log in through the real form; `who` is a user or an email address."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", who if isinstance(who, str) else who.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


def download_pdf(page: Any, selector: str) -> bytes:
    """Click what downloads a PDF and return its bytes."""
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        return fh.read()
