"""The clinic API: public intake and booking by link, and a role matrix where each caller gets exactly
what the rules allow, and every allowed clinician read is logged."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.checkins import services as checkins
from closeknit.clinic.models import AccessLog, Appointment, Lead
from closeknit.clinic.services import care
from tests.api.conftest import Api, assert_error, headless_token
from tests.clinic.helpers import reach


@pytest.fixture
def api(db):
    """api(user) -> an app session for that person (one login each: logins are rate limited)."""
    tokens: dict[int, str] = {}

    def make(user=None) -> Api:
        if user is None:
            return Api()
        if user.pk not in tokens:
            tokens[user.pk] = headless_token(user)
        return Api(token=tokens[user.pk])

    return make


def test_public_reach_out_screen_and_booking(api, clinic):
    anon = api()
    r = anon.get("/api/therapists", language="es", times="evenings")
    assert r.status_code == 200
    body = r.json()
    # A language ranks, never hides (issue 18): Rivera first, the others after, each saying so.
    assert body[0]["therapist"]["name"] == "Dr. Rivera" and body[0]["speaks"]
    assert {m["therapist"]["name"] for m in body[1:]} == {"Jo Okafor", "Lee Stranger"}
    assert not any(m["speaks"] for m in body[1:])
    assert "Offers sessions in Spanish." in body[0]["reasons"]
    assert_error(anon.get("/api/therapists", language="xx"), 422)
    assert_error(anon.get("/api/therapists/nobody"), 404, "not_found")
    r = anon.post(f"/api/therapists/{clinic.rivera.slug}/reach-out", {"name": "Alex", "email": "alex@example.test"})
    assert r.status_code == 201
    token = r.json()["screen_token"]
    assert_error(
        anon.post(f"/api/therapists/{clinic.rivera.slug}/reach-out", {"name": "", "email": "x@example.test"}), 400
    )
    assert_error(anon.post(f"/api/therapists/{clinic.rivera.slug}/reach-out", {"name": "A", "email": "nope"}), 400)
    answers = {"hurt": False, "afraid": False, "control": False, "pressure": False, "crisis": False, "coming": "want"}
    assert anon.post(f"/api/screens/{token}", answers).json()["answered"] is True
    assert_error(anon.post(f"/api/screens/{token}", answers), 409, "already_answered")
    assert_error(anon.post(f"/api/screens/{token}", {**answers, "hurt": "maybe"}), 422)
    slots = anon.get(f"/api/bookings/{token}").json()["slots"]
    assert slots
    assert_error(anon.put(f"/api/bookings/{token}", {"start": "2020-01-01T10:00:00Z"}), 400, "slot_unavailable")
    r = anon.put(f"/api/bookings/{token}", {"start": slots[0]})
    # Booked a day or more ahead: the room link waits for the 15 minutes before the start.
    assert r.status_code == 200 and r.json()["appointment"]["location"] == ""
    _, other, _ = reach(clinic.rivera, 9)
    assert_error(anon.put(f"/api/bookings/{other.token}", {"start": slots[0]}), 409, "slot_taken")
    assert Appointment.objects.filter(status="booked").count() == 1
    assert anon.delete(f"/api/bookings/{token}").json()["appointment"] is None
    assert_error(anon.delete(f"/api/bookings/{token}"), 409, "not_booked")


def test_positive_screen_in_api_is_for_the_person_only(api, clinic):
    lead, mine, theirs = reach(clinic.rivera)
    anon = api()
    answers = {"hurt": False, "afraid": True, "control": False, "pressure": False, "crisis": False, "coming": "unsure"}
    assert anon.post(f"/api/screens/{theirs.token}", answers).json()["support"] is True
    other = anon.get(f"/api/screens/{mine.token}").json()
    assert (other["support"], other["answered"]) == (False, False)
    desk_admin = api(clinic.admin).get("/api/clinic/desk").json()
    assert desk_admin["leads"][0]["screens"] is None
    desk = api(clinic.rivera.user).get("/api/clinic/desk").json()
    assert sorted(desk["leads"][0]["screens"]) == ["read_first", "waiting"]


@pytest.fixture
def world(clinic, make_couple, answers):
    couple = make_couple()
    e = care.start_episode(user=clinic.rivera.user, policy="individual")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="individual")
        checkins.save_today(user=p, answers=dict(answers, note="only mine"))
    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=True)
    return clinic, couple, e


def test_role_matrix(api, world):
    clinic, couple, e = world
    a, b = couple.a, couple.b
    url = f"/api/clinic/episodes/{e.pk}/members/{{}}/checkins"

    def read(user, subject) -> int:
        before = AccessLog.objects.count()
        r = api(user).get(url.format(subject.pk))
        logged = AccessLog.objects.count() - before
        assert logged == (1 if r.status_code == 200 else 0), (user, subject, r.status_code, logged)
        return r.status_code

    # The episode's clinician: what A shares, not what B keeps; never a private answer.
    r = api(clinic.rivera.user).get(url.format(a.pk))
    assert r.status_code == 200 and "note" not in r.json()[0]["answers"] and "only mine" not in r.content.decode()
    assert read(clinic.rivera.user, a) == 200
    assert read(clinic.rivera.user, b) == 404  # no consent
    # Everyone else reads nothing, and nothing is logged.
    for outsider in (clinic.okafor.user, clinic.stranger.user, clinic.owner, clinic.admin, a, b):
        assert read(outsider, a) == 404, outsider
        assert api(outsider).get(f"/api/clinic/episodes/{e.pk}").status_code == 404
    # Partners are not staff; staff of any kind have a desk.
    for partner in (a, b):
        assert_error(api(partner).get("/api/clinic/desk"), 404)
    for staff in (clinic.owner, clinic.admin, clinic.rivera.user, clinic.stranger.user):
        assert api(staff).get("/api/clinic/desk").status_code == 200
    # Only the owner reviews the practice's log; each partner sees their own lines.
    owner_log = api(clinic.owner).get("/api/clinic/access-log", limit=1).json()
    assert len(owner_log["items"]) == 1 and owner_log["next"]
    rest = api(clinic.owner).client.get(owner_log["next"], headers={"X-Session-Token": api(clinic.owner).token})
    assert len(rest.json()["items"]) == 1 and rest.json()["next"] is None
    assert rest.json()["items"] != owner_log["items"]
    for not_owner in (clinic.admin, clinic.rivera.user, clinic.stranger.user, a):
        assert api(not_owner).get("/api/clinic/access-log").status_code == 404
    assert len(api(a).get("/api/care/access-log").json()["items"]) == 2
    assert api(b).get("/api/care/access-log").json() == {"items": [], "next": None}
    # Every line, a page at a time: nothing read about a person falls off the end of their list.
    first = api(a).get("/api/care/access-log", limit=1).json()
    second = api(a).client.get(first["next"], headers={"X-Session-Token": api(a).token}).json()
    assert len(first["items"]) == len(second["items"]) == 1 and second["next"] is None
    assert first["items"] != second["items"]
    # After revocation, the clinician no longer reads.
    r = api(a).put(f"/api/care/{e.pk}/consents/checkins", {"shared": False})
    assert r.status_code == 200
    assert not next(c for c in r.json()["consents"] if c["category"] == "checkins")["shared"]
    assert read(clinic.rivera.user, a) == 404
    # B's view shows B's own choices only.
    mine_b = api(b).get("/api/care").json()[0]
    assert mine_b["acknowledged"] and not any(c["shared"] for c in mine_b["consents"])
    assert_error(api().get("/api/care"), 401)
    assert_error(api().get("/api/clinic/desk"), 401)


def test_consent_api_refusals(api, world, make_couple):
    clinic, couple, e = world
    outsider = make_couple().a
    assert_error(api(outsider).put(f"/api/care/{e.pk}/consents/checkins", {"shared": True}), 404)
    assert_error(api(couple.a).put(f"/api/care/{e.pk}/consents/diary", {"shared": True}), 422)
    assert_error(api(couple.a).post(f"/api/care/{e.pk}/acknowledge", {"policy": "no_secrets"}), 409, "policy_changed")
    assert_error(api(outsider).post("/api/care/join", {"token": e.join_token}), 404)
    assert_error(api(couple.a).post("/api/care/join", {"token": "nope"}), 404)


def test_availability_api(api, clinic):
    me = api(clinic.rivera.user)
    r = me.post("/api/clinic/availability/hours", {"weekday": 5, "start": "10:00", "end": "12:00"})
    assert r.status_code == 201
    hid = r.json()["id"]
    assert_error(
        me.post("/api/clinic/availability/hours", {"weekday": 5, "start": "11:00", "end": "13:00"}), 409, "overlap"
    )
    assert_error(me.post("/api/clinic/availability/hours", {"weekday": 5, "start": "13:00", "end": "12:00"}), 400)
    assert_error(me.post("/api/clinic/availability/hours", {"weekday": 9, "start": "10:00", "end": "12:00"}), 422)
    day = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    assert me.post("/api/clinic/availability/exceptions", {"date": day}).status_code == 201
    assert_error(me.post("/api/clinic/availability/exceptions", {"date": day, "start": "10:00"}), 400)
    assert_error(api(clinic.stranger.user).delete(f"/api/clinic/availability/hours/{hid}"), 404)
    assert_error(api(clinic.admin).get("/api/clinic/availability"), 404)  # admin staff has no hours of their own
    assert me.delete(f"/api/clinic/availability/hours/{hid}").status_code == 204
    assert len(me.get("/api/clinic/availability").json()["exceptions"]) == 1


def test_episode_api(api, clinic):
    r = api(clinic.rivera.user).post("/api/clinic/episodes", {"policy": "no_secrets"})
    assert r.status_code == 201 and r.json()["join_token"]
    assert_error(api(clinic.admin).post("/api/clinic/episodes", {"policy": "no_secrets"}), 404)
    lead = Lead.objects.create(clinician=clinic.okafor, token="t", name="X", email="x@example.test")
    assert_error(
        api(clinic.rivera.user).post("/api/clinic/episodes", {"policy": "no_secrets", "lead_id": lead.pk}), 404
    )
