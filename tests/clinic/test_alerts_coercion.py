"""Coercive control in a person's own words reaches their clinician through the existing safety-alert
path, as "abuse", and only under that person's safety-alert consent; the words never travel."""

from __future__ import annotations

import pytest

from closeknit.checkins import services as checkins
from closeknit.clinic.models import SafetyAlert
from closeknit.clinic.services import care
from closeknit.safety.models import ConflictHold

pytestmark = pytest.mark.django_db
COERCION = "My husband tracks my location and takes my whole paycheck."


@pytest.fixture
def episode(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    e.refresh_from_db()
    return e


def test_in_care_the_clinician_is_alerted_only_with_consent(clinic, couple, episode, answers):
    c = checkins.create_checkin(user=couple.a, answers=dict(answers, note=COERCION))
    assert SafetyAlert.objects.count() == 0  # no consent: no alert, though help and the hold still apply
    assert ConflictHold.objects.filter(user=couple.a).exists()
    care.set_consent(user=couple.a, episode_id=episode.pk, category="safety_alerts", granted=True)
    checkins.update_checkin(user=couple.a, checkin_id=c.pk, answers=dict(answers, note=COERCION + " Again."))
    alert = SafetyAlert.objects.get()
    assert (alert.subject_id, alert.kinds, alert.where) == (couple.a.pk, ["abuse"], "checkin")
    assert "paycheck" not in str(alert.kinds) + alert.where
