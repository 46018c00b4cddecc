"""Turning on notifications on a phone, in Chromium: permission is asked only after the tap, the page
subscribes with our public key and hands the subscription to our server (CSRF as everywhere), a push
from our server reaches our push service encrypted, and the worker shows it with our words and keeps
the page to open (its click handler opens `data.url`; a notification cannot be clicked from a test).

Headless Chromium has no push service (it runs like incognito, where Chrome refuses the Push API), so
the browser's `PushManager` is the one thing stood in for: it returns the subscription of a device the
test made as a browser would (its own P-256 key pair and auth secret). The decrypted push is then handed
to the real service worker through the DevTools protocol, as the browser's push service would hand it.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from closeknit.nudges import push
from closeknit.nudges.models import PushChoice, PushSubscription
from tests.browser.helpers import log_in
from tests.nudges.push_service import unb64u

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROWSER_PUSH = """
window.__asked = 0;
window.__sub = null;
const ask = Notification.requestPermission.bind(Notification);
Notification.requestPermission = function () { window.__asked += 1; return ask(); };
PushManager.prototype.subscribe = function (options) {
  window.__key = Array.from(new Uint8Array(options.applicationServerKey));
  window.__sub = {
    endpoint: DEVICE.endpoint,
    toJSON: function () { return DEVICE; },
    unsubscribe: function () { window.__sub = null; return Promise.resolve(true); },
  };
  return Promise.resolve(window.__sub);
};
PushManager.prototype.getSubscription = function () { return Promise.resolve(window.__sub); };
"""


def test_turning_on_notifications_then_a_push_shows_and_opens_the_check_in(
    new_phone, make_user, live_server, push_service, settings
):
    user = make_user()
    phone = push_service.new_device()
    page = new_phone()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(f"const DEVICE = {json.dumps(phone.to_json())};\n{BROWSER_PUSH}")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, user)

    page.goto("/settings/notifications/")
    page.check("input[name=reminder]")
    page.click("form.card button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("Notification choices saved")
    assert PushChoice.objects.get(user=user).reminder

    expect(page.locator("#push-on")).to_be_visible()
    expect(page.locator("#push-off")).to_be_hidden()
    assert page.evaluate("() => window.__asked") == 0  # nothing asked before the tap
    page.click("#push-on")
    expect(page.locator("#push-status")).to_contain_text("Notifications are on for this phone")
    assert page.evaluate("() => window.__asked") == 1
    assert bytes(page.evaluate("() => window.__key")) == unb64u(push.public_key())
    assert PushSubscription.objects.get(user=user).endpoint == phone.endpoint
    expect(page.locator("#push-off")).to_be_visible()
    expect(page.locator("#push-on")).to_be_hidden()

    # Our server pushes; our push service decrypts it; the browser's push service hands it to the worker.
    assert push.deliver(user=user, kind="reminder", url="/checkin/")
    [got] = push_service.wait_for(1)
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(200)
    reg = next(r for r in registrations if r["scopeURL"] == live_server.url.rstrip("/") + "/" and not r["isDeleted"])
    origin = live_server.url.rstrip("/")
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": reg["registrationId"], "data": got.plaintext.decode()},
    )
    shown = page.evaluate(
        """async () => {
          const reg = await navigator.serviceWorker.getRegistration("/");
          for (let i = 0; i < 50; i++) {
            const list = await reg.getNotifications();
            if (list.length) return list.map(n => [n.title, n.body, n.tag, n.data.url]);
            await new Promise(r => setTimeout(r, 100));
          }
          return [];
        }"""
    )
    assert shown == [["Time for your check-in", "A few quiet minutes, whenever you're ready.", "reminder", "/checkin/"]]

    page.click("#push-off")
    expect(page.locator("#push-status")).to_contain_text("Notifications are off for this phone")
    assert not PushSubscription.objects.filter(user=user).exists()
    expect(page.locator("#push-on")).to_be_visible()
    expect(page.locator("#push-off")).to_be_hidden()
    assert errors == []
