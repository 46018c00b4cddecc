"""The practice log: who sees what, encryption at rest, streaks, the weekly summary, and the
selector the plan calls. Clock moves by `now=`, never by sleeping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import services as couples
from closeknit.practices import selectors, services
from closeknit.practices.models import PracticeLog

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2030, 3, 14, 12, 0, tzinfo=dt.UTC)


def _done(user, slug="eye-contact", *, now=NOON, reflection="", shared=False):
    log = services.start(user=user, slug=slug, now=now)
    return services.finish(user=user, log_id=log.pk, reflection=reflection, shared=shared, now=now)


def test_reflection_is_private_by_default_and_shared_on_request(couple, make_couple):
    private = _done(couple.a, reflection="only mine")
    shared = _done(couple.a, reflection="for you", shared=True)
    assert selectors.log_for(couple.a, private.pk).reflection == "only mine"
    assert selectors.log_for(couple.b, private.pk) is None  # not even existence
    assert selectors.log_for(couple.b, shared.pk).reflection == "for you"
    stranger = make_couple().a
    assert selectors.log_for(stranger, shared.pk) is None
    assert [e.id for e in selectors.log_list(couple.b, now=NOON)] == [shared.pk]


def test_ex_partner_loses_sight_and_author_keeps_it(couple):
    shared = _done(couple.a, reflection="for you", shared=True)
    couples.leave_space(user=couple.b)
    from closeknit import access

    access.forget(couple.b)
    assert selectors.log_for(couple.b, shared.pk) is None
    assert selectors.log_for(couple.a, shared.pk).reflection == "for you"


def test_reflection_is_encrypted_at_rest(couple):
    log = _done(couple.a, reflection="canary-sentence-quiet-harbour")
    with connection.cursor() as cur:
        cur.execute("SELECT reflection FROM practices_practicelog WHERE id = %s", [log.pk])
        raw = cur.fetchone()[0]
    assert "canary" not in raw and raw.startswith("ck1:")


def test_only_the_author_drives_a_run(couple):
    log = services.start(user=couple.a, slug="eye-contact", now=NOON)
    with pytest.raises(NotFound):
        services.go_to_step(user=couple.b, log_id=log.pk, step=1)
    with pytest.raises(NotFound):
        services.finish(user=couple.b, log_id=log.pk)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"rating": 9}, "rating"),
        ({"rating": True}, "rating"),
        ({"felt_heard": 11}, "felt_heard"),
        ({"reflection": "a\x00b"}, "reflection"),
        ({"reflection": "x" * 2001}, "reflection"),
        ({"detail": "not-a-gesture"}, "detail"),
    ],
)
def test_bad_finish_is_a_clear_refusal_and_writes_nothing(couple, kwargs, field):
    log = services.start(user=couple.a, slug="small-touches", now=NOON)
    with pytest.raises(ServiceError) as exc:
        services.finish(user=couple.a, log_id=log.pk, **kwargs)
    assert exc.value.field == field and exc.value.status == 400
    assert PracticeLog.objects.get(pk=log.pk).finished_at is None


def test_step_bounds(couple):
    log = services.start(user=couple.a, slug="eye-contact", now=NOON)
    with pytest.raises(ServiceError):
        services.go_to_step(user=couple.a, log_id=log.pk, step=99)
    later = NOON + dt.timedelta(seconds=40)
    log = services.go_to_step(user=couple.a, log_id=log.pk, step=1, now=later)
    assert log.step == 1 and log.step_started_at == later


def test_done_between_for_the_plan(couple):
    _done(couple.a, "eye-contact", now=NOON - dt.timedelta(days=3))
    _done(couple.a, "hard-conversation", now=NOON)
    _done(couple.b, "small-touches", now=NOON)  # the partner's runs are not the person's
    services.start(user=couple.a, slug="small-touches", now=NOON)  # unfinished: not done
    got = selectors.done_between(couple.a, NOON.date() - dt.timedelta(days=7), NOON.date())
    assert [(s, d) for s, _, d in got] == [
        ("eye-contact", NOON.date() - dt.timedelta(days=3)),
        ("hard-conversation", NOON.date()),
    ]
    assert got[1][1] == ("unresolved-conflict", "poor-listening")
    assert selectors.done_between(couple.a, NOON.date(), NOON.date() - dt.timedelta(days=1)) == []


def test_streaks_for_person_and_couple(couple):
    for back in range(3):
        _done(couple.a, now=NOON - dt.timedelta(days=back))
    _done(couple.b, now=NOON - dt.timedelta(days=1))
    _done(couple.b, now=NOON - dt.timedelta(days=2))
    s = selectors.streaks(couple.a, now=NOON)
    assert s.mine == 3
    assert s.together == 2  # today is still open for the partner: the run counts back from yesterday
    assert selectors.streaks(couple.b, now=NOON).mine == 2
    # While today is open, yesterday's run still counts.
    assert selectors.streaks(couple.a, now=NOON + dt.timedelta(days=1)).mine == 3
    assert selectors.streaks(couple.a, now=NOON + dt.timedelta(days=2)).mine == 0


def test_week_summary(couple):
    _done(couple.a, "eye-contact", now=NOON)
    _done(couple.a, "breathing-together", now=NOON - dt.timedelta(days=6))
    _done(couple.a, "breathing-together", now=NOON - dt.timedelta(days=7))  # outside the week
    _done(couple.b, "small-touches", now=NOON)
    services.add_note(user=couple.a, kind="gratitude", text="Thanks for dinner", now=NOON)
    week = selectors.week_summary(couple.a, now=NOON)
    assert (week.mine, week.partner, week.minutes, week.appreciations) == (2, 1, 8 + 6, 1)
    assert week.drivers


def test_solo_person_gets_a_space_and_a_log(make_user):
    person = make_user()
    log = _done(person, "fear-of-closeness")
    assert log.couple_id is not None
    assert selectors.streaks(person, now=NOON).together is None
