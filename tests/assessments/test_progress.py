"""Reliable change on the progress page: "can't tell yet" without norms; verdicts once closeknit has
learnt a scale's SD and alpha from enough people (each person's first result)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from closeknit.assessments import definitions, progress
from closeknit.assessments.change import ChangeClass
from closeknit.assessments.models import Administration

pytestmark = pytest.mark.django_db


def _backdate(adm, days):
    Administration.objects.filter(pk=adm.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))


def test_without_norms_the_verdict_is_honest(couple, take):
    _backdate(take(couple.a, "weekly-pulse", 2), 30)
    take(couple.a, "weekly-pulse", 9)
    track = progress.track(couple.a, "weekly-pulse")
    assert track.chart and track.verdicts[0].change.category is ChangeClass.UNKNOWN
    assert "can't tell yet" in track.verdicts[0].change.words


def test_norms_learnt_from_use_give_a_verdict(couple, make_user, take):
    for n in range(40):  # 40 people whose answers hang together (alpha high) and spread out
        take(make_user(), "weekly-pulse", n % 11, wp4=(n + 2) % 11)
    cache.clear()
    norms = progress.usage_norms(definitions.get("weekly-pulse"))
    assert norms["total"].reliability > 0.6 and norms["total"].reference_sd > 0
    _backdate(take(couple.a, "weekly-pulse", 1), 30)
    take(couple.a, "weekly-pulse", 10)
    verdict = progress.track(couple.a, "weekly-pulse").verdicts[0]
    assert verdict.change.improved and verdict.change.words.startswith("Reliably improved")
    assert "Cronbach's alpha" in verdict.change.detail


def test_partner_line_only_once_revealed(couple, take):
    _backdate(take(couple.b, "weekly-pulse", 2), 60)
    take(couple.b, "weekly-pulse", 8)
    take(couple.a, "weekly-pulse", 5)
    track = progress.track(couple.a, "weekly-pulse", partner=couple.b)
    # Ana answered only this week: Ben's older pulse (another round) stays out of her chart
    assert track.points == 2
