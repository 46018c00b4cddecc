"""Quick exit in a real Chromium: the Exit button, Escape three times and the no-script link each end the
session on the server, land on a neutral page on another address, and leave nothing of ours behind Back.

The machine that runs this has no internet, so the neutral page is a tiny weather page this test serves
itself on another port (a different origin from the live server): "off closeknit" is real here.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests import clock
from tests.browser.helpers import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # Under make test-dates only the server's clock moves: the exit cookie's Expires is written from it,
    # while Chromium judges it by the real clock, so the hold could look long over. Real-clock runs test it.
    pytest.mark.skipif(bool(os.environ.get(clock.VARIABLE)), reason="the browser's clock cannot be set"),
]

WEATHER = b"<!doctype html><title>Weather</title><h1>Local weather</h1><p>18 degrees, light wind.</p>"
PRACTICE = "/practices/phones-away/"


class _Weather(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(WEATHER)))
        self.end_headers()
        self.wfile.write(WEATHER)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def neutral(settings) -> Iterator[str]:
    """A neutral page on 127.0.0.1:<another port>; QUICK_EXIT_URL points at it for this test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Weather)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/weather?q=today"
    settings.QUICK_EXIT_URL = url
    yield url
    server.shutdown()
    server.server_close()


def _session_cookie(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")


def _get_with_session(live_url: str, path: str, session: str) -> http.client.HTTPResponse:
    """A fresh request from outside the browser carrying only the old session cookie (no redirects)."""
    parts = urlsplit(live_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _assert_nothing_of_ours(page, live_url: str) -> None:
    ours = urlsplit(live_url).netloc
    assert urlsplit(page.url).netloc != ours, page.url
    text = _settled_content(page)
    assert urlsplit(page.url).netloc != ours, page.url  # and it stayed away once the page settled
    for word in ("closeknit", "practice", "conversation", "log in", "partner"):
        assert word not in text, word


def _settled_content(page) -> str:
    """The page's HTML once no navigation is under way: after Back, the neutral page can still be replacing
    itself (a redirect, a bfcache restore) when go_back returns, and Playwright refuses to read a document
    that is changing. That is the harness's timing, so wait and read again; the address is checked above."""
    for attempt in range(30):
        page.wait_for_load_state("load")
        try:
            return page.content().lower()
        except PlaywrightError as exc:
            if "navigating" not in str(exc) or attempt == 29:
                raise
            page.wait_for_timeout(100)
    raise AssertionError("unreachable")


def _assert_session_ended(page, live_url: str, old_session: str) -> None:
    # The server forgot the session: the old cookie gets the login page, not the person's pages. The script
    # may arrive on the neutral page a moment before its background sign-out lands, so allow a moment.
    deadline = time.monotonic() + 5
    while (response := _get_with_session(live_url, "/practices/", old_session)).status == 200:
        assert time.monotonic() < deadline, "the session still works after the exit"
        time.sleep(0.1)
    assert response.status == 302
    assert response.getheader("Location").startswith("/accounts/login/")
    # And the browser holds no session of ours any more.
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}


def _back(page) -> None:
    """Back, as a person presses it. Chromium swaps processes when a page crosses to another site, and
    Playwright can briefly lose the page in between; that is the harness, not the product, so try again."""
    page.wait_for_load_state("load")
    for attempt in range(3):
        try:
            page.go_back(wait_until="load")
            return
        except PlaywrightError as exc:
            if "Not attached" not in str(exc) or attempt == 2:
                raise
            page.wait_for_timeout(300)


def _exit_cookie_set(page) -> None:
    deadline = time.monotonic() + 5
    while "ck_exit" not in {c["name"] for c in page.context.cookies()}:
        assert time.monotonic() < deadline, "no exit cookie"
        time.sleep(0.1)


def _arrive(new_phone, make_couple):
    pair = make_couple()
    page = new_phone()
    log_in(page, pair.a)
    page.goto("/practices/")
    page.goto(PRACTICE)
    assert "closeknit" in page.content().lower()
    return page


def test_the_exit_button_signs_out_and_back_finds_nothing(new_phone, make_couple, live_server, neutral):
    page = _arrive(new_phone, make_couple)
    page.evaluate("localStorage.setItem('draft', 'kept by us'); sessionStorage.setItem('draft', 'kept by us')")
    old_session = _session_cookie(page)

    page.click("#quick-exit")
    page.wait_for_url(neutral)
    assert "Local weather" in page.content()
    _assert_nothing_of_ours(page, live_server.url)

    # Back does not return to the practice page (the entry was replaced), nor to any page before it.
    _back(page)
    _assert_nothing_of_ours(page, live_server.url)
    _back(page)
    _assert_nothing_of_ours(page, live_server.url)

    _assert_session_ended(page, live_server.url, old_session)
    # What the page kept in this browser is gone (read on a file of ours, which is not a page).
    page.goto(live_server.url + "/static/css/app.css")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_escape_three_times_leaves_the_same_way(new_phone, make_couple, live_server, neutral):
    page = _arrive(new_phone, make_couple)
    old_session = _session_cookie(page)
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(neutral)
    _back(page)
    _assert_nothing_of_ours(page, live_server.url)
    _assert_session_ended(page, live_server.url, old_session)


def test_without_javascript_the_exit_link_does_it_all(browser, make_couple, live_server, neutral):
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = ctx.new_page()
        pair = make_couple()
        log_in(page, pair.a)
        page.goto(PRACTICE)
        old_session = _session_cookie(page)
        page.click("#quick-exit")
        page.wait_for_url(neutral)
        # A link adds a history entry: Back goes to the practice page's address, and the server sends the
        # browser on to the neutral page again instead of showing it.
        _back(page)
        _assert_nothing_of_ours(page, live_server.url)
        _assert_session_ended(page, live_server.url, old_session)
    finally:
        ctx.close()


def test_other_tabs_of_ours_leave_too(new_phone, make_couple, live_server, neutral):
    page = _arrive(new_phone, make_couple)
    other = page.context.new_page()
    other.goto(live_server.url + "/practices/")
    page.click("#quick-exit")
    page.wait_for_url(neutral)
    other.wait_for_url(neutral)
    _assert_nothing_of_ours(other, live_server.url)


def test_once_the_hold_is_over_our_pages_ask_for_a_login(new_phone, make_couple, live_server, neutral):
    page = _arrive(new_phone, make_couple)
    page.click("#quick-exit")
    page.wait_for_url(neutral)
    _exit_cookie_set(page)
    page.context.clear_cookies(name="ck_exit")  # what the hold's expiry does
    page.goto(live_server.url + PRACTICE)
    assert "/accounts/login/" in page.url
