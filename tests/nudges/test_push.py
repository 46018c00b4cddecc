"""Web Push, end to end: a phone that turned notifications on gets the note instead of the email, through
the same background task and the same "send once" claim; the push carries a kind, our own title and a
path, never a word or a name anyone wrote. Our push service decrypts each push (RFC 8291) and checks
the VAPID signature (RFC 8292), as Google's or Mozilla's would."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from django.db import connection

from closeknit.checkins import services as checkins
from closeknit.nudges import push, services
from closeknit.nudges.models import Delivery, PushSubscription
from closeknit.practices.flows import talk as talks
from tests.conftest import PASSWORD
from tests.nudges.conftest import utc, zone_at_hour
from tests.nudges.push_service import unb64u

CANARY = "CANARY you laughed at my terrible pun"
OPENER = "CANARY I feel lonely about our evenings"
WORDS = ("CANARY", "laughed", "pun", "lonely", "evenings")


def turn_on(client, user, device, kinds: set[str]) -> None:
    """What the settings page does: choose kinds (a form), then the script posts the subscription."""
    client.login(email=user.email, password=PASSWORD)
    assert client.post("/settings/notifications/", {k: "on" for k in kinds}).status_code == 302
    r = client.post("/settings/notifications/subscribe", json.dumps(device.to_json()), content_type="application/json")
    assert r.status_code == 201, r.content
    client.cookies.clear()  # the phone stays signed in; the test's client moves on (a logout turns push off)


def assert_no_words(received, *names: str) -> None:
    text = received.plaintext.decode()
    for fragment in (*WORDS, *names):
        assert fragment not in text, fragment
    assert set(received.payload) == {"kind", "title", "body", "url"}


@pytest.mark.django_db(transaction=True)
def test_partner_answered_arrives_encrypted_signed_and_wordless_instead_of_an_email(
    make_couple, answers, smtp_server, push_service, client
):
    pair = make_couple(timezone=zone_at_hour(12))
    pair.a.display_name = "Sam"
    pair.a.save()
    phone = push_service.new_device()
    turn_on(client, pair.b, phone, {"nudge"})

    checkins.create_checkin(user=pair.a, answers={**answers, "appreciation": CANARY})

    [got] = push_service.wait_for(1)
    assert got.device is phone
    assert got.payload == {
        "kind": "nudge",
        "title": "Your partner checked in today",
        "body": "Answer too, and you'll see what they chose to share.",
        "url": "/checkin/",
    }
    assert_no_words(got, "Sam", pair.a.email)
    assert got.vapid_key == push.public_key()  # the key the page handed to the browser signed it
    assert got.claims["sub"].startswith("mailto:")
    assert got.headers["topic"] == "nudge"
    assert smtp_server.messages == []  # the phone took it: no email as well
    # Send once: the task again (a retry, a second consumer) pushes nothing more.
    assert services.nudge_partner(checkin_id=pair.a.checkins.get().pk).reason == "already"
    assert len(push_service.received) == 1
    assert Delivery.objects.filter(user=pair.b, kind="nudge").count() == 1
    assert PushSubscription.objects.get(user=pair.b).last_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_each_kind_is_opt_in(make_couple, answers, smtp_server, push_service, client):
    """B's phone is on for conversations only: the check-in note goes by email, the conversation by push."""
    pair = make_couple(timezone=zone_at_hour(12))
    phone = push_service.new_device()
    turn_on(client, pair.b, phone, {"talk"})

    checkins.create_checkin(user=pair.a, answers=answers)
    smtp_server.wait_for(pair.b.email)
    assert push_service.received == []

    talk = talks.start(user=pair.a, slug="hard-conversation", opener=OPENER)
    [got] = push_service.wait_for(1)
    assert got.payload["kind"] == "talk" and got.payload["url"] == f"/practices/talk/{talk.pk}/"
    assert got.payload["title"] == "A conversation is waiting for you"
    assert_no_words(got, pair.a.name)
    assert len(smtp_server.messages) == 1  # only the check-in email

    # Nobody chose anything: deliver declines, whatever devices exist.
    assert push.deliver(user=pair.a, kind="reminder", url="/checkin/") is False


