"""Online sessions: the link reaches only the participants (both partners of the booking, the clinician),
on their pages and by email, and only from 15 minutes before the start. Everyone else gets no trace of it:
another couple, another clinician, the front desk, the owner, an ex-partner, someone not logged in."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from closeknit.clinic.models import Appointment, Screen
from closeknit.clinic.selectors.online import join_for
from closeknit.clinic.services import booking, care, reminders
from closeknit.couples import services as couples
from tests.clinic.helpers import reach
from tests.clinic.test_booking import NOW, at

SECRET = "a-test-secret-for-jitsi"


@dataclass
class Setup:
    appt: Appointment
    mine: Screen
    theirs: Screen
    room: str  # what identifies the link in a page


def _book(clinic, couple) -> tuple[Appointment, Screen, Screen]:
    lead, mine, theirs = reach(clinic.rivera, screened=True)
    appt = booking.book(token=mine.token, start=at(17, 10), now=NOW)
    episode = care.start_episode(user=clinic.rivera.user, policy="no_secrets", lead_id=lead.pk)
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=episode.join_token)
    return appt, mine, theirs


@pytest.fixture(params=["own_link", "jitsi"])
def online(request, clinic, couple, settings) -> Setup:
    """Both ways to meet: the clinician's own room link, and a fresh room on the practice's Jitsi."""
    if request.param == "jitsi":
        settings.JITSI_URL = "https://meet.example.org"
        settings.JITSI_APP_ID = "closeknit-test"
        settings.JITSI_APP_SECRET = SECRET
        clinic.rivera.meeting_link = ""
        clinic.rivera.save(update_fields=["meeting_link"])
    with time_machine.travel(NOW, tick=False):
        appt, mine, theirs = _book(clinic, couple)
    room = appt.room if request.param == "jitsi" else "meet.example.test/rivera"
    assert room
    return Setup(appt, mine, theirs, room)


def _in(s: Setup):
    return time_machine.travel(s.appt.start - dt.timedelta(minutes=10), tick=False)


def _early(s: Setup):
    return time_machine.travel(s.appt.start - dt.timedelta(minutes=20), tick=False)


def _get(client, user, url: str) -> str:
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    r = client.get(url)
    return f"{r.status_code} {r.content.decode()}"


def test_participants_get_the_link_in_the_window(client, clinic, couple, online):
    calendar = f"/clinic/calendar/?date={at(17, 10).date().isoformat()}"
    with _in(online):
        for token in (online.mine.token, online.theirs.token):
            page = _get(client, None, f"/reach-out/{token}/book/")
            assert page.startswith("200") and online.room in page and 'id="join-link"' in page
        for partner in (couple.a, couple.b):
            page = _get(client, partner, "/care/")
            assert online.room in page and f'id="join-{online.appt.pk}"' in page
        page = _get(client, clinic.rivera.user, calendar)
        assert online.room in page and "Join the session" in page


def test_before_the_window_even_participants_get_no_link(client, clinic, couple, online):
    calendar = f"/clinic/calendar/?date={at(17, 10).date().isoformat()}"
    with _early(online):
        pages = [_get(client, None, f"/reach-out/{t}/book/") for t in (online.mine.token, online.theirs.token)]
        pages += [_get(client, p, "/care/") for p in (couple.a, couple.b)]
        pages.append(_get(client, clinic.rivera.user, calendar))
        for page in pages:
            assert online.room not in page
            assert "The link appears 15 minutes before." in page
        client.logout()
        r = client.get(f"/api/bookings/{online.mine.token}")
        assert r.status_code == 200 and r.json()["appointment"]["location"] == ""
    with _in(online):
        r = client.get(f"/api/bookings/{online.mine.token}")
        assert online.room in r.json()["appointment"]["location"]
    with time_machine.travel(online.appt.end + dt.timedelta(minutes=1), tick=False):
        assert online.room not in _get(client, couple.a, "/care/")


def test_nobody_else_gets_the_link(client, clinic, couple, make_couple, online):
    other = make_couple()
    theirs = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    care.join_episode(user=other.a, token=theirs.join_token)
    url = f"/clinic/calendar/?clinician={clinic.rivera.pk}&date={at(17, 10).date().isoformat()}"
    with _in(online):
        pages = {
            "other couple": _get(client, other.a, "/care/"),
            "other clinician": _get(client, clinic.okafor.user, url),
            "other clinician, own calendar": _get(client, clinic.okafor.user, "/clinic/calendar/?date=2027-03-17"),
            "other practice": _get(client, clinic.stranger.user, url),
            "admin staff": _get(client, clinic.admin, url),
            "admin staff desk": _get(client, clinic.admin, "/clinic/"),
            "owner": _get(client, clinic.owner, url),
            "anonymous calendar": _get(client, None, url),
            "anonymous care": _get(client, None, "/care/"),
            "wrong token": _get(client, None, f"/reach-out/{'x' * 43}/book/"),
        }
        assert pages["admin staff"].startswith("200") and "Couple session" in pages["admin staff"]
        outsiders = [other.a, other.b, clinic.okafor.user, clinic.stranger.user, clinic.admin, clinic.owner]
        assert all(join_for(online.appt, user=u) is None for u in outsiders)
        assert join_for(online.appt, user=AnonymousUser()) is None
        assert join_for(online.appt, user=couple.b) is not None
        couples.leave_space(user=couple.b)
        pages["ex-partner"] = _get(client, couple.b, "/care/")
        assert join_for(online.appt, user=couple.b) is None
        # The private booking links outlive the couple; the room does not.
        pages["ex-partner's link"] = _get(client, None, f"/reach-out/{online.theirs.token}/book/")
        pages["the other link"] = _get(client, None, f"/reach-out/{online.mine.token}/book/")
        assert join_for(online.appt, screen=online.theirs) is None
    for who, page in pages.items():
        assert online.room not in page, who
        assert "The link appears" not in page or who == "admin staff", who
    assert "The link appears" not in pages["admin staff"]


def test_a_partner_the_screen_kept_out_gets_nothing(client, clinic):
    lead, mine, theirs = reach(clinic.rivera, 3)  # the writer has not answered: the partner was not invited
    with time_machine.travel(NOW, tick=False):
        appt = booking.book(token=mine.token, start=at(17, 10), now=NOW)
    with time_machine.travel(appt.start - dt.timedelta(minutes=5), tick=False):
        page = _get(client, None, f"/reach-out/{theirs.token}/book/")
        assert "meet.example.test/rivera" not in page
        assert "meet.example.test/rivera" in _get(client, None, f"/reach-out/{mine.token}/book/")


def test_join_email_only_in_the_window_only_to_the_partners(clinic, couple, online, smtp_server):
    appt = online.appt
    lead = appt.lead
    assert reminders.send_due(now=appt.start - dt.timedelta(hours=20)) == 1
    reminder = smtp_server.wait_for(lead.email)
    assert online.room not in smtp_server.body(reminder)
    assert "appears 15 minutes before the start" in smtp_server.body(reminder)
    assert reminders.send_due_joins(now=appt.start - dt.timedelta(minutes=16)) == 0
    assert reminders.send_due_joins(now=appt.start - dt.timedelta(minutes=14)) == 1
    assert reminders.send_due_joins(now=appt.start - dt.timedelta(minutes=13)) == 0  # claimed once
    joins = [m for m in smtp_server.messages if "starts soon" in m["Subject"]]
    assert sorted(m["To"] for m in joins) == sorted([lead.email, lead.partner_email])
    for m in joins:
        assert online.room in smtp_server.body(m)
    others = [m for m in smtp_server.messages if m not in joins]
    assert all(online.room not in smtp_server.body(m) for m in others)


def _claims(url: str) -> tuple[dict, dict, bool]:
    token = url.split("?jwt=", 1)[1]
    head, body, sig = token.split(".")

    def dec(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    good = hmac.compare_digest(dec(sig), hmac.new(SECRET.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return json.loads(dec(head)), json.loads(dec(body)), good


def test_jitsi_room_is_unguessable_and_each_link_is_signed(client, clinic, couple, settings):
    settings.JITSI_URL = "https://meet.example.org"
    settings.JITSI_APP_ID = "closeknit-test"
    settings.JITSI_APP_SECRET = SECRET
    clinic.rivera.meeting_link = ""
    clinic.rivera.save(update_fields=["meeting_link"])
    with time_machine.travel(NOW, tick=False):
        appt, mine, theirs = _book(clinic, couple)
        lead2, mine2, _ = reach(clinic.rivera, 2, screened=True)
        appt2 = booking.book(token=mine2.token, start=at(18, 10), now=NOW)
    assert len(appt.room) >= 22 and appt.room != appt2.room
    from closeknit.clinic.selectors import online

    with time_machine.travel(appt.start - dt.timedelta(minutes=5), tick=False):
        url = online.join_for(appt, screen=mine).url
        assert url.startswith(f"https://meet.example.org/{appt.room}?jwt=")
        head, claims, good = _claims(url)
        assert good and head == {"alg": "HS256", "typ": "JWT"}
        assert claims["aud"] == "jitsi" and claims["iss"] == "closeknit-test" and claims["sub"] == "meet.example.org"
        assert claims["room"] == appt.room and claims["context"]["user"]["name"] == "Alex 0"
        assert claims["exp"] > appt.end.timestamp() and claims["nbf"] <= appt.start.timestamp()
        assert not claims["context"]["user"]["moderator"]
        _, mod, _ = _claims(online.join_for(appt, user=clinic.rivera.user).url)
        assert mod["context"]["user"]["moderator"] and mod["context"]["user"]["name"] == "Dr. Rivera"
        assert online.join_for(appt, screen=mine2) is None  # another couple's private link opens nothing here
    settings.JITSI_APP_SECRET = ""
    with time_machine.travel(appt.start - dt.timedelta(minutes=5), tick=False):
        assert online.join_for(appt, screen=mine).url == f"https://meet.example.org/{appt.room}"
