"""closeknit on the home screen, in Debian's Chromium: installable (the browser's own installability check,
through the DevTools protocol, finds nothing to object to), a check-in made offline is kept on the phone
and saved exactly once back online, and the service worker never keeps a signed-in page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from closeknit.checkins.models import CheckIn
from tests.browser.conftest import ARGS, CHROMIUM, PHONE, TIMEOUT_MS
from tests.browser.helpers import log_in, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def controlled(page) -> None:
    """Wait until the service worker is active and controls this page. It claims open pages as it
    activates, but a page whose load raced that step may be missed: a page loaded after it never is."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


@pytest.fixture
def profile_phone(browser, live_server, tmp_path):
    """A phone with a real profile on disk: Chromium never offers to install from an incognito-like
    context, and every plain Playwright context is one ("in-incognito" is then its only objection)."""
    ctx = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS, viewport=PHONE, base_url=live_server.url
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx.pages[0] if ctx.pages else ctx.new_page()
    ctx.close()


def test_installable_with_manifest_and_icons(profile_phone):
    page = profile_phone
    page.goto("/")
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest.get("errors"), manifest.get("errors")
    assert '"display": "standalone"' in manifest["data"]
    assert '"maskable"' in manifest["data"]
    installability = cdp.send("Page.getInstallabilityErrors")
    assert installability["installabilityErrors"] == [], installability
    # Every icon the manifest names is there, with the size it claims.
    for path, size in (
        ("/static/img/icon-192.png", 192),
        ("/static/img/icon-512.png", 512),
        ("/static/img/icon-maskable-512.png", 512),
    ):
        dims = page.evaluate(
            "(src) => new Promise((ok, no) => { const i = new Image(); i.onload = () => ok([i.naturalWidth,"
            " i.naturalHeight]); i.onerror = no; i.src = src; })",
            path,
        )
        assert dims == [size, size], path


def kept_on_phone(page) -> int:
    return page.evaluate(
        "() => new Promise((ok) => { const r = indexedDB.open('closeknit-outbox', 1);"
        " r.onupgradeneeded = () => r.result.createObjectStore('checkins', { keyPath: 'key' });"
        " r.onsuccess = () => { const g = r.result.transaction('checkins').objectStore('checkins').getAll();"
        " g.onsuccess = () => { r.result.close(); ok(g.result.length); }; }; })"
    )


def fill_checkin(page, *, note: str) -> None:
    page.check("input[name=feelings][value=calm]")
    page.click("label:has(#stress-3)")
    page.click("#checkin-texts summary")
    page.fill("#note", note)


def save_offline(page, person, *, note: str):
    """Sign in, open the check-in, lose the network and save: the outbox keeps it. Returns its note."""
    log_in(page, person)
    controlled(page)
    page.goto("/checkin/")
    page.context.set_offline(True)
    page.wait_for_function("() => navigator.onLine === false")
    fill_checkin(page, note=note)
    page.click("#save-checkin")
    kept = page.locator("#outbox-note")
    kept.wait_for()
    return kept


def test_a_checkin_made_offline_is_kept_and_saved_once_back_online(new_phone, couple):
    page = new_phone()
    note = save_offline(page, couple.a, note="written in a tunnel")
    assert "kept on this phone" in note.inner_text()
    assert page.url.endswith("/checkin/")  # the post was stopped, not sent into the void
    assert CheckIn.objects.filter(author=couple.a).count() == 0

    page.context.set_offline(False)
    expect(page.locator("#outbox-note")).to_contain_text("saved now")
    saved = CheckIn.objects.get(author=couple.a)
    assert saved.feelings == ["calm"] and saved.stress == 3 and saved.note == "written in a tunnel"
    assert saved.shared == []  # nothing was ticked, so nothing is shared

    # Another "online" and another page load find nothing left to send: still exactly one check-in.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.goto("/")
    page.wait_for_load_state("load")
    assert kept_on_phone(page) == 0
    assert CheckIn.objects.filter(author=couple.a).count() == 1


def test_two_online_events_at_once_send_one_checkin(new_phone, couple):
    page = new_phone()
    save_offline(page, couple.a, note="twice over")
    page.context.set_offline(False)
    page.evaluate("() => { window.dispatchEvent(new Event('online')); window.dispatchEvent(new Event('online')); }")
    expect(page.locator("#outbox-note")).to_contain_text("saved now")
    page.reload()
    page.wait_for_load_state("load")
    assert CheckIn.objects.filter(author=couple.a).count() == 1


def held_by_the_coach(new_phone, person):
    """Sign in, save offline a need the coach would hold, come back online: the phone keeps it and says
    the coach has a note. Returns the page."""
    page = new_phone()
    log_in(page, person)
    controlled(page)
    page.goto("/checkin/")
    page.context.set_offline(True)
    page.wait_for_function("() => navigator.onLine === false")
    page.check("input[name=feelings][value=calm]")
    page.click("#checkin-texts summary")
    page.fill("#need", "You never listen to me and you always make it about you.")
    page.check("input[name=shared][value=need]")
    page.click("#save-checkin")
    page.locator("#outbox-note").wait_for()
    page.context.set_offline(False)
    expect(page.locator("#outbox-note")).to_contain_text("the coach has a note")
    return page