@pytest.mark.django_db(transaction=True)
def test_a_gone_subscription_is_removed_and_the_email_goes(make_couple, answers, smtp_server, push_service, client):
    pair = make_couple(timezone=zone_at_hour(12))
    old_phone, new_phone = push_service.new_device(), push_service.new_device()
    turn_on(client, pair.b, old_phone, {"nudge"})
    push_service.answer_with(old_phone, 410)

    checkins.create_checkin(user=pair.a, answers=answers)

    push_service.wait_for(1)
    smtp_server.wait_for(pair.b.email)  # no phone took it: email is the fallback
    assert not PushSubscription.objects.filter(user=pair.b).exists()

    # Two devices, one gone: the other takes it, and only the gone one is forgotten.
    turn_on(client, pair.b, new_phone, {"nudge"})
    turn_on(client, pair.b, old_phone, {"nudge"})
    push_service.answer_with(old_phone, 404)
    assert push.deliver(user=pair.b, kind="nudge", url="/checkin/") is True
    assert [s.endpoint for s in PushSubscription.objects.filter(user=pair.b)] == [new_phone.endpoint]


@pytest.mark.django_db(transaction=True)
def test_a_person_without_a_device_still_gets_the_email(make_couple, answers, smtp_server, push_service, client):
    pair = make_couple(timezone=zone_at_hour(12))
    client.login(email=pair.b.email, password=PASSWORD)
    client.post("/settings/notifications/", {"nudge": "on", "talk": "on", "reminder": "on"})
    checkins.create_checkin(user=pair.a, answers=answers)
    smtp_server.wait_for(pair.b.email)
    assert push_service.received == []


@pytest.mark.django_db(transaction=True)
def test_a_push_service_out_of_reach_leaves_the_email_to_go(make_couple, answers, smtp_server, push_service, client):
    pair = make_couple(timezone=zone_at_hour(12))
    phone = push_service.new_device()
    turn_on(client, pair.b, phone, {"nudge"})
    push_service.answer_with(phone, 503)
    checkins.create_checkin(user=pair.a, answers=answers)
    smtp_server.wait_for(pair.b.email)
    assert PushSubscription.objects.filter(user=pair.b).count() == 1  # a busy service is not a gone device


@pytest.mark.django_db(transaction=True)
def test_the_daily_reminder_sweep_pushes_once(make_user, smtp_server, push_service, client):
    user = make_user(timezone="Europe/Paris")
    phone = push_service.new_device()
    turn_on(client, user, phone, {"reminder"})
    now = utc(2030, 6, 3, 18, 0)  # 20:00 in Paris
    services.set_reminder(
        user=user, enabled=True, local_time="20:00", partner_nudges=True, now=now - dt.timedelta(hours=1)
    )

    assert services.send_due_reminders(now=now) == 1
    [got] = push_service.wait_for(1)
    assert got.payload["kind"] == "reminder" and got.payload["title"] == "Time for your check-in"
    assert smtp_server.messages == []
    assert services.send_due_reminders(now=now + dt.timedelta(minutes=1)) == 0
    assert len(push_service.received) == 1


@pytest.mark.django_db
def test_the_vapid_key_is_made_once_in_the_data_folder_private(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "vapid.pem"
    first = push.public_key()
    assert stat.S_IMODE(settings.VAPID_PRIVATE_KEY_FILE.stat().st_mode) == 0o600
    assert push.public_key() == first
    assert b"PRIVATE KEY" in settings.VAPID_PRIVATE_KEY_FILE.read_bytes()
    assert len(unb64u(first)) == 65 and unb64u(first)[0] == 4  # an uncompressed P-256 point


@pytest.mark.django_db
def test_subscriptions_are_encrypted_at_rest_exported_and_deleted_with_the_account(make_user, push_service, client):
    user = make_user()
    phone = push_service.new_device()
    turn_on(client, user, phone, {"reminder"})
    with connection.cursor() as cur:
        cur.execute("SELECT endpoint, p256dh, auth FROM nudges_pushsubscription")
        rows = cur.fetchall()
    assert rows and all(v.startswith("ck1:") for v in rows[0])
    assert phone.endpoint not in repr(rows)

    client.login(email=user.email, password=PASSWORD)
    exported = json.loads(client.get("/settings/export.json").content)
    assert exported["notifications"]["push_kinds"] == ["reminder"]
    assert [d["endpoint"] for d in exported["notifications"]["devices"]] == [phone.endpoint]
    assert phone.endpoint in client.get("/settings/export.html").content.decode()

    assert client.post("/settings/delete/", {"password": PASSWORD}).status_code == 302
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_broken_vapid_key_leaves_the_email_to_go(make_couple, answers, smtp_server, push_service, client, settings):
    pair = make_couple(timezone=zone_at_hour(12))
    turn_on(client, pair.b, push_service.new_device(), {"nudge"})
    settings.VAPID_PRIVATE_KEY_FILE.write_text("not a key\n")
    push._load.cache_clear()
    try:
        checkins.create_checkin(user=pair.a, answers=answers)
        smtp_server.wait_for(pair.b.email)
    finally:
        push._load.cache_clear()
    assert push_service.received == []
