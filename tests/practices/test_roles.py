"""The role matrix for every practices page and API route: self / partner / ex-partner / another
couple / anonymous, reaching for Ana's things. On every response one invariant is checked too: Ana's
private words appear for no one but Ana, her shared words only for Ben (her current partner)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from closeknit import access
from closeknit.couples import services as couples
from closeknit.practices import services
from closeknit.practices.flows import paired
from closeknit.practices.flows import talk as talks
from tests.api.conftest import Api, headless_token

pytestmark = pytest.mark.django_db
ROLES = ("self", "partner", "ex", "other", "anon")
PRIVATE = "ana-private-reflection-71b3"
SHARED = "ana-shared-reflection-c4d9"
OLD_SHARED = "ana-shared-with-xan-0e55"
ANSWER = "ana-question-answer-5f20"
MAP_NOTE = "ana-map-note-a1c8"


@dataclass
class World:
    users: dict[str, Any]
    ids: dict[str, int]

    def api(self, role: str) -> Api:
        return Api() if role == "anon" else Api(token=headless_token(self.users[role]))

    def client(self, role: str) -> Client:
        c = Client()
        if role != "anon":
            c.force_login(self.users[role])
        return c


def _pair(a, b):
    space = couples.create_space(user=a)
    inv = couples.create_invitation(user=a, couple_id=space.pk)
    couples.accept_invitation(user=b, token=inv.token)
    for p in (a, b):
        access.forget(p)


def _done(user, text, shared):
    log = services.start(user=user, slug="eye-contact")
    return services.finish(user=user, log_id=log.pk, reflection=text, shared=shared).pk


@pytest.fixture
def world(make_user) -> World:
    ana, xan, ben, cy, di = (make_user() for _ in range(5))
    _pair(ana, xan)
    old = _done(ana, OLD_SHARED, True)
    couples.leave_space(user=xan)
    for p in (ana, xan):
        access.forget(p)
    _pair(ana, ben)
    _pair(cy, di)
    ids = {
        "old": old,
        "private": _done(ana, PRIVATE, False),
        "shared": _done(ana, SHARED, True),
        "run": services.start(user=ana, slug="breathing-together").pk,
        "talk": talks.start(user=ana, slug="hard-conversation", opener="I feel hopeful.").pk,
    }
    paired.answer_question(user=ana, item="curious-01", text=ANSWER)
    services.add_note(user=ana, kind="gratitude", text=PRIVATE + "-note", shared=False)
    services.add_note(user=ana, kind="moment", text=SHARED + "-moment", shared=True)
    paired.place_map(user=ana, data={"surface": ["calm"], "needs": ["affection"], "note": MAP_NOTE})
    return World({"self": ana, "partner": ben, "ex": xan, "other": cy}, ids)


def _invariant(role: str, body: str, opened: tuple[str, ...] = ()) -> None:
    """`opened`: Ana's words the partner may read after this very request (they answered too)."""
    if role != "self":
        for secret in (PRIVATE, ANSWER, MAP_NOTE, OLD_SHARED):
            if role == "partner" and secret in opened:
                continue
            assert secret not in body, (role, secret)
    if role not in ("self", "partner"):
        assert SHARED not in body, role


