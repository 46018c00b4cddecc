"""The 4-week plan as a pure function of what happened, and as the couple sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from closeknit.access import assessments as rules
from closeknit.assessments import planning, progress
from closeknit.assessments.models import Administration, Plan
from closeknit.assessments.plan_rules import Inputs, week_plan
from closeknit.practices.library import DRIVERS, library

BASE = dict(goals=("poor-listening", "unresolved-conflict"), ranked=(), solo=False, checkin_days_last_week=4)


def test_every_step_says_which_driver_it_serves_and_names_real_practices():
    for week in range(1, 6):
        plan = week_plan(Inputs(**BASE | {"week": week}))
        kinds = {s.key for s in plan.steps}
        assert {"checkin", "gratitude", "touch", "time", "conversation"} <= kinds
        for step in plan.steps:
            assert step.drivers and all(d in DRIVERS.values() for d in step.drivers)
            assert step.practice is None or library().get(step.practice) is not None
        assert len({s.practice for s in plan.steps if s.practice}) == len([s for s in plan.steps if s.practice])
    assert week_plan(Inputs(**BASE | {"week": 5})).finished


def test_conversation_serves_a_picked_goal_and_rotates_weekly():
    talks = [week_plan(Inputs(**BASE | {"week": w})).steps for w in (1, 2, 3, 4)]
    chosen = [next(s for s in steps if s.key == "conversation") for steps in talks]
    assert all({"not feeling heard", "conflict that doesn't get resolved"} & set(c.drivers) for c in chosen)
    assert len({c.practice for c in chosen}) >= 3


def test_a_busy_week_asks_less_a_full_one_adds_depth():
    light = week_plan(Inputs(**BASE | {"week": 2, "checkin_days_last_week": 1}))
    full = week_plan(Inputs(**BASE | {"week": 2, "checkin_days_last_week": 7}))
    assert any(a.tone == "lighter" for a in light.adaptations)
    assert any(a.tone == "deeper" for a in full.adaptations)
    assert len(light.steps) < len(full.steps)
    assert next(s for s in light.steps if s.key == "gratitude").how_often == "3 times this week"


@pytest.mark.parametrize(
    "extra, reason",
    [
        ({"pulses": (2.5,)}, "very low"),
        ({"pulses": (4.0, 3.5)}, "two weeks running"),
        ({"reliably_worse": ("Closeness overall (you)",)}, "reliably worse"),
        ({"screen_positive": True}, "safety"),
    ],
)
def test_distress_recommends_help_and_gentler_practices(extra, reason):
    plan = week_plan(Inputs(**BASE | {"week": 2} | extra))
    assert plan.seek_help and any(reason in r for r in plan.help_reasons)
    talk = next(s for s in plan.steps if s.key == "conversation")
    assert library().get(talk.practice).kind != "hard-conversation"


def test_a_good_pulse_does_not_alarm():
    plan = week_plan(Inputs(**BASE | {"week": 2, "pulses": (8.0, 7.5)}))
    assert not plan.seek_help


def test_solo_plan_has_no_touch_or_couple_time():
    plan = week_plan(Inputs(**BASE | {"week": 1, "solo": True}))
    assert not {"touch", "time"} & {s.key for s in plan.steps}


def test_reveal_window_is_symmetric():
    from closeknit.assessments import definitions

    inst = definitions.get("weekly-pulse")
    t = timezone.now()
    for gap in (0, 3, 6.9, 7, 7.1, 20):
        a, b = t, t + dt.timedelta(days=gap)
        assert rules.answered_same_round(inst, a, [b]) == rules.answered_same_round(inst, b, [a]) == (gap <= 7)


@pytest.mark.django_db
def test_plan_adapts_to_checkins_of_last_week(couple, answers):
    from closeknit.checkins import services as checkins

    Plan.objects.create(couple_id=couple.couple_id, created_by=couple.a, goals=["stress_busy"],
                        started_on=timezone.localdate() - dt.timedelta(days=8))  # fmt: skip
    view = planning.plan_for(couple.a)
    assert view.week.week == 2 and any(a.tone == "lighter" for a in view.week.adaptations)
    assert view.goals[0].title == "Stress and busy lives"
    checkins.create_checkin(user=couple.a, answers=answers)  # today counts for this week, not last
    assert planning.plan_for(couple.a).week.week == 2


@pytest.mark.django_db
def test_progress_queries_do_not_grow_with_history(couple, take):
    def count() -> int:
        progress.progress_for(couple.a)  # warm: the learnt norms are cached, as in use
        with CaptureQueriesContext(connection) as q:
            progress.progress_for(couple.a)
        return len(q.captured_queries)

    for slug in ("weekly-pulse", "closeness-check"):
        take(couple.a, slug, 3)
        take(couple.b, slug, 3)
    take(couple.a, "weekly-pulse", 5)
    few = count()
    now = timezone.now()
    for n in range(40):
        adm = take(couple.a if n % 2 else couple.b, "weekly-pulse", n % 10)
        Administration.objects.filter(pk=adm.pk).update(submitted_at=now - dt.timedelta(weeks=n + 1))
    assert count() == few


def test_practices_done_last_week_are_counted_through_the_practices_selector():
    from closeknit.assessments.plan_rules import LibraryPracticeLog, practice_log

    day = dt.date(2026, 1, 2)
    runs = [("small-touches", (), day), ("small-touches", (), day), ("early-days", (), day)]
    log = LibraryPracticeLog(lambda user, start, end: runs)
    counts = log.done_between(user=None, start=day, end=day)  # type: ignore[arg-type]
    assert counts == {"small-touches": 2, "early-days": 1}
    assert isinstance(practice_log(), LibraryPracticeLog)
    plan = week_plan(Inputs(**BASE | {"week": 2, "practices_last_week": {"small-touches": 2}}))
    assert any("2 practices" in a.words for a in plan.adaptations)
