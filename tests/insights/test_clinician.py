"""The clinician's trend panel: each partner's trend only with their live check-in consent, built
from shared words only, and every read logged (the partner sees it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit.clinic.models import AccessLog
from closeknit.clinic.selectors import care as care_selectors
from closeknit.clinic.selectors.trends import episode_panel
from closeknit.clinic.services import care
from tests.checkins.util import checkin_on

WARM = "Thank you so much for the lovely dinner, I love you and I am so grateful."
HEAVY = "I am so sad and hurt and angry, this is awful and I hate how lonely I feel."


@pytest.fixture
def episode(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
    e.refresh_from_db()
    for p in (couple.a, couple.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    today = timezone.now().date()
    for i in range(1, 6):
        day = today - dt.timedelta(days=i)
        checkin_on(couple.a, couple.couple_id, day, appreciation=WARM, note=HEAVY, shared=["feelings", "appreciation"])
        checkin_on(couple.b, couple.couple_id, day, appreciation=HEAVY, shared=["feelings", "appreciation"])
    return e


def by_name(panel, name):
    return next(p for p in panel["trends"] if p["name"] == name)


def test_consent_opens_one_partner_and_each_read_is_logged(clinic, couple, episode):
    panel = episode_panel(clinic.rivera.user, episode)
    assert all(p["refused"] for p in panel["trends"]) and len(panel["trends"]) == 2
    assert AccessLog.objects.count() == 0  # refusals are not reads

    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    panel = episode_panel(clinic.rivera.user, episode)
    a, b = by_name(panel, couple.a.name), by_name(panel, couple.b.name)
    assert b["refused"] and "trend" not in b
    assert not a["refused"] and a["trend"].moments == 5
    # A's private heavy note never counts: only the warm shared words.
    assert a["trend"].ratio.negative == 0 and a["trend"].ratio.positive == 5
    assert "<svg" in a["chart"]
    log = AccessLog.objects.get()
    assert (log.subject_id, log.category, log.items) == (couple.a.pk, "checkins", 5)
    assert [r.pk for r in care_selectors.my_access_log(couple.a)] == [log.pk]

    care.set_consent(user=couple.b, episode_id=episode.pk, category="checkins", granted=True)
    panel = episode_panel(clinic.rivera.user, episode)
    assert by_name(panel, couple.b.name)["trend"].ratio.negative == 5
    assert AccessLog.objects.count() == 3

    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=False)
    panel = episode_panel(clinic.rivera.user, episode)
    assert by_name(panel, couple.a.name)["refused"]


def test_other_clinicians_see_nothing(clinic, couple, episode):
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user, couple.a):
        panel = episode_panel(who, episode)
        assert all(p["refused"] for p in panel["trends"])
    assert AccessLog.objects.count() == 0


def test_the_episode_page_shows_the_panel(client, clinic, couple, episode):
    from closeknit.clinic.models import Episode  # noqa: F401 - page reads it

    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    client.force_login(clinic.rivera.user)
    from django.urls import reverse

    page = client.get(reverse("clinic:episode", args=[episode.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="trends"' in html and "has not said yes to sharing check-ins or reflections" in html
    assert "sad" not in html.lower() or "sadness" in html.lower()  # the words themselves never appear
    assert HEAVY not in html and WARM not in html
