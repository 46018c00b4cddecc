"""Taking an instrument: draft, answer, submit; bad answers refused whole, with words a person reads."""

from __future__ import annotations

import pytest

from closeknit.assessments import definitions, services
from closeknit.assessments.models import Administration
from closeknit.assessments.scoring import AnswerError
from closeknit.core.errors import NotFound, ServiceError
from tests.assessments.conftest import full_answers

pytestmark = pytest.mark.django_db


def test_take_scores_and_stores_with_the_administration(couple):
    adm = services.take(user=couple.a, slug="closeness-check", answers=full_answers("closeness-check", 3))
    adm.refresh_from_db()
    assert adm.is_submitted and adm.submitted_at is not None
    assert adm.version == definitions.get("closeness-check").version
    assert adm.couple_id == couple.couple_id
    assert set(adm.scores) == {s.key for s in definitions.get("closeness-check").scores}
    # reverse-keyed items flip, so a flat "3" is not 3 everywhere; every score sits in range
    for key, value in adm.scores.items():
        score = definitions.get("closeness-check").score(key)
        assert score.minimum <= value <= score.maximum
    assert all(isinstance(v, int) for v in adm.answers.values()), "answers are stored as the plain numbers given"


def test_page_by_page_then_submit(couple):
    draft = services.start(user=couple.a, slug="weekly-pulse")
    assert services.start(user=couple.a, slug="weekly-pulse").pk == draft.pk, "one draft per instrument"
    services.answer(user=couple.a, administration_id=draft.pk, answers={"wp1": 7, "wp2": 6})
    services.answer(user=couple.a, administration_id=draft.pk, answers={"wp3": 8, "wp4": 9})
    adm = services.submit(user=couple.a, administration_id=draft.pk)
    assert adm.scores == {"total": 7.5}
    with pytest.raises(ServiceError) as exc:
        services.submit(user=couple.a, administration_id=draft.pk)
    assert exc.value.status == 409


@pytest.mark.parametrize(
    "answers, field, words",
    [
        ({"wp1": 11, "wp2": 5, "wp3": 5, "wp4": 5}, "wp1", "choose a number from 0 to 10"),
        ({"wp1": "lots", "wp2": 5, "wp3": 5, "wp4": 5}, "wp1", "should be a number"),
        ({"dd01": 2, "wp1": 5, "wp2": 5, "wp3": 5, "wp4": 5}, "dd01", "is not a question in Weekly pulse"),
        ({"wp1": 5, "wp2": 5}, "wp3", "too many questions"),
        ({}, "wp1", "at least one"),
    ],
)
def test_bad_answers_are_refused_whole(couple, answers, field, words):
    with pytest.raises(AnswerError) as exc:
        services.take(user=couple.a, slug="weekly-pulse", answers=answers)
    assert exc.value.status == 400 and exc.value.field == field
    assert words in exc.value.message.lower() or words in exc.value.message
    assert not Administration.objects.exists(), "nothing half-written"


def test_a_page_must_answer_what_it_asked(couple):
    draft = services.start(user=couple.a, slug="weekly-pulse")
    with pytest.raises(AnswerError) as exc:
        services.answer(user=couple.a, administration_id=draft.pk, answers={"wp1": 4}, required=["wp1", "wp2"])
    assert exc.value.field == "wp2" and "Question 2" in exc.value.message
    draft.refresh_from_db()
    assert draft.answers == {}


def test_wrong_or_clinic_only_instrument_is_not_found(couple):
    with pytest.raises(NotFound):
        services.take(user=couple.a, slug="no-such-thing", answers={"x": 1})
    with pytest.raises(NotFound):
        services.start(user=couple.a, slug="session-check")


def test_someone_elses_draft_is_not_found(couple):
    draft = services.start(user=couple.a, slug="weekly-pulse")
    with pytest.raises(NotFound):
        services.answer(user=couple.b, administration_id=draft.pk, answers={"wp1": 3})


def test_alone_gets_a_solo_space(make_user):
    person = make_user()
    adm = services.take(user=person, slug="fear-of-closeness", answers=full_answers("fear-of-closeness", 1))
    assert adm.couple_id is not None


def test_goals_are_checked(couple):
    plan = services.choose_goals(user=couple.a, goals=["poor_listening", "stress_busy"])
    assert plan.goals == ["poor_listening", "stress_busy"]
    again = services.choose_goals(user=couple.b, goals=["broken_trust"])
    plan.refresh_from_db()
    assert plan.ended_at is not None and again.ended_at is None
    for bad, words in ((["nope"], "not one of the drivers"), ([], "at least one"), (["a", "b", "c", "d"], "")):
        with pytest.raises(ServiceError) as exc:
            services.choose_goals(user=couple.a, goals=bad)
        assert words in exc.value.message


def test_export_holds_all_one_wrote_and_deletion_removes_it(couple, take):
    from closeknit.assessments import selectors

    take(couple.a, "fear-of-closeness", 3)
    take(couple.b, "closeness-check", 2)
    services.start(user=couple.a, slug="weekly-pulse")
    services.choose_goals(user=couple.a, goals=["stress_busy"])
    data = selectors.export_for(couple.a)
    assert [a["instrument"] for a in data["administrations"]] == ["fear-of-closeness", "weekly-pulse"]
    assert data["administrations"][0]["answers"] and data["plans"][0]["goals"] == ["stress_busy"]
    couple.a.delete()
    assert not Administration.objects.filter(instrument="fear-of-closeness").exists()
    assert Administration.objects.filter(instrument="closeness-check").count() == 1
