"""The reveal rule, end to end through the services: only both-yes and yes+maybe are shown, once both
have finished, in the deck's order; changes follow; bad input is a clear refusal with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from closeknit.core.errors import NotFound, ServiceError
from closeknit.desires import matching, selectors, services
from closeknit.desires.models import DesireAnswer, Reveal
from tests.desires.util import ITEMS, adults, every

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2030, 1, 15, 6, 30, tzinfo=dt.UTC)  # after any clock make test-dates sets


def test_the_rule_reveals_only_yes_yes_and_yes_maybe():
    table = {(a, b): matching.kind(a, b) for a in ("yes", "maybe", "no", None) for b in ("yes", "maybe", "no", None)}
    assert {k for k, v in table.items() if v == matching.SHARED} == {("yes", "yes")}
    assert {k for k, v in table.items() if v == matching.MAYBE} == {("yes", "maybe"), ("maybe", "yes")}
    assert table[("maybe", "maybe")] is None


def test_nothing_opens_until_both_have_finished_then_it_follows_changes(couple):
    a, b = couple.a, couple.b
    adults(a, b)
    with time_machine.travel(T0, tick=False):
        services.set_answers(user=a, answers=every("no") | {ITEMS[0]: "yes", ITEMS[1]: "yes", ITEMS[2]: "maybe"})
    vb = selectors.view_for(b)
    assert vb.partner_finished and not vb.revealed and vb.matches == []
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        services.set_answers(user=b, answers=every("maybe") | {ITEMS[0]: "yes", ITEMS[2]: "maybe"})
    for viewer in (a, b):
        view = selectors.view_for(viewer)
        assert view.revealed
        assert [(m.item.id, m.kind) for m in view.matches] == [(ITEMS[0], "shared"), (ITEMS[1], "maybe")]
        assert view.changed_at == T0 + dt.timedelta(hours=1)
    # A "no" that changes to "maybe" where the other said maybe: nothing new to see, the date stays.
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        services.set_answers(user=a, answers={ITEMS[5]: "maybe"})
    assert selectors.view_for(b).changed_at == T0 + dt.timedelta(hours=1)
    # Taking back a yes removes the match for both, and moves the date.
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        services.set_answers(user=b, answers={ITEMS[0]: "no"})
    view = selectors.view_for(a)
    assert [(m.item.id, m.kind) for m in view.matches] == [(ITEMS[1], "maybe")]
    assert view.changed_at == T0 + dt.timedelta(days=2)
    assert selectors.last_change(a) == selectors.last_change(b) == T0 + dt.timedelta(days=2)


def test_matches_keep_the_decks_order_whatever_order_they_were_marked_in(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=dict(reversed(every("yes").items())))
    services.set_answers(user=couple.b, answers=every("yes"))
    assert [m.item.id for m in selectors.view_for(couple.b).matches] == ITEMS


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({}, "answers"),
        ({"no-such-item": "yes"}, "answers"),
        ({ITEMS[0]: "yes", ITEMS[1]: "perhaps"}, "answers"),
        ("yes", "answers"),
    ],
)
def test_bad_marks_are_refused_and_nothing_is_written(couple, answers, field):
    adults(couple.a)
    with pytest.raises(ServiceError) as err:
        services.set_answers(user=couple.a, answers=answers)
    assert err.value.field == field and 400 <= err.value.status < 500
    assert not DesireAnswer.objects.exists()


def test_adults_only_and_for_two(couple, make_user):
    with pytest.raises(ServiceError) as err:
        services.set_answers(user=couple.a, answers={ITEMS[0]: "yes"})
    assert err.value.status == 403
    with pytest.raises(ServiceError):
        services.confirm_adult(user=couple.a, confirmed=False)
    from closeknit.couples import services as couple_services

    solo = make_user()
    couple_services.create_space(user=solo)
    adults(solo)
    with pytest.raises(ServiceError) as err:
        services.set_answers(user=solo, answers={ITEMS[0]: "yes"})
    assert err.value.status == 409
    nowhere = make_user()
    with pytest.raises(NotFound):
        services.confirm_adult(user=nowhere, confirmed=True)


def test_marks_and_boundaries_are_encrypted_at_rest(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers={ITEMS[0]: "maybe"})
    services.add_boundary(user=couple.a, text="Canary-boundary-7731 ask me first", shared=True)
    with connection.cursor() as cur:
        cur.execute("SELECT value FROM desires_desireanswer")
        stored = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT text FROM desires_boundary")
        bounds = [r[0] for r in cur.fetchall()]
    assert stored and all("maybe" not in v for v in stored)
    assert bounds and all("Canary-boundary-7731" not in t for t in bounds)
    assert selectors.view_for(couple.b).partner_boundaries[0].text == "Canary-boundary-7731 ask me first"


def test_boundaries_private_until_shared_and_only_the_author_changes_them(couple):
    adults(couple.a, couple.b)
    row = services.add_boundary(user=couple.a, text="Not when I'm exhausted", shared=False)
    assert selectors.view_for(couple.b).partner_boundaries == []
    with pytest.raises(NotFound):
        services.share_boundary(user=couple.b, boundary_id=row.pk, shared=True)
    with pytest.raises(NotFound):
        services.delete_boundary(user=couple.b, boundary_id=row.pk)
    services.share_boundary(user=couple.a, boundary_id=row.pk, shared=True)
    assert [b.text for b in selectors.view_for(couple.b).partner_boundaries] == ["Not when I'm exhausted"]
    for bad in ("", "   ", "x" * 301, 12):
        with pytest.raises(ServiceError):
            services.add_boundary(user=couple.a, text=bad)


def test_reveal_row_is_one_per_couple(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=every("yes"))
    services.set_answers(user=couple.b, answers=every("yes"))
    services.set_answers(user=couple.b, answers=every("maybe"))
    assert Reveal.objects.filter(couple_id=couple.couple_id).count() == 1
