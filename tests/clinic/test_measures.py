"""Measures: each partner's own check-ups before and after an intensive, shown where they live
(Today, Check-ups), ticked when that partner submits the instrument after it opened; and the
therapist's steps on the couple's plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from closeknit.assessments import services as assessments
from closeknit.assessments.models import CareStep
from closeknit.clinic.models import Measure
from closeknit.clinic.selectors import intensive as selectors
from closeknit.clinic.services import intensive as services
from closeknit.core.errors import NotFound
from tests.clinic.intensive_helpers import answers, begin, joined_episode, schedule, to_last_day, today


@pytest.fixture
def intensive(clinic, couple):
    return schedule(clinic, joined_episode(clinic, couple))


def test_taking_the_instrument_ticks_only_that_partners_measure(couple, intensive):
    adm = assessments.take(user=couple.a, slug="closeness-check", answers=answers("closeness-check"))
    pre = Measure.objects.get(user=couple.a, instrument="closeness-check", phase="pre")
    assert pre.completed_at == adm.submitted_at and pre.administration_id == adm.pk
    assert Measure.objects.filter(completed_at__isnull=False).count() == 1  # not B's, not the later ones
    assert not Measure.objects.get(user=couple.b, instrument="closeness-check", phase="pre").completed_at


def test_the_draft_path_ticks_too(couple, intensive):
    draft = assessments.start(user=couple.b, slug="distance-drivers")
    assessments.answer(user=couple.b, administration_id=draft.pk, answers=answers("distance-drivers"))
    adm = assessments.submit(user=couple.b, administration_id=draft.pk)
    m = Measure.objects.get(user=couple.b, instrument="distance-drivers")
    assert m.administration_id == adm.pk


def test_an_answer_from_before_the_ask_does_not_count(clinic, couple):
    assessments.take(user=couple.a, slug="closeness-check", answers=answers("closeness-check"))
    schedule(clinic, joined_episode(clinic, couple))
    assert not Measure.objects.filter(completed_at__isnull=False).exists()


def test_partner_sees_own_open_measures_as_they_open(couple, intensive):
    mine = selectors.open_measures_for(couple.a)
    assert {(m.instrument, m.phase) for m in mine} == {("closeness-check", "pre"), ("distance-drivers", "pre")}
    assert all(m.clinician == "Dr. Rivera" and m.due_on == intensive.pre_due_on for m in mine)
    assert {m.id for m in mine}.isdisjoint({m.id for m in selectors.open_measures_for(couple.b)})
    after = selectors.open_measures_for(couple.a, today=intensive.ends_on)
    assert ("closeness-check", "post") in {(m.instrument, m.phase) for m in after}
    later = selectors.open_measures_for(couple.a, today=intensive.ends_on + dt.timedelta(days=92))
    assert {m.phase for m in later} >= {"follow_1m", "follow_3m"} and "follow_6m" not in {m.phase for m in later}
    assessments.take(user=couple.a, slug="closeness-check", answers=answers("closeness-check"))
    assert [m.instrument for m in selectors.open_measures_for(couple.a)] == ["distance-drivers"]


def test_cancelled_or_left_means_no_longer_asked(clinic, couple, intensive):
    from closeknit.couples import services as couples

    services.cancel(user=clinic.rivera.user, intensive_id=intensive.pk)
    assert selectors.open_measures_for(couple.a) == []
    schedule(clinic, joined_episode(clinic, couple), starts_on=today() + dt.timedelta(days=40))
    assert selectors.open_measures_for(couple.b)
    couples.leave_space(user=couple.b)
    assert selectors.open_measures_for(couple.b) == []


def test_today_and_checkups_pages_show_the_ask(client, couple, intensive):
    client.force_login(couple.a)
    due = f"{intensive.pre_due_on:%a} {intensive.pre_due_on.day} {intensive.pre_due_on:%b}"
    for url in ("/", reverse("assessments:checkups")):
        page = client.get(url).content.decode()
        assert "Dr. Rivera asked you both for a Closeness check before your intensive" in page
        assert f"due {due}" in page and 'id="take-asked-distance-drivers"' in page
    assessments.take(user=couple.a, slug="closeness-check", answers=answers("closeness-check"))
    assessments.take(user=couple.a, slug="distance-drivers", answers=answers("distance-drivers"))
    assert 'id="asked-measures"' not in client.get("/").content.decode()
    client.force_login(couple.b)  # B's own asks are still open
    assert 'id="asked-measures"' in client.get("/").content.decode()


def test_care_steps_on_the_plan_and_either_partner_ends_one(client, clinic, couple, intensive, make_couple):
    begin(clinic, intensive)
    to_last_day(intensive)  # the plan for home is handed over from its last day
    services.finish(
        user=clinic.rivera.user, intensive_id=intensive.pk, steps=[("eye-contact", "twice a week")], note="Go gently."
    )
    step = CareStep.objects.get()
    client.force_login(couple.b)
    page = client.get(reverse("assessments:plan")).content.decode()
    assert "From your intensive with Dr. Rivera" in page and "twice a week" in page and "Go gently." in page
    assert reverse("practices:detail", args=["eye-contact"]) in page
    stranger = make_couple().a
    with pytest.raises(NotFound):
        assessments.end_care_step(user=stranger, step_id=step.pk)
    client.force_login(stranger)
    assert client.post(reverse("assessments:end_care_step", args=[step.pk])).status_code == 404
    assert client.get(reverse("assessments:end_care_step", args=[step.pk])).status_code == 405
    client.force_login(couple.a)
    assert client.post(reverse("assessments:end_care_step", args=[step.pk])).status_code == 302
    step.refresh_from_db()
    assert step.ended_at is not None
    assert "From your intensive" not in client.get(reverse("assessments:plan")).content.decode()


def test_partner_api_lists_measures_and_steps(client, clinic, couple, intensive):
    client.force_login(couple.a)
    rows = client.get("/api/care/measures").json()
    assert {r["instrument"] for r in rows} == {"closeness-check", "distance-drivers"}
    assert rows[0]["sentence"].startswith("Dr. Rivera asked you both for a")
    assert client.get("/api/care/steps").json() == []
    begin(clinic, intensive)
    to_last_day(intensive)  # the plan for home is handed over from its last day
    services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=[("eye-contact", "every day")], note="")
    steps = client.get("/api/care/steps").json()
    assert [(s["practice"], s["source"]) for s in steps] == [("eye-contact", "From your intensive with Dr. Rivera")]
    client.logout()
    assert client.get("/api/care/measures").status_code == 401


@pytest.mark.parametrize("role", ["partner", "other_partner", "clinician", "owner", "stranger", "anonymous"])
def test_ending_a_care_step_role_matrix(client, clinic, couple, intensive, make_couple, role):
    from tests.api.conftest import Api, headless_token

    begin(clinic, intensive)
    to_last_day(intensive)  # the plan for home is handed over from its last day
    services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=[("eye-contact", "every day")], note="")
    step = CareStep.objects.get()
    person = {
        "partner": couple.a,
        "other_partner": couple.b,
        "clinician": clinic.rivera.user,
        "owner": clinic.owner,
        "stranger": make_couple().a,
        "anonymous": None,
    }[role]
    if person is not None:
        client.force_login(person)
    page = client.post(reverse("assessments:end_care_step", args=[step.pk]))
    api = Api(token=headless_token(person) if person else None).post(f"/api/care/steps/{step.pk}/end")
    step.refresh_from_db()
    if role in ("partner", "other_partner"):
        assert page.status_code == 302 and step.ended_at is not None
        assert api.status_code == 204  # ending an ended step again is a no-op
    else:
        assert page.status_code == (302 if role == "anonymous" else 404)
        assert api.status_code == (401 if role == "anonymous" else 404)
        assert step.ended_at is None
        measures = Api(token=headless_token(person) if person else None).get("/api/care/measures")
        assert measures.status_code == 401 if role == "anonymous" else measures.json() == []