def test_words_the_coach_would_hold_wait_for_the_checkin_page(new_phone, couple):
    page = held_by_the_coach(new_phone, couple.a)
    assert CheckIn.objects.filter(author=couple.a).count() == 0  # held, not sent
    page.click("#outbox-open")
    page.wait_for_url("**/checkin/")
    page.wait_for_function("() => document.getElementById('need').value.includes('never listen')")
    assert page.is_checked("input[name=shared][value=need]")
    page.click("#save-checkin")
    page.locator("#coach-note").wait_for()  # the server's coach, at the field, as for any save
    assert CheckIn.objects.filter(author=couple.a).count() == 0
    page.click("#coach-send-need")
    wait_for_path(page, "/")
    assert CheckIn.objects.get(author=couple.a).need.startswith("You never listen")
    assert kept_on_phone(page) == 0  # nothing is left on the phone to fill in again


def test_logging_out_forgets_what_the_phone_kept(new_phone, couple):
    """A check-in the coach held stays on the phone while the person is signed in; logging out removes it,
    so the next person to pick the phone up finds none of their words."""
    page = held_by_the_coach(new_phone, couple.a)
    assert kept_on_phone(page) == 1
    page.goto("/settings/")
    page.click("#logout")
    wait_for_path(page, "/")
    assert kept_on_phone(page) == 0
    assert CheckIn.objects.filter(author=couple.a).count() == 0  # forgotten, never sent


def test_the_worker_never_keeps_a_signed_in_page(new_phone, couple):
    page = new_phone()
    log_in(page, couple.a)
    controlled(page)
    page.goto("/history/")
    page.goto("/checkin/")
    assert page.locator("#checkin-form").count() == 1
    cached = page.evaluate(
        "() => caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))"
        ".then((lists) => lists.flat().map((r) => new URL(r.url).pathname))"
    )
    assert "/offline/" in cached
    assert all(p == "/offline/" or p.startswith("/static/") for p in cached), cached
    page.goto("/accounts/logout/")
    page.click("#confirm-logout")
    wait_for_path(page, "/")
    page.context.set_offline(True)
    for url in ("/checkin/", "/history/", "/"):
        page.goto(url)
        assert page.locator("[data-offline-page]").count() == 1, url
        body = page.inner_text("body")
        assert couple.a.name not in body
        assert page.locator("#checkin-form").count() == 0


def test_a_checkin_the_network_loses_on_the_way_is_kept_and_sent_later(new_phone, couple):
    """The phone believes it is online, but the post never arrives (a dead spot): the worker keeps the
    check-in instead of the browser's error page, and the next page back online sends it once."""
    page = new_phone()
    log_in(page, couple.a)
    controlled(page)
    page.goto("/checkin/")
    fill_checkin(page, note="lost between two masts")

    def lose_posts(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.context.route("**/checkin/", lose_posts)
    page.click("#save-checkin")
    page.wait_for_url("**/offline/?kept=1")
    assert page.locator("#offline-kept").is_visible()
    assert CheckIn.objects.filter(author=couple.a).count() == 0
    assert kept_on_phone(page) == 1

    page.context.unroute("**/checkin/", lose_posts)
    page.goto("/")
    expect(page.locator("#outbox-note")).to_contain_text("saved now")  # on Today, drawn again with it
    assert page.locator("#outbox-note").count() == 1
    assert CheckIn.objects.get(author=couple.a).note == "lost between two masts"
    page.reload()
    page.wait_for_load_state("load")
    assert kept_on_phone(page) == 0
    assert CheckIn.objects.filter(author=couple.a).count() == 1


def test_quick_exit_while_offline_deletes_the_kept_checkin(new_phone, couple):
    page = new_phone()
    save_offline(page, couple.a, note="not for anyone else to find")
    assert kept_on_phone(page) == 1
    page.click("#quick-exit")
    page.wait_for_function("() => location.pathname !== '/checkin/'", timeout=5000)
    page.context.set_offline(False)
    page.goto("/static/img/icon.svg")  # one of our addresses, to look into this phone's storage for us
    assert kept_on_phone(page) == 0
    assert CheckIn.objects.filter(author=couple.a).count() == 0


def test_a_kept_checkin_the_safety_net_answers_points_to_its_note(new_phone, couple):
    """Sent later through the API, a worrying check-in still gets the safety net: the person is told there is a
    note for them, and Today shows it privately."""
    page = new_phone()
    save_offline(page, couple.a, note="I keep thinking everyone would be better off if I was gone.")
    page.context.set_offline(False)
    expect(page.locator("#outbox-note")).to_contain_text("we left a note for you")
    assert CheckIn.objects.get(author=couple.a).support
    page.click("#outbox-open")
    wait_for_path(page, "/")
    expect(page.locator("#support-card")).to_be_visible()
