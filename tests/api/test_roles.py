"""The role matrix: for every API route, what self / partner / ex-partner / another couple / anonymous
get when they reach for Ana's things.

The world: Ana (self) once shared a space with Xan and wrote a check-in there; Xan left (ex-partner).
Ana now shares a space with Ben (partner), who has not checked in today. Ana checked in yesterday and
today, each time keeping a note (and today some answers) private. Cy is in another couple with Di.

Besides each route's status and content, one invariant is checked on every response: Ana's private
words never appear for anyone but Ana, and her shared words appear only to Ben, only once revealed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from closeknit import access
from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.core.time import local_today
from closeknit.couples import services as couples
from closeknit.couples.models import Couple, Invitation
from closeknit.nudges.models import Reminder
from tests.api.conftest import Api, headless_token

pytestmark = pytest.mark.django_db

ROLES = ("self", "partner", "ex", "other", "anon")

PRIVATE_TODAY = "ana-private-today-51c2"
PRIVATE_YESTERDAY = "ana-private-yesterday-9d0e"
PRIVATE_OLD = "ana-private-old-space-33ab"
SHARED_TODAY = "ana-shared-today-e7f1"  # shared, but Ben has not answered today: must wait
SHARED_YESTERDAY = "ana-shared-yesterday-08c4"  # shared, the day is over: Ben may read it
SHARED_OLD = "ana-shared-old-space-5a61"  # shared with Xan, whose space has ended


@dataclass
class World:
    users: dict[str, Any]
    space: Couple
    old_space: Couple
    used_invitation: Invitation
    today: CheckIn
    yesterday: CheckIn
    old: CheckIn
    other_space_id: int

    def api(self, role: str) -> Api:
        """Logs the role in (a real headless login) only when a test needs them."""
        if role == "anon":
            return Api()
        return Api(token=headless_token(self.users[role]))

    def ids(self) -> dict[str, int]:
        return {
            "today": self.today.pk,
            "yesterday": self.yesterday.pk,
            "old": self.old.pk,
            "inv": self.used_invitation.pk,
        }


def _past(user, couple_id: int, days_ago: int, **answers) -> CheckIn:
    return CheckIn.objects.create(
        author=user,
        couple_id=couple_id,
        local_date=local_today(user.timezone) - dt.timedelta(days=days_ago),
        timezone=user.timezone,
        feelings=["calm"],
        emotional_closeness=4,
        physical_closeness=4,
        stress=4,
        **answers,
    )


@pytest.fixture
def world(make_user, answers) -> World:
    ana, ben, xan, cy, di = (make_user(display_name=n) for n in ("Ana", "Ben", "Xan", "Cy", "Di"))

    old_space = couples.create_space(user=ana, name="Ana and Xan")
    inv = couples.create_invitation(user=ana, couple_id=old_space.pk)
    couples.accept_invitation(user=xan, token=inv.token)
    old = _past(ana, old_space.pk, 20, appreciation=SHARED_OLD, note=PRIVATE_OLD, shared=["appreciation"])
    _past(xan, old_space.pk, 20, appreciation="xan-old", shared=["appreciation"])
    couples.leave_space(user=xan)
    access.forget(ana)  # the memo of Ana's space lives on this object; a new request would not have it

    space = couples.create_space(user=ana, name="Ana and Ben")
    used = couples.create_invitation(user=ana, couple_id=space.pk)
    couples.accept_invitation(user=ben, token=used.token)
    yesterday = _past(
        ana, space.pk, 1, appreciation=SHARED_YESTERDAY, note=PRIVATE_YESTERDAY, shared=["appreciation", "stress"]
    )
    today = checkins.create_checkin(
        user=ana,
        answers={
            **answers,
            "appreciation": SHARED_TODAY,
            "need": PRIVATE_TODAY,
            "note": PRIVATE_TODAY,
            "shared": ["feelings", "appreciation"],
        },
    )

    other = couples.create_space(user=cy, name="Cy and Di")
    couples.accept_invitation(user=di, token=couples.create_invitation(user=cy, couple_id=other.pk).token)
    checkins.create_checkin(user=cy, answers=answers)

    users = {"self": ana, "partner": ben, "ex": xan, "other": cy}
    return World(users, space, old_space, used, today, yesterday, old, other.pk)


# What may appear in a response, by role. Everything else of Ana's must not.
ALLOWED_WORDS = {
    "self": {PRIVATE_TODAY, PRIVATE_YESTERDAY, PRIVATE_OLD, SHARED_TODAY, SHARED_YESTERDAY, SHARED_OLD},
    "partner": {SHARED_YESTERDAY},
    "ex": set(),
    "other": set(),
    "anon": set(),
}
ALL_WORDS = ALLOWED_WORDS["self"]

Check = Callable[[World, str, Any], None]


def _status(expected: dict[str, int]) -> dict[str, int]:
    assert set(expected) == set(ROLES)
    return expected


AUTH_200 = _status({"self": 200, "partner": 200, "ex": 200, "other": 200, "anon": 401})


# --- per-route content checks ----------------------------------------------------------------------
def me_is_the_caller(w: World, role: str, body: Any) -> None:
    assert body["email"] == w.users[role].email


def export_is_the_callers_own(w: World, role: str, body: Any) -> None:
    """Only Ana wrote the marked words: her export holds all of them, anyone else's none, not even the
    ones Ana shared and they may read elsewhere."""
    assert body["profile"]["email"] == w.users[role].email
    text = json.dumps(body)
    assert {word for word in ALL_WORDS if word in text} == (ALL_WORDS if role == "self" else set())


def account_kept(w: World, role: str, body: Any) -> None:
    assert all(u.__class__.objects.filter(pk=u.pk).exists() for u in w.users.values() if u is not None)


def only_caller_changed(w: World, role: str, body: Any) -> None:
    for r, user in w.users.items():
        user.refresh_from_db()
        assert (user.pronouns == "xe/xem") is (r == role), r


def space_by_role(w: World, role: str, body: Any) -> None:
    if role in ("self", "partner"):
        assert body["id"] == w.space.pk
        other = "partner" if role == "self" else "self"
        assert body["partner"]["id"] == w.users[other].pk
    elif role == "other":
        assert body["id"] == w.other_space_id
        assert body["id"] != w.space.pk


def ana_space_renamed_only_by_members(w: World, role: str, body: Any) -> None:
    w.space.refresh_from_db()
    assert (w.space.name == "Renamed") is (role in ("self", "partner"))


def ana_space_ended_only_by_members(w: World, role: str, body: Any) -> None:
    w.space.refresh_from_db()
    assert (w.space.ended_at is not None) is (role in ("self", "partner"))


def invitation_untouched(w: World, role: str, body: Any) -> None:
    w.used_invitation.refresh_from_db()
    assert w.used_invitation.revoked_at is None


def today_by_role(w: World, role: str, body: Any) -> None:
    if role == "self":
        assert body["mine"]["id"] == w.today.pk
        assert body["mine"]["answers"]["note"] == PRIVATE_TODAY
        assert body["partner"]["state"] == "not_yet"
    elif role == "partner":
        assert body["mine"] is None
        assert body["partner"]["person"]["id"] == w.users["self"].pk
        assert body["partner"]["state"] == "waiting"
        assert set(body["partner"]["checkin"]["answers"].values()) == {None}
    elif role == "ex":
        assert body["mine"] is None and body["partner"] is None
    elif role == "other":
        assert body["partner"]["person"]["id"] != w.users["self"].pk


def history_by_role(w: World, role: str, body: Any) -> None:
    ana = w.users["self"].pk
    seen = {c["id"]: c for day in body for c in (day["mine"], day["partner"]) if c and c["author"]["id"] == ana}
    if role == "self":
        assert set(seen) == {w.today.pk, w.yesterday.pk, w.old.pk}
    elif role == "partner":
        assert set(seen) == {w.today.pk, w.yesterday.pk}
        assert seen[w.today.pk]["waiting"] is True
        assert seen[w.yesterday.pk]["answers"]["appreciation"] == SHARED_YESTERDAY
        assert seen[w.yesterday.pk]["answers"]["note"] is None
    else:
        assert seen == {}


def full_view(w: World, role: str, body: Any) -> None:
    if role == "self":
        assert body["is_mine"] and body["answers"]["note"] is not None


def today_checkin_view(w: World, role: str, body: Any) -> None:
    full_view(w, role, body)
    if role == "partner":
        assert body["waiting"] is True and set(body["answers"].values()) == {None}


def yesterday_view(w: World, role: str, body: Any) -> None:
    full_view(w, role, body)
    if role == "partner":
        assert body["waiting"] is False
        assert body["answers"]["appreciation"] == SHARED_YESTERDAY and body["answers"]["stress"] == 4
        assert body["answers"]["note"] is None and body["answers"]["feelings"] is None


def ana_checkin_changed_only_by_ana(w: World, role: str, body: Any) -> None:
    w.today.refresh_from_db()
    assert (w.today.stress == 0) is (role == "self")


def reminder_is_own(w: World, role: str, body: Any) -> None:
    owners = set(Reminder.objects.filter(local_time=dt.time(6, 30)).values_list("user_id", flat=True))
    assert owners == {w.users[role].pk}


def nothing(w: World, role: str, body: Any) -> None:
    pass


CHECKIN_BODY = {"feelings": ["calm"], "emotional_closeness": 0, "physical_closeness": 0, "stress": 0}

# (method, path template, body or query, expected status by role, content check)
MATRIX: list[tuple[str, str, Any, dict[str, int], Check]] = [
    ("GET", "/api/me", None, AUTH_200, me_is_the_caller),
    ("PATCH", "/api/me", {"pronouns": "xe/xem"}, AUTH_200, only_caller_changed),
    ("GET", "/api/me/export", None, AUTH_200, export_is_the_callers_own),
    (
        "POST",
        "/api/me/delete",
        {"password": "not the password"},
        _status({"self": 403, "partner": 403, "ex": 403, "other": 403, "anon": 401}),
        account_kept,
    ),
    (
        "GET",
        "/api/space",
        None,
        _status({"self": 200, "partner": 200, "ex": 404, "other": 200, "anon": 401}),
        space_by_role,
    ),
    ("POST", "/api/space", {}, _status({"self": 409, "partner": 409, "ex": 201, "other": 409, "anon": 401}), nothing),
    (
        "PATCH",
        "/api/space",
        {"name": "Renamed"},
        _status({"self": 200, "partner": 200, "ex": 404, "other": 200, "anon": 401}),
        ana_space_renamed_only_by_members,
    ),
    (
        "POST",
        "/api/space/leave",
        None,
        _status({"self": 204, "partner": 204, "ex": 409, "other": 204, "anon": 401}),
        ana_space_ended_only_by_members,
    ),
    (
        "POST",
        "/api/space/invitations",
        None,
        _status({"self": 409, "partner": 409, "ex": 404, "other": 409, "anon": 401}),
        nothing,
    ),
    (
        "DELETE",
        "/api/space/invitations/{inv}",
        None,
        _status({"self": 409, "partner": 409, "ex": 404, "other": 404, "anon": 401}),
        invitation_untouched,
    ),
    (
        "POST",
        "/api/space/join",
        "token",
        _status({"self": 410, "partner": 410, "ex": 410, "other": 410, "anon": 401}),
        nothing,
    ),
    ("GET", "/api/feelings", None, _status(dict.fromkeys(ROLES, 200)), nothing),
    ("GET", "/api/checkins/today", None, AUTH_200, today_by_role),
    ("GET", "/api/checkins/streak", None, AUTH_200, nothing),
    ("GET", "/api/checkins", {"days": 365}, AUTH_200, history_by_role),
    (
        "POST",
        "/api/checkins",
        CHECKIN_BODY,
        _status({"self": 409, "partner": 201, "ex": 201, "other": 409, "anon": 401}),
        ana_checkin_changed_only_by_ana,
    ),
    (
        "GET",
        "/api/checkins/{today}",
        None,
        _status({"self": 200, "partner": 200, "ex": 404, "other": 404, "anon": 401}),
        today_checkin_view,
    ),
    (
        "GET",
        "/api/checkins/{yesterday}",
        None,
        _status({"self": 200, "partner": 200, "ex": 404, "other": 404, "anon": 401}),
        yesterday_view,
    ),
    (
        "GET",
        "/api/checkins/{old}",
        None,
        _status({"self": 200, "partner": 404, "ex": 404, "other": 404, "anon": 401}),
        full_view,
    ),
    (
        "PUT",
        "/api/checkins/{today}",
        CHECKIN_BODY,
        _status({"self": 200, "partner": 404, "ex": 404, "other": 404, "anon": 401}),
        ana_checkin_changed_only_by_ana,
    ),
    ("GET", "/api/reminders", None, AUTH_200, nothing),
    (
        "PUT",
        "/api/reminders",
        {"enabled": True, "local_time": "06:30", "partner_nudges": True},
        AUTH_200,
        reminder_is_own,
    ),
    ("GET", "/api/crisis-resources", None, _status(dict.fromkeys(ROLES, 200)), nothing),
]


def _call(w: World, role: str, method: str, template: str, payload: Any) -> Any:
    path = template.format(**w.ids())
    api = w.api(role)
    if payload == "token":
        payload = {"token": w.used_invitation.token}
    if method == "GET":
        return api.get(path, **(payload or {}))
    return api.call(method, path, payload if payload is not None else ({} if method == "POST" else None))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "payload", "expected", "check"),
    MATRIX,
    ids=[f"{m} {t}" for m, t, *_ in MATRIX],
)
def test_role_matrix(world, role, method, template, payload, expected, check):
    response = _call(world, role, method, template, payload)
    assert response.status_code == expected[role], (role, response.status_code, response.content)
    text = response.content.decode()
    for word in ALL_WORDS - ALLOWED_WORDS[role]:
        assert word not in text, (role, word)
    body = response.json() if response.content else None
    if response.status_code >= 400:
        assert body["detail"] and body["code"]
    else:
        check(world, role, body)


# The couple's space owns these paths; assessments, practices and the clinic keep their own matrices.
SPACE_PATHS = ("/api/me", "/api/space", "/api/checkins", "/api/reminders", "/api/crisis-resources", "/api/feelings")


def test_the_matrix_covers_every_operation(anon_api):
    doc = anon_api.get("/api/openapi.json").json()
    operations = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops if p.startswith(SPACE_PATHS)}
    in_matrix = {
        (
            m,
            t.replace("{inv}", "{invitation_id}")
            .replace("{today}", "{checkin_id}")
            .replace("{yesterday}", "{checkin_id}")
            .replace("{old}", "{checkin_id}"),
        )
        for m, t, *_ in MATRIX
    }
    assert operations == in_matrix


def test_ex_partner_keeps_their_own_words(world):
    """Leaving ends the shared view, not authorship: Xan still reads the check-in Xan wrote."""
    history = world.api("ex").get("/api/checkins", days=365).json()
    mine = [day["mine"] for day in history if day["mine"]]
    assert [c["answers"]["appreciation"] for c in mine] == ["xan-old"]
    assert all(day["partner"] is None for day in history)


def test_partner_reads_todays_shared_answers_only_after_answering(world, answers):
    ben = world.api("partner")
    ben.post("/api/checkins", answers)
    response = ben.get(f"/api/checkins/{world.today.pk}")
    body = response.json()
    assert body["answers"]["appreciation"] == SHARED_TODAY
    assert body["answers"]["feelings"] == answers["feelings"]
    assert body["answers"]["need"] is None and body["answers"]["note"] is None
    assert PRIVATE_TODAY not in response.content.decode()
    assert ben.get("/api/checkins/today").json()["partner"]["state"] == "visible"
