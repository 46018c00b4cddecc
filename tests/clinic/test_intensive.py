"""Intensives: a practice's own templates, scheduling on the calendar (time zones, clashes, measures),
running blocks on the day, cancelling, and finishing with a maintenance plan on the couple's plan."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from closeknit.assessments.models import CareStep
from closeknit.clinic import intensive_content as content
from closeknit.clinic.models import (
    AccessLog,
    Appointment,
    Intensive,
    IntensiveBlock,
    IntensiveTemplate,
    Measure,
    TemplateBlock,
)
from closeknit.clinic.selectors import intensive as selectors
from closeknit.clinic.services import intensive as services
from closeknit.clinic.services import intensive_templates as templates
from closeknit.core.errors import NotFound, ServiceError
from tests.clinic.intensive_helpers import begin, joined_episode, schedule, template, to_last_day, today

NY = ZoneInfo("America/New_York")


@pytest.fixture
def episode(clinic, couple):
    return joined_episode(clinic, couple)


# --- templates -------------------------------------------------------------------------------------
def test_first_visit_copies_the_shipped_defaults_once(clinic):
    first = templates.ensure_templates(user=clinic.rivera.user, practice_id=clinic.practice.pk)
    again = templates.ensure_templates(user=clinic.owner, practice_id=clinic.practice.pk)
    assert sorted(t.source for t in first) == ["three-day", "two-day"]
    assert [t.pk for t in first] == [t.pk for t in again]
    assert IntensiveTemplate.objects.count() == 2
    shipped = content.shipped()["two-day"]
    two = next(t for t in first if t.source == "two-day")
    blocks = list(two.blocks.order_by("day", "order"))
    assert [b.title for b in blocks] == [b.title for day in shipped.days for b in day]
    assert two.days == 2 and sum(b.minutes for b in blocks) == shipped.total_minutes


def test_template_rights(clinic):
    for who in (clinic.admin, clinic.stranger.user):
        with pytest.raises(NotFound):
            templates.ensure_templates(user=who, practice_id=clinic.practice.pk)
    assert IntensiveTemplate.objects.count() == 0
    t = template(clinic)
    with pytest.raises(NotFound):
        templates.update_template(
            user=clinic.stranger.user, template_id=t.pk, name="Mine now", description="", day_starts=dt.time(9)
        )
    templates.update_template(
        user=clinic.okafor.user, template_id=t.pk, name="Two days", description="d", day_starts=dt.time(8, 30)
    )
    t.refresh_from_db()
    assert (t.name, t.day_starts) == ("Two days", dt.time(8, 30))


BLOCK = {"kind": "skills", "title": "Extra practice", "minutes": 30, "practices": ["active-listening"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nap"}, "kind"),
        ({"title": "  "}, "title"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": "lots"}, "minutes"),
        ({"kind": "individual"}, "with_partner"),
        ({"practices": ["no-such-practice"]}, "practices"),
        ({"checklist": ["x"] * 13}, "checklist"),
        ({"minutes": 200}, "minutes"),  # day 1 would pass nine hours
    ],
)
def test_bad_blocks_are_refused_and_write_nothing(clinic, change, field):
    t = template(clinic)
    before = list(TemplateBlock.objects.filter(template=t).values_list("pk", "day", "order", "minutes"))
    with pytest.raises(ServiceError) as exc:
        templates.save_block(user=clinic.rivera.user, template_id=t.pk, block_id=None, day=1, data=BLOCK | change)
    assert exc.value.field == field and exc.value.status == 400
    assert list(TemplateBlock.objects.filter(template=t).values_list("pk", "day", "order", "minutes")) == before


def test_add_edit_move_remove_blocks(clinic):
    t = template(clinic)
    user = clinic.rivera.user
    added = templates.save_block(user=user, template_id=t.pk, block_id=None, day=3, data=BLOCK)
    t.refresh_from_db()
    assert (added.day, added.order, t.days) == (3, 1, 3)
    with pytest.raises(ServiceError):  # no gaps: day 5 is not next
        templates.save_block(user=user, template_id=t.pk, block_id=None, day=5, data=BLOCK)
    second = templates.save_block(user=user, template_id=t.pk, block_id=None, day=3, data=BLOCK | {"title": "Two"})
    templates.move_block(user=user, block_id=second.pk, direction="up")
    assert list(TemplateBlock.objects.filter(template=t, day=3).values_list("title", flat=True)) == [
        "Two",
        "Extra practice",
    ]
    templates.save_block(user=user, template_id=t.pk, block_id=added.pk, day=3, data=BLOCK | {"minutes": 45})
    assert TemplateBlock.objects.get(pk=added.pk).minutes == 45
    templates.remove_block(user=user, block_id=second.pk)
    templates.remove_block(user=user, block_id=added.pk)
    t.refresh_from_db()
    assert t.days == 2 and not TemplateBlock.objects.filter(template=t, day=3).exists()
    first_day = list(TemplateBlock.objects.filter(template=t, day=1).values_list("order", flat=True))
    assert first_day == list(range(1, len(first_day) + 1))


def test_editing_a_template_leaves_scheduled_intensives_alone(clinic, episode):
    intensive = schedule(clinic, episode)
    titles = list(intensive.blocks.values_list("title", flat=True))
    t = template(clinic)
    first = TemplateBlock.objects.filter(template=t).order_by("day", "order").first()
    templates.save_block(user=clinic.rivera.user, template_id=t.pk, block_id=first.pk, day=1, data=BLOCK)
    assert list(intensive.blocks.values_list("title", flat=True)) == titles


# --- scheduling ------------------------------------------------------------------------------------
def test_schedule_places_blocks_and_assigns_measures(clinic, couple, episode):
    start = today() + dt.timedelta(days=20)
    intensive = schedule(clinic, episode, starts_on=start)
    assert (intensive.starts_on, intensive.ends_on) == (start, start + dt.timedelta(days=1))
    assert intensive.pre_due_on == start - dt.timedelta(days=7)
    blocks = list(intensive.blocks.order_by("start"))
    day1 = [b for b in blocks if b.day == 1]
    assert day1[0].start.astimezone(NY).time() == dt.time(9)
    for a, b in zip(day1, day1[1:], strict=False):
        assert a.end == b.start  # consecutive
    assert [b for b in blocks if b.day == 2][0].start.astimezone(NY) == dt.datetime.combine(
        start + dt.timedelta(days=1), dt.time(9), tzinfo=NY
    )
    individual = {b.title: b.with_user_id for b in blocks if b.kind == "individual"}
    assert sorted(individual.values()) == sorted([couple.a.pk, couple.b.pk])
    assert individual["Time with the first partner"] == couple.a.pk  # joined first
    assert all(isinstance(c, dict) and c["done"] is False for b in blocks for c in b.checklist)
    for person in (couple.a, couple.b):
        rows = {(m.instrument, m.phase): m for m in Measure.objects.filter(user=person)}
        assert set(rows) == {
            ("closeness-check", "pre"),
            ("distance-drivers", "pre"),
            ("closeness-check", "post"),
            ("closeness-check", "follow_1m"),
            ("closeness-check", "follow_3m"),
            ("closeness-check", "follow_6m"),
        }
        assert rows[("closeness-check", "pre")].opens_on == today()
        assert rows[("closeness-check", "pre")].due_on == intensive.pre_due_on
        post = rows[("closeness-check", "post")]
        assert (post.opens_on, post.due_on) == (intensive.ends_on, intensive.ends_on + dt.timedelta(days=7))
        f3 = rows[("closeness-check", "follow_3m")]
        assert f3.opens_on == intensive.ends_on + dt.timedelta(days=91)
        assert f3.due_on == f3.opens_on + dt.timedelta(days=14)


@time_machine.travel(dt.datetime(2027, 1, 11, 15, 0, tzinfo=dt.UTC), tick=False)  # weeks before the change
def test_days_keep_their_local_start_across_a_dst_change(clinic, episode):
    # US clocks go forward on Sunday 14 March 2027: both days still start at 09:00 in New York.
    intensive = schedule(clinic, episode, starts_on=dt.date(2027, 3, 13), pre_due_on=today() + dt.timedelta(days=1))
    firsts = {b.day: b.start for b in intensive.blocks.filter(order=1)}
    assert firsts[1].astimezone(dt.UTC).time() == dt.time(14)  # EST, UTC-5
    assert firsts[2].astimezone(dt.UTC).time() == dt.time(13)  # EDT, UTC-4
    assert all(f.astimezone(NY).time() == dt.time(9) for f in firsts.values())


def _nothing_written():
    assert Intensive.objects.count() == 0
    assert IntensiveBlock.objects.count() == 0
    assert Measure.objects.count() == 0


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"starts_on": "past"}, "starts_on"),
        ({"starts_on": "today"}, "starts_on"),
        ({"pre_due_on": "after"}, "pre_due_on"),
        ({"pre_due_on": "past"}, "pre_due_on"),
    ],
)
def test_bad_dates_are_refused(clinic, episode, kw, field):
    t = today()
    start = {"past": t - dt.timedelta(days=3), "today": t}.get(kw.get("starts_on"), t + dt.timedelta(days=10))
    due = {"after": start + dt.timedelta(days=1), "past": t - dt.timedelta(days=1)}.get(kw.get("pre_due_on"))
    with pytest.raises(ServiceError) as exc:
        services.schedule(
            user=clinic.rivera.user,
            episode_id=episode.pk,
            template_id=template(clinic).pk,
            starts_on=start,
            pre_due_on=due,
        )
    assert exc.value.field == field and exc.value.status == 400
    _nothing_written()


def test_clash_with_an_appointment_or_another_intensive(clinic, couple, make_couple, episode):
    start = today() + dt.timedelta(days=21)
    at = dt.datetime.combine(start + dt.timedelta(days=1), dt.time(15), tzinfo=NY)
    Appointment.objects.create(
        clinician=clinic.rivera, start=at, end=at + dt.timedelta(minutes=50), uid="clash-test@closeknit"
    )
    with pytest.raises(ServiceError) as exc:
        schedule(clinic, episode, starts_on=start)
    assert exc.value.code == "clash" and exc.value.status == 409
    assert "appointment" in exc.value.message and "15:00" in exc.value.message
    _nothing_written()
    Appointment.objects.update(status=Appointment.Status.CANCELLED)
    schedule(clinic, episode, starts_on=start)
    other = joined_episode(clinic, make_couple())
    with pytest.raises(ServiceError) as exc:
        schedule(clinic, other, starts_on=start + dt.timedelta(days=1))
    assert exc.value.code == "clash" and "another intensive" in exc.value.message
    assert Intensive.objects.count() == 1


def test_only_the_episode_clinician_with_a_joined_couple_schedules(clinic, couple, episode, make_user):
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user, couple.a):
        with pytest.raises(NotFound):
            services.schedule(
                user=who, episode_id=episode.pk, template_id=template(clinic).pk, starts_on=today() + dt.timedelta(9)
            )
    from closeknit.clinic.services import care

    empty = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    with pytest.raises(ServiceError) as exc:
        schedule(clinic, empty)
    assert exc.value.code == "not_joined"
    other_template = templates.ensure_templates(user=clinic.stranger.user, practice_id=clinic.other_practice.pk)[0]
    with pytest.raises(ServiceError) as exc:
        services.schedule(
            user=clinic.rivera.user,
            episode_id=episode.pk,
            template_id=other_template.pk,
            starts_on=today() + dt.timedelta(days=9),
        )
    assert exc.value.field == "template"
    _nothing_written()


def test_cancel_withdraws_open_measures_but_keeps_done_ones(clinic, couple, episode):
    intensive = schedule(clinic, episode)
    done = Measure.objects.filter(user=couple.a, phase="pre").first()
    Measure.objects.filter(pk=done.pk).update(completed_at=timezone.now())
    services.cancel(user=clinic.rivera.user, intensive_id=intensive.pk)
    intensive.refresh_from_db()
    assert intensive.status == "cancelled"
    assert Measure.objects.filter(cancelled_at__isnull=True).values_list("pk", flat=True).get() == done.pk
    with pytest.raises(ServiceError) as exc:
        services.cancel(user=clinic.rivera.user, intensive_id=intensive.pk)
    assert exc.value.status == 409
    # A cancelled intensive's blocks no longer block the calendar.
    schedule(clinic, episode, starts_on=intensive.starts_on)


# --- the day ---------------------------------------------------------------------------------------
def test_run_blocks_start_tick_finish(clinic, episode):
    intensive = schedule(clinic, episode)
    user = clinic.rivera.user
    first, second = intensive.blocks.order_by("start")[:2]
    with pytest.raises(ServiceError) as exc:
        services.finish_block(user=user, block_id=first.pk)
    assert exc.value.code == "block_not_started"
    services.start_block(user=user, block_id=first.pk)
    services.tick(user=user, block_id=first.pk, index=1, done=True)
    first.refresh_from_db()
    assert [c["done"] for c in first.checklist] == [False, True, False]
    with pytest.raises(ServiceError) as exc:
        services.tick(user=user, block_id=first.pk, index=9, done=True)
    assert exc.value.field == "index"
    services.start_block(user=user, block_id=second.pk)  # one runs at a time
    first.refresh_from_db()
    assert first.finished_at is not None and first.started_at <= first.finished_at
    with pytest.raises(ServiceError) as exc:
        services.start_block(user=user, block_id=first.pk)
    assert exc.value.code == "block_finished"
    services.finish_block(user=user, block_id=second.pk)
    view = selectors.day_for(user, intensive.pk, 1)
    assert view.current is None and view.next is not None and view.next.pk not in (first.pk, second.pk)
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user):
        with pytest.raises(NotFound):
            services.start_block(user=who, block_id=second.pk)
        with pytest.raises(NotFound):
            selectors.day_for(who, intensive.pk, 1)


def test_scores_at_a_glance_only_with_consent_and_logged(clinic, couple, episode):
    from closeknit.assessments import services as assessments
    from closeknit.clinic.services import care
    from tests.clinic.intensive_helpers import answers

    intensive = schedule(clinic, episode)
    assessments.take(user=couple.a, slug="closeness-check", answers=answers("closeness-check", 3))
    assessments.take(user=couple.a, slug="distance-drivers", answers=answers("distance-drivers"))
    glances = selectors.day_for(clinic.rivera.user, intensive.pk, 1).glances
    assert [g.shared for g in glances] == [False, False]
    assert AccessLog.objects.count() == 0
    care.set_consent(user=couple.a, episode_id=episode.pk, category="scores", granted=True)
    glances = {g.user.pk: g for g in selectors.day_for(clinic.rivera.user, intensive.pk, 1).glances}
    mine = glances[couple.a.pk]
    assert mine.shared and mine.closeness.value is not None and len(mine.drivers) == 3
    assert not glances[couple.b.pk].shared
    log = AccessLog.objects.get()
    assert (log.subject_id, log.category, log.items) == (couple.a.pk, "scores", 2)


# --- finishing ---------------------------------------------------------------------------------------
def test_finish_puts_the_maintenance_plan_on_the_couple_plan(clinic, couple, episode):
    intensive = schedule(clinic, episode)
    CareStep.objects.create(couple_id=couple.couple_id, practice="turning-toward", how_often="once a week", source="x")
    begin(clinic, intensive)
    to_last_day(intensive)
    services.finish(
        user=clinic.rivera.user,
        intensive_id=intensive.pk,
        steps=[("turning-toward", "twice a week"), ("daily-appreciation", "every day")],
        note="Keep the Sunday walks.",
    )
    intensive.refresh_from_db()
    assert intensive.status == "done" and intensive.finished_at is not None
    steps = {s.practice: s for s in CareStep.objects.filter(couple_id=couple.couple_id, ended_at__isnull=True)}
    assert set(steps) == {"turning-toward", "daily-appreciation"}  # updated in place, not doubled
    assert steps["turning-toward"].how_often == "twice a week"
    assert steps["daily-appreciation"].source == "From your intensive with Dr. Rivera"
    assert steps["daily-appreciation"].note == "Keep the Sunday walks."
    with pytest.raises(ServiceError) as exc:
        services.finish(
            user=clinic.rivera.user, intensive_id=intensive.pk, steps=[("eye-contact", "every day")], note=""
        )
    assert exc.value.status == 409


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ([], "practices"),
        ([("no-such-practice", "every day")], "practices"),
        ([("eye-contact", "hourly")], "how_often"),
    ],
)
def test_bad_finish_writes_nothing(clinic, couple, episode, steps, field):
    intensive = schedule(clinic, episode)
    with pytest.raises(ServiceError) as exc:
        services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
    assert exc.value.field == field
    intensive.refresh_from_db()
    assert intensive.status == "scheduled" and not CareStep.objects.exists()


def test_demo_seed_adds_one_intensive_for_sam_and_alex(db):
    from django.core.management import call_command

    for _ in range(2):
        for command in ("seed_demo", "seed_clinic"):
            call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115
    intensive = Intensive.objects.select_related("episode__clinician__user").get()
    assert intensive.episode.clinician.user.email == "dr.rivera@demo.closeknit.test"
    assert intensive.name == "Two-day intensive" and intensive.starts_on.weekday() == 0
    assert Measure.objects.filter(intensive=intensive).count() == 12  # six for each partner
    assert IntensiveTemplate.objects.count() == 2


def test_an_intensive_cannot_be_finished_before_it_starts(clinic, couple, episode):
    """Weeks ahead, finishing would close it and fill the couple's plan before anything happened: a 409
    that says when it begins. Once under way it can, from its last day on."""
    from tests.checkins.util import freeze

    intensive = schedule(clinic, episode)
    steps = [("eye-contact", "every day")]
    with pytest.raises(ServiceError) as exc:
        services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
    assert exc.value.status == 409 and exc.value.code == "not_started"
    assert f"{intensive.starts_on:%B}" in exc.value.message and "cancel it instead" in exc.value.message
    intensive.refresh_from_db()
    assert intensive.status == "scheduled" and not CareStep.objects.filter(couple_id=couple.couple_id).exists()
    first = intensive.blocks.order_by("start").first().start
    with pytest.MonkeyPatch.context() as mp:
        freeze(mp, first - dt.timedelta(minutes=1))
        with pytest.raises(ServiceError):
            services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
        freeze(mp, first)  # under way, but its last day is still to come
        with pytest.raises(ServiceError) as not_over:
            services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
        assert not_over.value.code == "intensive_not_over"
        freeze(mp, first + dt.timedelta(days=1))  # day two, its last
        assert (
            services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="").status == "done"
        )
