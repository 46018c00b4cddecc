"""The notifications page and its two JSON endpoints: choices saved per person, a device kept only with
an address we may send to and keys we can read, a clear 4xx (and no row) for anything else."""

from __future__ import annotations

import json

import pytest

from closeknit.nudges import push
from closeknit.nudges.models import PushChoice, PushSubscription
from tests.conftest import PASSWORD

SUBSCRIBE = "/settings/notifications/subscribe"
UNSUBSCRIBE = "/settings/notifications/unsubscribe"


def post_json(client, url, data):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def signed_in(make_user, client):
    user = make_user()
    client.login(email=user.email, password=PASSWORD)
    return user


def test_the_page_offers_the_button_and_saves_choices(signed_in, client, push_service):
    page = client.get("/settings/notifications/").content.decode()
    assert "Turn on notifications" in page and f'data-key="{push.public_key()}"' in page
    assert "js/push.js" in page and 'data-worker="/sw.js"' in page  # the site's one worker imports push-sw.js
    assert "/settings/notifications/" in client.get("/settings/").content.decode()
    assert client.post("/settings/notifications/", {"nudge": "on", "talk": "on"}).status_code == 302
    choice = PushChoice.objects.get(user=signed_in)
    assert (choice.reminder, choice.nudge, choice.talk, choice.intensive) == (False, True, True, False)
    assert client.post("/settings/notifications/", {}).status_code == 302
    choice.refresh_from_db()
    assert not any((choice.reminder, choice.nudge, choice.talk, choice.intensive))


def test_subscribe_keeps_one_row_per_device_and_a_new_person_takes_it_over(make_user, signed_in, client, push_service):
    phone = push_service.new_device()
    assert post_json(client, SUBSCRIBE, phone.to_json()).status_code == 201
    assert post_json(client, SUBSCRIBE, phone.to_json()).status_code == 201
    assert PushSubscription.objects.filter(user=signed_in).count() == 1
    other = make_user()
    client.logout()
    client.login(email=other.email, password=PASSWORD)
    assert post_json(client, SUBSCRIBE, phone.to_json()).json() == {"devices": 1}
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [other.pk]


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": None},
        {"endpoint": "ftp://push.example.com/x"},
        {"keys": {"p256dh": "not base64 !!", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
        {"keys": {"p256dh": "BAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},  # not a point on P-256
        {"keys": {"auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
        {"keys": "nope"},
    ],
)
def test_a_subscription_we_cannot_use_is_refused_with_a_message(signed_in, client, push_service, change):
    body = {**push_service.new_device().to_json(), **change}
    r = post_json(client, SUBSCRIBE, body)
    assert r.status_code == 400 and r.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"'])
def test_unreadable_bodies_get_a_400(signed_in, client, body):
    for url in (SUBSCRIBE, UNSUBSCRIBE):
        r = post_json(client, url, body)
        assert r.status_code == 400 and "could not read" in r.json()["error"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",  # not https
        "https://127.0.0.1/push/abc",
        "https://[::1]/push/abc",
        "https://localhost/push/abc",
        "https://intranet/push/abc",
        "https://user:pw@fcm.googleapis.com/x",
    ],
)
def test_in_production_only_https_push_services_on_public_names_are_kept(
    signed_in, client, push_service, settings, endpoint
):
    """The server will POST to the address: a browser must not be able to point it at our own network."""
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False
    body = {**push_service.new_device().to_json(), "endpoint": endpoint}
    assert post_json(client, SUBSCRIBE, body).status_code == 400
    assert not PushSubscription.objects.exists()
    body["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc"
    assert post_json(client, SUBSCRIBE, body).status_code == 201


def test_turning_off_removes_only_ones_own_device(make_user, signed_in, client, push_service):
    mine, theirs = push_service.new_device(), push_service.new_device()
    post_json(client, SUBSCRIBE, mine.to_json())
    other = make_user()
    push.subscribe(user=other, endpoint=theirs.endpoint, **theirs.to_json()["keys"])
    # Knowing someone else's endpoint does not let you remove it.
    assert post_json(client, UNSUBSCRIBE, {"endpoint": theirs.endpoint}).json() == {"devices": 1}
    assert post_json(client, UNSUBSCRIBE, {"endpoint": mine.endpoint}).json() == {"devices": 0}
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [other.pk]
    post_json(client, SUBSCRIBE, mine.to_json())
    assert post_json(client, UNSUBSCRIBE, {"all": True}).json() == {"devices": 0}
    assert PushSubscription.objects.filter(user=other).count() == 1


def test_signed_out_and_wrong_methods(client, db):
    assert client.get("/settings/notifications/").status_code == 302
    assert post_json(client, SUBSCRIBE, {}).status_code == 302
    assert client.get(SUBSCRIBE).status_code in (302, 405)


def test_the_endpoints_need_the_csrf_token(signed_in, push_service):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.login(email=signed_in.email, password=PASSWORD)
    assert post_json(strict, SUBSCRIBE, push_service.new_device().to_json()).status_code == 403
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("leave", ["logout", "quick exit"])
def test_leaving_turns_this_browser_off_and_keeps_the_other_phones(leave, signed_in, client, push_service):
    this_phone, other_phone = push_service.new_device(), push_service.new_device()
    assert post_json(client, SUBSCRIBE, this_phone.to_json()).status_code == 201
    push.subscribe(user=signed_in, **_fields(other_phone))  # turned on in another browser
    assert PushSubscription.objects.filter(user=signed_in).count() == 2
    response = client.post("/accounts/logout/") if leave == "logout" else client.post("/exit/")
    assert response.status_code in (204, 302)
    kept = PushSubscription.objects.filter(user=signed_in)
    assert [s.endpoint for s in kept] == [other_phone.to_json()["endpoint"]]


def _fields(device) -> dict:
    data = device.to_json()
    return {"endpoint": data["endpoint"], "p256dh": data["keys"]["p256dh"], "auth": data["keys"]["auth"]}
