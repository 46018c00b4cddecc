"""A "not for me" can never be told from anything the other partner receives.

For random pairs of lists, two worlds differ only in what A marked where it does not match B: at one
item X that B marked "maybe" or "not for me", A says "not for me" in one world and "maybe" in the
other; every other unmatched mark of A's may differ too, and in one world A also keeps a private
boundary. Everything B receives — every page, the polled fragment, every API answer, B's export and any
email — must be byte-for-byte the same in both worlds (after removing the per-request CSRF token).
The clock is pinned, so dates on the page cannot differ by chance.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.accounts.models import User
from closeknit.desires import matching, services
from tests.checkins.util import checkin_on
from tests.desires.util import CSRF, ITEMS, adults

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2030, 1, 15, 9, 15, tzinfo=dt.UTC)  # after any clock make test-dates sets
MARKS = ("yes", "maybe", "no")
SEEN_BY_B = (
    "/practices/desires/",
    "/practices/desires/state/",
    "/practices/desires/list/",
    "/practices/desires/talk/?step=5",
    "/practices/",
    "/history/",
    "/settings/export.json",
    "/settings/export.html",
    "/api/practices/desires",
    "/api/practices/desires/deck",
)
CHART_ID = re.compile(r"chart-[0-9a-f-]{36}")  # pygal names each chart with a random uuid


class _Rollback(Exception):
    pass


def _list(draw, complete: bool) -> dict[str, str]:
    choices = st.sampled_from(MARKS) if complete else st.sampled_from((*MARKS, None))
    marks = draw(st.lists(choices, min_size=len(ITEMS), max_size=len(ITEMS)))
    return {i: m for i, m in zip(ITEMS, marks, strict=True) if m is not None}


def _received_by(b: User) -> list[tuple[str, int, str]]:
    client = Client()
    client.force_login(b)
    out = []
    for url in SEEN_BY_B:
        r = client.get(url)
        out.append((url, r.status_code, CHART_ID.sub("chart", CSRF.sub(r"\1-", r.content.decode()))))
    out.append(("mail", 0, repr([(m.to, m.subject, m.body) for m in mail.outbox])))
    return out


def _world(a: User, b: User, marks_a: dict, marks_b: dict, *, a_first: bool, private_note: bool) -> list:
    try:
        with transaction.atomic(), time_machine.travel(T0, tick=False):
            mail.outbox.clear()
            writes = [(a, marks_a), (b, marks_b)]
            for person, marks in writes if a_first else reversed(writes):
                if marks:
                    services.set_answers(user=person, answers=marks)
            if private_note:
                services.add_boundary(user=a, text="Only-mine-canary: not on weeknights", shared=False)
            seen = _received_by(b)
            raise _Rollback
    except _Rollback:
        return seen


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_other_partner_receives_the_same_whether_a_said_not_for_me_or_maybe(make_couple, data):
    pair = make_couple()
    a, b = pair.a, pair.b
    adults(a, b)
    checkin_on(b, pair.couple_id, T0.date())  # so B's history shows the physical-closeness line
    marks_b = _list(data.draw, data.draw(st.booleans(), label="b complete"))
    marks_a = _list(data.draw, data.draw(st.booleans(), label="a complete"))
    x = data.draw(st.sampled_from(ITEMS), label="X")
    marks_b[x] = data.draw(st.sampled_from(("maybe", "no")), label="B at X")
    world_no = {**marks_a, x: "no"}
    world_maybe = {**marks_a, x: "maybe"}
    for item, mark in marks_a.items():  # any other unmatched mark of A's may differ between the worlds
        if item != x and matching.kind(mark, marks_b.get(item)) is None:
            world_maybe[item] = data.draw(
                st.sampled_from([m for m in MARKS if matching.kind(m, marks_b.get(item)) is None])
            )
    assert matching.matches(world_no, marks_b) == matching.matches(world_maybe, marks_b)
    a_first = data.draw(st.booleans(), label="A writes first")

    one = _world(a, b, world_no, marks_b, a_first=a_first, private_note=True)
    other = _world(a, b, world_maybe, marks_b, a_first=a_first, private_note=False)

    for (url, status, body), (_, status2, body2) in zip(one, other, strict=True):
        assert status == status2, url
        assert body == body2, url
        assert "Only-mine-canary" not in body
    assert dict((u, s) for u, s, _ in one)["/practices/desires/"] == 200


def test_the_worlds_differ_when_it_is_a_match(couple):
    """The comparison can fail: a yes where B said maybe is a match, and B's page shows it."""
    adults(couple.a, couple.b)
    full_b = dict.fromkeys(ITEMS, "maybe")
    one = _world(couple.a, couple.b, dict.fromkeys(ITEMS, "no"), full_b, a_first=True, private_note=False)
    other = _world(
        couple.a, couple.b, {**dict.fromkeys(ITEMS, "no"), ITEMS[0]: "yes"}, full_b, a_first=True, private_note=False
    )
    assert (
        dict((u, b) for u, _, b in one)["/practices/desires/"]
        != dict((u, b) for u, _, b in other)["/practices/desires/"]
    )
