"""Playwright driving Debian's chromium (never a downloaded browser) against pytest-django's live server."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from reaching out to the network (closed here) and let it run as root.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 20_000


class _SuiteBrowser:
    """The browser, with every new context waiting up to TIMEOUT_MS and its clock at the test process's now.

    Two workers share two cores with the live servers, so a step can take seconds under load.

    Under `make test-dates` only Python's clock travels (tests/clock.py); a page whose script compares the
    server's times with `Date.now()` (a block's timer, a countdown, a focus after a held save) would see the
    two clocks hours apart. Chromium's cookie clock stays real: the quick-exit tests say why they skip.
    """

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        ctx = self._browser.new_context(**kwargs)
        ctx.set_default_timeout(TIMEOUT_MS)
        # Always installed, so a test moves a page's time with `page.clock.run_for(...)` and never installs
        # a second clock (two clocks in one page leave its timers on the first).
        ctx.clock.install(time=dt.datetime.now(dt.UTC))
        return ctx

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `apt-get install chromium` (make test does it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield _SuiteBrowser(b)
        b.close()


@pytest.fixture
def new_phone(browser, live_server):
    """new_phone() -> a fresh page in its own context (its own cookies), sized like a phone."""
    contexts = []

    def make():
        ctx = browser.new_context(viewport=PHONE, base_url=live_server.url)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
