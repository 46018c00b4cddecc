"""Coercive control in a person's own words routes like violence: that person alone sees the violence
lines and a link to the safety-planning page; joint conflict work is withheld from their space through
the same rule a positive private screen uses, identically for both partners. Look-alikes, other
people's stories and denials withhold nothing. (The clinician's side: tests/clinic/test_alerts_coercion.py.)"""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.checkins import services as checkins
from closeknit.practices import selectors
from closeknit.practices import services as practices
from closeknit.practices.library import library
from closeknit.safety import net
from closeknit.safety import selectors as safety
from closeknit.safety.models import ConflictHold

pytestmark = pytest.mark.django_db
CONFLICT = frozenset(p.slug for p in library().practices.values() if p.conflict)
COERCION = "My husband tracks my location and takes my whole paycheck."
LOOKALIKE = "We share our locations so we know the other got home safe."
SOMEONE_ELSE = "My sister's husband controls her money and reads her texts."
DENIED = "He has never checked my phone."


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _offered(user) -> set[str]:
    return {p.slug for p in selectors.catalogue(user)}


@pytest.mark.parametrize(
    "text",
    [
        COERCION,
        "She says she'll report me to immigration if I leave.",
        "He keeps a gun by the bed and reminds me it's there when he's angry.",
        "My partner won't let me see my friends anymore.",
        "I wear long sleeves so no one sees the bruises.",
    ],
)
def test_coercion_in_a_checkin_withholds_conflict_work_from_both_partners_alike(couple, answers, text):
    everything = _offered(couple.a)
    assert everything >= CONFLICT  # the control: conflict work is offered before
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=text))
    assert ConflictHold.objects.filter(user=couple.a).exists()
    assert rules.conflict_work_allowed(couple.couple_id) is False
    # Both see the same catalogue: everything but conflict work, as if it were simply not offered.
    assert _offered(couple.a) == _offered(couple.b) == everything - CONFLICT
    for person in (couple.a, couple.b):
        c = _client(person)
        index = c.get("/practices/").content.decode()
        listed = c.get("/api/practices").json()
        for slug in CONFLICT:
            assert f"/practices/{slug}/" not in index
            assert c.get(f"/practices/{slug}/").status_code == 404
        assert not {p["slug"] for p in listed} & CONFLICT


def test_the_author_sees_the_violence_lines_and_the_safety_plan_the_partner_nothing(couple, answers):
    checkins.create_checkin(user=couple.b, answers=answers)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=COERCION, shared=["note", "feelings"]))
    mine = _client(couple.a).get("/").content.decode()
    assert 'id="support-card"' in mine and 'id="safety-plan-link"' in mine and "799-7233" in mine
    theirs = _client(couple.b).get("/").content.decode()
    for trace in ("support-card", "safety-plan", "799-7233", "carry this alone"):
        assert trace not in theirs
    api = _client(couple.b).get("/api/checkins/today").content.decode()
    assert "support" not in api and "violence" not in api
    # A partner's own view of the space learns nothing: no word of a hold anywhere on their pages.
    for url in ("/practices/", "/practices/mind/?concern=we+argue+about+chores"):
        assert "safety" not in _client(couple.b).get(url).content.decode().split("<main", 1)[-1].lower()


@pytest.mark.parametrize("text", [LOOKALIKE, "My wife keeps the budget because she is good with numbers.", DENIED])
def test_look_alikes_and_denials_withhold_nothing(couple, answers, text):
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=text))
    assert not ConflictHold.objects.exists()
    assert _offered(couple.b) >= CONFLICT


def test_someone_elses_story_shows_help_but_withholds_nothing(couple, answers):
    c = checkins.create_checkin(user=couple.a, answers=dict(answers, note=SOMEONE_ELSE))
    assert {"kind": "violence", "level": "gentle"} in c.support
    assert not ConflictHold.objects.exists()
    assert rules.conflict_work_allowed(couple.couple_id) is True


def test_coercion_in_other_flows_holds_too(couple):
    log = practices.start(user=couple.b, slug="eye-contact")
    practices.finish(user=couple.b, log_id=log.pk, reflection="She checks my phone and controls all the money.")
    assert safety.couple_screen_positive(couple.couple_id) is True
    assert safety.screen_positive(couple.b) is True
    assert safety.screen_positive(couple.a) is False  # nothing is said about the partner's words


def test_the_hold_goes_with_the_account(couple, answers):
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=COERCION))
    User.objects.filter(pk=couple.a.pk).delete()
    assert not ConflictHold.objects.exists()


def test_the_net_names_coercion_as_abuse_and_the_level_it_carries():
    support, kinds, hold = net.assess([COERCION])
    assert support == [{"kind": "violence", "level": "urgent"}] and kinds == ["abuse"] and hold is True
    assert net.assess([SOMEONE_ELSE])[2] is False
    assert net.assess([LOOKALIKE]) == ([], [], False)


def test_the_safety_plan_page_is_public_uncached_and_names_the_violence_line(client):
    r = client.get("/help/safety-plan/")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    page = r.content.decode()
    assert "Making a safety plan" in page and "1-800-799-7233" in page and "START to 88788" in page
    assert 'id="plan-steps"' in page
    assert "/help/safety-plan/" in client.get("/help/").content.decode()


def test_both_partners_weekly_plans_leave_out_conflict_work_but_only_the_writer_is_offered_help(couple, answers):
    """The plan follows the couple's gate, like the catalogue; the "extra support" note stays the
    writer's own, so the partner's plan reads like any plan without conflict work."""
    import datetime as dt

    from django.utils import timezone

    from closeknit.assessments import planning
    from closeknit.assessments.models import Plan

    Plan.objects.create(
        couple_id=couple.couple_id,
        created_by=couple.a,
        goals=["unresolved_conflict", "poor_listening"],
        started_on=timezone.localdate() - dt.timedelta(days=1),
    )

    def conflict_steps(user) -> set[str]:
        steps = planning.plan_for(user).week.steps
        return {s.practice for s in steps if s.practice} & CONFLICT

    assert conflict_steps(couple.a) or conflict_steps(couple.b)  # the control: a conflict goal gets conflict work
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=COERCION))
    assert not conflict_steps(couple.a) and not conflict_steps(couple.b)
    assert planning.plan_for(couple.a).week.seek_help is True
    assert planning.plan_for(couple.b).week.seek_help is False
