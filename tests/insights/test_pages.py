"""The trend on the history page and its own page: who may open them, and what they show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.checkins.util import checkin_on

WARM = "Thank you so much for the lovely dinner, I love you and I am so grateful."
HEAVY = "I am so sad and hurt and angry, this is awful and I hate how lonely I feel."


@pytest.fixture
def filled(couple):
    today = timezone.now().date()
    for i in range(1, 8):
        day = today - dt.timedelta(days=i)
        checkin_on(couple.a, couple.couple_id, day, appreciation=WARM, shared=["feelings", "appreciation"])
        checkin_on(couple.b, couple.couple_id, day, appreciation=WARM, note=HEAVY, shared=["feelings", "appreciation"])
    return couple


def test_history_shows_the_viewers_own_estimate_only(client, filled):
    client.force_login(filled.b)
    html = client.get(reverse("checkins:history")).content.decode()
    assert 'id="emotion-trend"' in html and 'aria-label="Our estimate' in html
    assert "Our estimate from your words:</strong>" in html and "warmth and joy" in html
    assert f"{filled.a.name} never sees it" in html and f"What {filled.a.name} shared" not in html
    assert "no hard ones" in html  # B's own private heavy note does not count


@pytest.mark.parametrize("who", ["anonymous", "partner", "solo", "clinician"])
def test_trend_page_role_matrix(client, make_user, filled, clinic, who):
    url = reverse("insights:trend")
    if who == "anonymous":
        resp = client.get(url)
        assert resp.status_code == 302 and "login" in resp["Location"]
        return
    user = {"partner": filled.b, "solo": make_user(), "clinician": clinic.rivera.user}[who]
    client.force_login(user)
    resp = client.get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "How this works" in html
    if who == "partner":
        assert 'aria-label="Our estimate' in html and "Our estimate from your words" in html
        assert f"What {filled.a.name} shared" not in html and f"{filled.a.name} never sees it" in html
    else:
        assert 'aria-label="Our estimate' not in html and "its mood shows here" in html  # nothing of anyone else's


def test_trend_page_only_answers_get(client, filled):
    client.force_login(filled.a)
    assert client.post(reverse("insights:trend")).status_code == 405
