"""This week's plan steps on Today: ticked off there (a plain form, or htmx), and the tick feeds the plan
(it is a run in the practice log, which next week's plan counts)."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.assessments import planning
from closeknit.assessments.models import Plan
from closeknit.checkins import services as checkins
from closeknit.core.time import local_today
from closeknit.practices.models import PracticeLog
from tests.checkins.test_today import shown
from tests.checkins.util import freeze, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(couple, monkeypatch):
    freeze(monkeypatch, utc(2026, 3, 10, 12))  # a plain Tuesday noon; the plan starts on the person's day
    start = local_today(couple.a.timezone)
    Plan.objects.create(couple_id=couple.couple_id, created_by=couple.a, goals=["stress_busy"], started_on=start)
    return couple


def _tickable(user) -> list[planning.StepToday]:
    return [s for s in planning.steps_today(user, checked_in=False) if s.tickable]


def test_todays_plan_steps_sit_on_today_and_tick_off_there(client, planned, answers):
    a = planned.a
    checkins.create_checkin(user=a, answers=answers)
    client.force_login(a)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "plan" and len(cards) <= 3
    step = _tickable(a)[0]
    assert f'id="tick-{step.key}"' in page and 'id="today-step-checkin"' in page  # checked in: shown as done
    r = client.post(f"/plan/steps/{step.key}/tick/", {"done": "1", "next": "/"})
    assert r.status_code == 302 and r.url == "/"
    assert PracticeLog.objects.filter(author=a, slug=step.practice, finished_at__isnull=False).count() == 1
    client.post(f"/plan/steps/{step.key}/tick/", {"done": "1", "next": "/"})  # a double tap keeps one
    assert PracticeLog.objects.filter(author=a, slug=step.practice).count() == 1
    page = client.get("/").content.decode()
    assert 'class="plan-step done" id="today-step-' + step.key in page
    assert next(s for s in planning.steps_today(a, checked_in=True) if s.key == step.key).done_today


def test_ticks_feed_next_weeks_plan(client, planned):
    a = planned.a
    client.force_login(a)
    for step in _tickable(a)[:2]:
        assert client.post(f"/plan/steps/{step.key}/tick/", {"next": "/"}).status_code == 302
    start = Plan.objects.get().started_on
    week2 = planning.plan_for(a, today=start + dt.timedelta(days=7)).week
    assert any("You did 2 practices last week" in x.words for x in week2.adaptations)


def test_a_tick_can_be_taken_back_but_a_walked_through_run_stays(client, planned):
    from closeknit.practices import services as practices

    a = planned.a
    step = _tickable(a)[0]
    run = practices.start(user=a, slug=step.practice)
    practices.finish(user=a, log_id=run.pk, now=run.started_at + dt.timedelta(minutes=5))
    client.force_login(a)
    client.post(f"/plan/steps/{step.key}/tick/", {"done": "1", "next": "/"})
    assert PracticeLog.objects.filter(author=a, slug=step.practice).count() == 2
    client.post(f"/plan/steps/{step.key}/tick/", {"done": "0", "next": "/"})
    assert list(PracticeLog.objects.filter(author=a, slug=step.practice)) == [run]


def test_htmx_tick_and_bad_input(client, planned):
    a = planned.a
    client.force_login(a)
    step = _tickable(a)[0]
    r = client.post(f"/plan/steps/{step.key}/tick/", {"next": "/"}, headers={"HX-Request": "true"})
    assert r.status_code == 302 and r.url == "/"  # htmx follows it and swaps #plan-today from Today
    r = client.post("/plan/steps/checkin/tick/")  # the check-in ticks itself by checking in
    assert r.status_code == 404 and "not on this week's plan" in r.content.decode()
    assert client.post("/plan/steps/no-such-step/tick/").status_code == 404
    assert client.get(f"/plan/steps/{step.key}/tick/").status_code == 405
    r = client.post(f"/plan/steps/{step.key}/tick/", {"next": "https://elsewhere.example/"})
    assert r.status_code == 302 and r.url == "/plan/"  # never sent off the site
    client.logout()
    assert client.post(f"/plan/steps/{step.key}/tick/").status_code == 302  # to log in; nothing written
    assert PracticeLog.objects.filter(author=a).count() == 1


def test_a_person_without_a_plan_has_nothing_to_tick(client, make_user):
    person = make_user()
    client.force_login(person)
    assert client.post("/plan/steps/gratitude/tick/").status_code == 404
    assert not PracticeLog.objects.exists()
