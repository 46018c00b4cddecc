"""The privacy rules of access.assessments, as the selectors apply them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit import access
from closeknit.access import Access
from closeknit.assessments import report, selectors
from closeknit.assessments.models import Administration
from closeknit.couples import services as couples

pytestmark = pytest.mark.django_db


def test_partner_scores_wait_until_the_viewer_answers_the_same_round(couple, take):
    adm = take(couple.a, "closeness-check", 3)
    view = selectors.result_for(couple.b, adm.pk)
    assert view is not None and view.state is Access.WAITING
    assert view.scores == () and view.answers == {}
    take(couple.b, "closeness-check", 1)
    view = selectors.result_for(couple.b, adm.pk)
    assert view.state is Access.VISIBLE and view.scores
    assert view.answers == {}, "a partner never sees item answers"
    assert selectors.result_for(couple.a, adm.pk).answers, "the author does"


def test_answers_from_another_round_do_not_reveal(couple, take):
    old = take(couple.b, "closeness-check", 1)
    Administration.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    adm = take(couple.a, "closeness-check", 3)
    assert selectors.result_for(couple.b, adm.pk).state is Access.WAITING


def test_fear_of_closeness_is_hidden_even_in_existence(couple, take):
    mine = take(couple.a, "fear-of-closeness", 3)
    take(couple.b, "fear-of-closeness", 3)
    assert selectors.result_for(couple.b, mine.pk) is None
    assert selectors.result_for(couple.a, mine.pk).scores


def test_drafts_are_nobodys_business(couple):
    from closeknit.assessments import services

    draft = services.start(user=couple.a, slug="closeness-check")
    assert selectors.result_for(couple.b, draft.pk) is None
    assert selectors.result_for(couple.a, draft.pk) is None


def test_ex_partner_and_strangers_see_nothing(couple, make_couple, take):
    adm = take(couple.a, "closeness-check", 3)
    other = make_couple()
    take(other.a, "closeness-check", 3)
    assert selectors.result_for(other.a, adm.pk) is None
    take(couple.b, "closeness-check", 3)
    couples.leave_space(user=couple.b)
    access.forget(couple.b)
    access.forget(couple.a)
    assert selectors.result_for(couple.b, adm.pk) is None


def test_report_side_by_side_and_drivers_ranked(couple, take):
    take(couple.a, "closeness-check", 4)
    take(couple.a, "distance-drivers", 0, dd04=4, dd05=4, dd06=4)
    rep = report.report_for(couple.a)
    assert rep.section("closeness-check").mine and rep.section("closeness-check").theirs is None
    take(couple.b, "closeness-check", 4)
    take(couple.b, "distance-drivers", 0, dd04=4, dd05=4, dd06=3)
    rep = report.report_for(couple.a)
    total = next(r for r in rep.section("closeness-check").rows if r.key == "total")
    assert total.mine and total.theirs and total.agreement in ("agree", "differ")
    assert rep.drivers[0].key == "stress_busy"
    rep_b = report.report_for(couple.b)
    assert rep_b.drivers[0].key == "stress_busy"
