"""Practice reflections in the trend: a shared reflection counts like shared check-in words, a
private one never does (not even for its author), and the clinician needs "reflections" consent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit.clinic.models import AccessLog
from closeknit.clinic.selectors.trends import episode_panel
from closeknit.clinic.services import care
from closeknit.insights import selectors
from closeknit.insights.models import EntryTone
from closeknit.practices.models import PracticeLog
from tests.checkins.util import checkin_on

WARM = "Thank you so much for the lovely dinner, I love you and I am so grateful."
HEAVY = "I am so sad and hurt and angry, this is awful and I hate how lonely I feel."


def reflect(user, couple_id, day, text, *, shared):
    at = timezone.now()
    return PracticeLog.objects.create(
        author=user,
        couple_id=couple_id,
        slug="daily-appreciation",
        local_date=day,
        timezone=user.timezone,
        step_started_at=at,
        started_at=at,
        finished_at=at,
        reflection=text,
        shared=shared,
    )


@pytest.fixture
def days():
    today = timezone.now().date()
    return [today - dt.timedelta(days=i) for i in range(1, 4)]


def test_shared_reflections_count_private_ones_never(couple, days):
    for d in days:
        reflect(couple.b, couple.couple_id, d, WARM, shared=True)
        reflect(couple.b, couple.couple_id, d, HEAVY, shared=False)
    assert selectors.trend_for(couple.a).empty  # B's reflections are never read for A
    own = selectors.trend_for(couple.b)
    assert own.people[0].recent == 3 and own.by_kind == {"reflection": 3}
    assert own.ratio.negative == 0 and own.ratio.positive == 3


def test_unsharing_a_reflection_removes_its_tone(couple, days):
    log = reflect(couple.a, couple.couple_id, days[0], WARM, shared=True)
    selectors.trend_for(couple.a)
    assert EntryTone.objects.filter(kind="reflection", object_id=log.pk).exists()
    log.shared = False
    log.save()
    assert selectors.trend_for(couple.a).empty
    assert not EntryTone.objects.filter(kind="reflection").exists()


def test_clinician_needs_reflections_consent_for_reflections(clinic, couple, days):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
    e.refresh_from_db()
    for p in (couple.a, couple.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    for d in days:
        reflect(couple.a, couple.couple_id, d, HEAVY, shared=True)
        checkin_on(couple.a, couple.couple_id, d, appreciation=WARM, shared=["feelings", "appreciation"])

    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=True)
    a = next(p for p in episode_panel(clinic.rivera.user, e)["trends"] if p["name"] == couple.a.name)
    assert a["trend"].by_kind == {"checkin": 3} and a["trend"].ratio.negative == 0
    assert a["closed"] == ["practice reflections"]
    assert list(AccessLog.objects.values_list("category", "items")) == [("checkins", 3)]

    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=False)
    care.set_consent(user=couple.a, episode_id=e.pk, category="reflections", granted=True)
    a = next(p for p in episode_panel(clinic.rivera.user, e)["trends"] if p["name"] == couple.a.name)
    assert a["trend"].by_kind == {"reflection": 3} and a["trend"].ratio.negative == 3
    assert AccessLog.objects.filter(category="reflections", items=3).count() == 1
    assert AccessLog.objects.count() == 2