API = [
    # (method, path, body, {role: status})
    ("GET", "/api/practice-log/{shared}", None, dict(self=200, partner=200, ex=404, other=404, anon=401)),
    ("GET", "/api/practice-log/{private}", None, dict(self=200, partner=404, ex=404, other=404, anon=401)),
    ("GET", "/api/practice-log/{old}", None, dict(self=200, partner=404, ex=404, other=404, anon=401)),
    ("DELETE", "/api/practice-log/{shared}", None, dict(self=204, partner=404, ex=404, other=404, anon=401)),
    ("GET", "/api/practice-log", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/practice-log/summary", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/practice-runs/{run}", None, dict(self=200, partner=404, ex=404, other=404, anon=401)),
    ("POST", "/api/practice-runs/{run}/step", {"step": 1}, dict(self=200, partner=404, ex=404, other=404, anon=401)),
    ("GET", "/api/conversations/{talk}", None, dict(self=200, partner=200, ex=404, other=404, anon=401)),
    ("GET", "/api/closeness-questions", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/closeness-questions/curious-01", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/emotional-map", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/appreciations", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/moments", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/practices", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("GET", "/api/practices/eye-contact", None, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("POST", "/api/practice-suggestions", {"text": "money"}, dict(self=200, partner=200, ex=200, other=200, anon=401)),
    ("POST", "/api/practice-runs/{run}/finish", {}, dict(self=200, partner=404, ex=404, other=404, anon=401)),
    ("POST", "/api/practice-runs", {"slug": "eye-contact"}, dict(self=201, partner=201, ex=201, other=201, anon=401)),
    (
        "POST",
        "/api/conversations",
        {"slug": "hard-conversation"},
        dict(self=201, partner=201, ex=409, other=201, anon=401),
    ),
    (
        "PUT",
        "/api/closeness-questions/curious-02",
        {"text": "Hi"},
        dict(self=200, partner=200, ex=200, other=200, anon=401),
    ),
    ("POST", "/api/appreciations", {"text": "Thanks"}, dict(self=201, partner=201, ex=201, other=201, anon=401)),
    ("POST", "/api/moments", {"text": "A walk"}, dict(self=201, partner=201, ex=201, other=201, anon=401)),
    (
        "POST",
        "/api/emotional-map",
        {"surface": ["calm"], "needs": ["rest"]},
        dict(self=201, partner=201, ex=201, other=201, anon=401),
    ),
    (
        "POST",
        "/api/conversations/{talk}/actions",
        {"action": "pause"},
        dict(self=200, partner=200, ex=404, other=404, anon=401),
    ),
]


@pytest.mark.parametrize("method, path, body, expected", API, ids=[f"{m} {p}" for m, p, _, _ in API])
def test_api_role_matrix(world, method, path, body, expected):
    url = path.format(**world.ids)
    # A deletion is tried by everyone else first, so a refusal is not just "already gone".
    for role in reversed(ROLES) if method == "DELETE" else ROLES:
        response = world.api(role).call(method, url, body)
        assert response.status_code == expected[role], (role, response.status_code, response.content[:300])
        if response.status_code == 204:
            continue
        text = response.content.decode()
        _invariant(role, text, opened=(MAP_NOTE,) if path == "/api/emotional-map" and method == "POST" else ())
        if response.status_code >= 400:
            assert set(response.json()) >= {"detail", "code", "field"}


def test_api_reveal_details(world):
    shared = world.api("partner").get(f"/api/practice-log/{world.ids['shared']}").json()
    assert shared["reflection"] == SHARED and shared["rating"] is None
    q = world.api("partner").get("/api/closeness-questions/curious-01").json()
    assert (q["partner_state"], q["partner"]) == ("waiting", None)
    assert world.api("ex").get("/api/closeness-questions/curious-01").json()["partner_state"] == "none"
    m = world.api("partner").get("/api/emotional-map").json()
    assert (m["partner_state"], m["partner"]) == ("waiting", None)
    assert [n["text"] for n in world.api("partner").get("/api/moments").json()["items"]] == [SHARED + "-moment"]
    assert world.api("partner").get("/api/appreciations").json() == {"items": [], "next": None}
    assert world.api("self").get("/api/appreciations").json()["items"][0]["text"] == PRIVATE + "-note"
    log = world.api("partner").get("/api/practice-log").json()["items"]
    assert [e["reflection"] for e in log] == [SHARED]


# What the path templates above stand for in the OpenAPI document.
PLACEHOLDERS = {
    "{shared}": "{log_id}",
    "{private}": "{log_id}",
    "{old}": "{log_id}",
    "{run}": "{run_id}",
    "{talk}": "{talk_id}",
    "/curious-01": "/{item}",
    "/curious-02": "/{item}",
    "/eye-contact": "/{slug}",
}


def covered_operations() -> set[tuple[str, str]]:
    """The API operations this matrix covers, as (METHOD, OpenAPI path), so the API-wide test that
    every operation has a role matrix (tests/api/test_roles.py) can count them."""
    out = set()
    for method, path, _, _ in API:
        for placeholder, name in PLACEHOLDERS.items():
            path = path.replace(placeholder, name)
        out.add((method, path))
    return out


def test_matrix_covers_every_practices_operation():
    doc = Api().get("/api/openapi.json").json()
    mine = {
        (m.upper(), p)
        for p, ops in doc["paths"].items()
        for m in ops
        if any(
            p.startswith(f"/api/{x}")
            for x in ("practice", "conversations", "closeness", "emotional", "appreciations", "moments")
        )
        and not p.startswith("/api/practices/desires")  # its own matrix: tests/desires/test_api_roles.py
    }
    assert mine == covered_operations()


PAGES = [
    ("/practices/log/{shared}/", dict(self=200, partner=200, ex=404, other=404, anon=302)),
    ("/practices/log/{private}/", dict(self=200, partner=404, ex=404, other=404, anon=302)),
    ("/practices/log/{old}/", dict(self=200, partner=404, ex=404, other=404, anon=302)),
    ("/practices/run/{run}/", dict(self=200, partner=404, ex=404, other=404, anon=302)),
    ("/practices/talk/{talk}/", dict(self=200, partner=200, ex=404, other=404, anon=302)),
    ("/practices/talk/{talk}/state/", dict(self=200, partner=200, ex=404, other=404, anon=302)),
    ("/practices/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/log/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/questions/curious-01/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/map/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/gratitude/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/moments/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/mind/?concern=money", dict(self=200, partner=200, ex=200, other=200, anon=302)),
    ("/practices/eye-contact/", dict(self=200, partner=200, ex=200, other=200, anon=302)),
]


@pytest.mark.parametrize("path, expected", PAGES, ids=[p for p, _ in PAGES])
def test_page_role_matrix(world, path, expected):
    url = path.format(**world.ids)
    for role in ROLES:
        response = world.client(role).get(url)
        assert response.status_code == expected[role], (role, response.status_code)
        _invariant(role, response.content.decode())
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "path, data",
    [
        ("/practices/run/{run}/", {"action": "next"}),
        ("/practices/talk/{talk}/act/", {"action": "pause"}),
        ("/practices/log/{shared}/delete/", {}),
    ],
)
def test_page_writes_role_matrix(world, path, data):
    url = path.format(**world.ids)
    for role in ("ex", "other"):
        assert world.client(role).post(url, data).status_code == 404
    assert world.client("anon").post(url, data).status_code == 302
    if "delete" in path:
        assert world.client("partner").post(url, data).status_code == 404
        assert world.client("self").post(url, data).status_code == 302
        assert world.client("self").get(url.replace("delete/", "")).status_code == 404


def test_practices_schemas_have_names_no_other_api_module_uses():
    """ninja names OpenAPI components after classes: a second `LogOut` elsewhere would silently
    replace ours in the document (schemathesis caught exactly that once)."""
    import importlib
    import pkgutil

    from ninja import Schema

    import closeknit.api
    from closeknit.api import practices as ours

    def names(module) -> set[str]:
        return {
            n
            for n, v in vars(module).items()
            if isinstance(v, type) and issubclass(v, Schema) and v.__module__ == module.__name__
        }

    mine = names(ours)
    for info in pkgutil.iter_modules(closeknit.api.__path__):
        if info.name != "practices":
            other = importlib.import_module(f"closeknit.api.{info.name}")
            assert not mine & names(other), info.name
