"""access.answer_access, table-driven: relation x shared/private x viewer answered x day over.

Every selector asks this one function, so this table is the privacy rule written down once.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from closeknit import access
from closeknit.access import Access, Relation
from closeknit.couples import services as couples
from tests.checkins.util import checkin_on, utc

DAY = dt.date(2026, 3, 10)
DURING = utc(2026, 3, 10, 12, 0)  # noon on DAY (UTC)
# The entry was written in UTC; viewers sit in Pago Pago (UTC-11), whose DAY ends at 11:00 UTC next day.
AFTER_AUTHORS_DAY_ONLY = utc(2026, 3, 11, 3, 0)
OVER_FOR_BOTH = utc(2026, 3, 11, 11, 0)

RELATIONS = ["self", "self_after_leave", "partner", "ex_partner", "other_couple", "no_space", "anonymous"]


def expected(relation: str, shared: bool, answered: bool, over: bool) -> Access:
    if relation in ("self", "self_after_leave"):
        return Access.VISIBLE
    if relation != "partner" or not shared:
        return Access.HIDDEN
    return Access.VISIBLE if answered or over else Access.WAITING


@pytest.fixture
def world(make_couple, make_user):
    """A wrote an entry on DAY in a space shared with B; the viewer for each relation."""

    def build(relation: str):
        p = make_couple(timezone="Pacific/Pago_Pago")
        p.a.timezone = "UTC"
        p.a.save()
        entry = checkin_on(
            p.a, p.couple_id, DAY, tz="UTC", appreciation="shared words", note="private words", shared=["appreciation"]
        )
        if relation in ("ex_partner", "self_after_leave"):
            couples.leave_space(user=p.b)
            access.forget(p.a)
            access.forget(p.b)
        viewer = {
            "self": p.a,
            "self_after_leave": p.a,
            "partner": p.b,
            "ex_partner": p.b,
            "other_couple": make_couple(timezone="Pacific/Pago_Pago").a if relation == "other_couple" else None,
            "no_space": make_user(timezone="Pacific/Pago_Pago") if relation == "no_space" else None,
            "anonymous": AnonymousUser(),
        }[relation]
        return viewer, entry

    return build


@pytest.mark.parametrize("relation", RELATIONS)
def test_answer_access(world, relation):
    """All eight (shared?, answered?, day over?) cells for one relation; a mismatch lists the cells."""
    viewer, entry = world(relation)
    wrong = []
    for shared, answered, over in itertools.product((True, False), repeat=3):
        answer = "appreciation" if shared else "note"
        now = OVER_FOR_BOTH if over else DURING
        got = access.answer_access(viewer, entry, answer, viewer_answered=answered, now=now)
        want = expected(relation, shared, answered, over)
        if got is not want:
            wrong.append(f"shared={shared} answered={answered} over={over}: got {got.name}, want {want.name}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("relation", RELATIONS)
def test_who_may_know_an_entry_exists(world, relation):
    viewer, entry = world(relation)
    visible = relation in ("self", "self_after_leave", "partner")
    assert access.can_see_entry(viewer, entry) is visible
    assert access.relation(viewer, entry) is {
        "self": Relation.SELF,
        "self_after_leave": Relation.SELF,
        "partner": Relation.PARTNER,
    }.get(relation, Relation.NONE)


def test_the_day_must_be_over_in_the_viewers_zone_too(world):
    viewer, entry = world("partner")
    assert (
        access.answer_access(viewer, entry, "appreciation", viewer_answered=False, now=AFTER_AUTHORS_DAY_ONLY)
        is Access.WAITING
    )
    just_before = OVER_FOR_BOTH - dt.timedelta(microseconds=1)
    assert access.answer_access(viewer, entry, "appreciation", viewer_answered=False, now=just_before) is Access.WAITING
    assert (
        access.answer_access(viewer, entry, "appreciation", viewer_answered=False, now=OVER_FOR_BOTH) is Access.VISIBLE
    )


def test_the_day_must_be_over_in_the_authors_zone_too(make_couple):
    """The other way round: a viewer in UTC, an author in Pago Pago (whose day ends 11 hours later)."""
    p = make_couple()
    p.a.timezone = "Pacific/Pago_Pago"
    p.a.save()
    entry = checkin_on(p.a, p.couple_id, DAY, shared=["need"], need="words")
    assert access.answer_access(p.b, entry, "need", viewer_answered=False, now=utc(2026, 3, 11, 1)) is Access.WAITING
    assert access.answer_access(p.b, entry, "need", viewer_answered=False, now=OVER_FOR_BOTH) is Access.VISIBLE


def test_every_answer_name_follows_the_shared_list(world):
    from closeknit.checkins.models import ANSWERS

    viewer, entry = world("partner")
    for name in ANSWERS:
        want = Access.VISIBLE if name == "appreciation" else Access.HIDDEN
        assert access.answer_access(viewer, entry, name, viewer_answered=True, now=DURING) is want
        assert access.answer_access(viewer, entry, name, viewer_answered=False, now=DURING) is (
            Access.WAITING if name == "appreciation" else Access.HIDDEN
        )
