"""The API role matrix for wishes and boundaries: the author, their partner, their ex-partner, a
person in another couple and anyone not logged in, on every operation. Refusals say nothing about
what exists: someone else's boundary is a 404, exactly like one that never was."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from closeknit import access
from closeknit.clinic.services import care
from closeknit.couples import services as couple_services
from closeknit.desires import selectors, services
from tests.clinic.conftest import clinic  # noqa: F401  (the fixture)
from tests.desires.util import ITEMS, adults, every

pytestmark = pytest.mark.django_db
SECRET = "Matrix-canary-6120 not after midnight"
ROLES = ("self", "partner", "ex", "other", "anon")
A_MARK = {"answers": {ITEMS[0]: "yes"}}

# (method, path, payload, expected status per role in ROLES order)
MATRIX = [
    ("GET", "/api/practices/desires", None, (200, 200, 404, 200, 401)),
    ("GET", "/api/practices/desires/deck", None, (200, 200, 404, 200, 401)),
    ("POST", "/api/practices/desires/adult", {"confirmed": True}, (200, 200, 404, 200, 401)),
    ("PUT", "/api/practices/desires/answers", A_MARK, (200, 200, 404, 200, 401)),
    ("POST", "/api/practices/desires/boundaries", {"text": "Ask first"}, (201, 201, 404, 201, 401)),
    ("PATCH", "/api/practices/desires/boundaries/{boundary}", {"shared": True}, (200, 404, 404, 404, 401)),
    ("DELETE", "/api/practices/desires/boundaries/{boundary}", None, (204, 404, 404, 404, 401)),
    ("GET", "/api/clinic/episodes/{episode}/members/{self}/desires", None, (404, 404, 404, 404, 401)),
]


@dataclass
class World:
    people: dict[str, object]
    boundary: int
    episode: int

    def client(self, role: str) -> Client:
        c = Client()
        if role != "anon":
            c.force_login(self.people[role])
        return c


@pytest.fixture
def world(make_couple, make_user, clinic) -> World:  # noqa: F811
    first = make_couple()  # the author and their ex, whose space has ended
    me, ex = first.a, first.b
    couple_services.leave_space(user=ex)
    access.forget(me)
    space = couple_services.create_space(user=me)
    mate = make_user()
    couple_services.accept_invitation(
        user=mate, token=couple_services.create_invitation(user=me, couple_id=space.pk).token
    )
    for person in (me, mate, ex):
        access.forget(person)
    other = make_couple().a
    adults(me, mate, other)
    services.set_answers(user=me, answers=every("no") | {ITEMS[0]: "yes"})
    services.set_answers(user=mate, answers=every("maybe"))
    boundary = services.add_boundary(user=me, text=SECRET, shared=False)
    e = care.start_episode(user=clinic.rivera.user, policy="individual")
    for p in (me, mate):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="individual")
        care.set_consent(user=p, episode_id=e.pk, category="desires", granted=True)
    return World({"self": me, "partner": mate, "ex": ex, "other": other}, boundary.pk, e.pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "payload", "expected"), MATRIX, ids=[f"{m} {t}" for m, t, *_ in MATRIX])
def test_role_matrix(world, role, method, template, payload, expected):
    path = template.format(boundary=world.boundary, episode=world.episode, self=world.people["self"].pk)
    c = world.client(role)
    kwargs = {"data": payload, "content_type": "application/json"} if payload is not None else {}
    r = getattr(c, method.lower())(path, **kwargs)
    want = expected[ROLES.index(role)]
    assert r.status_code == want, (role, method, path, r.content[:200])
    if role != "self":
        assert SECRET not in r.content.decode()
    if want >= 400:
        assert r.json()["detail"]  # a refusal a person can read


def test_the_author_keeps_the_boundary_and_marks_others_cannot_reach(world):
    view = selectors.view_for(world.people["self"])
    assert [b.text for b in view.my_boundaries] == [SECRET]
    partner = world.client("partner").get("/api/practices/desires").json()
    assert partner["partner_boundaries"] == [] and partner["maybe_together"][0]["id"] == ITEMS[0]
    assert set(partner["my_answers"].values()) == {"maybe"}


def test_the_matrix_covers_every_desires_operation():
    doc = Client().get("/api/openapi.json").json()
    mine = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops if p.endswith("desires") or "/desires/" in p}
    covered = {
        (
            m,
            t.replace("{boundary}", "{boundary_id}")
            .replace("{episode}", "{episode_id}")
            .replace("{self}", "{user_id}"),
        )
        for m, t, *_ in MATRIX
    }
    assert mine == covered
