"""A partner's words are theirs: a model's reading of one partner's words (the emotion mix, the
warm:hard ratio, the mood line) never reaches the other partner, on any page or API route. The
partner sees the feelings the author picked; the author sees the reading, marked as an estimate;
a clinician sees it only with the author's consent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from closeknit import language
from closeknit.clinic.selectors.trends import episode_panel
from closeknit.clinic.services import care
from closeknit.insights import selectors
from closeknit.insights.summary import EMOTION_WORDS
from tests.checkins.util import checkin_on

# A playful appreciation the model misreads: it labels it mostly "fear", which we word as "worry".
PUN = "You laughed at my terrible pun."
MODEL_WORDS = [w for e, w in EMOTION_WORDS.items() if e != "joy"]


def model_labels_in(html: str) -> list[str]:
    """Every phrase our summary uses for a model-read emotion or tone, and the trend's chart and
    ratio. The viewer (A) wrote no words, so anything found here could only be about B's."""
    text = html.lower()
    found = [w for w in MODEL_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
    lead = "|".join(re.escape(w) for w in EMOTION_WORDS.values())
    found += re.findall(rf"(?:mostly|a mix, led by) (?:{lead})", text)
    found += [w for w in ('id="tone-ratio"', 'id="tone-mix"', 'aria-label="our estimate') if w in text]
    return found


@pytest.fixture
def pun_days(couple):
    """B thanks A with the pun on five past days (shared); A checks in with feelings only, so
    every one of B's days is revealed to A, and A has no words of their own to read."""
    assert language.sentiment_of(PUN).emotions["fear"] > 0.4  # the misreading this test is about
    today = timezone.now().date()
    for i in range(1, 6):
        day = today - dt.timedelta(days=i)
        checkin_on(couple.b, couple.couple_id, day, feelings=["playful"], appreciation=PUN,
                   shared=["feelings", "appreciation"])  # fmt: skip
        checkin_on(couple.a, couple.couple_id, day, feelings=["calm"], shared=["feelings"])
    return couple


def test_partner_pages_carry_no_reading_of_the_others_words(client, pun_days):
    client.force_login(pun_days.a)
    for url in (
        reverse("home"),
        reverse("checkins:partner_card"),
        reverse("checkins:history"),
        "/history/?days=365",
        reverse("insights:trend"),
        reverse("assessments:progress"),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        assert model_labels_in(html) == [], (url, model_labels_in(html))
    history = client.get(reverse("checkins:history")).content.decode()
    assert PUN in history and "Playful" in history  # B's own words and own chosen feeling do show


def test_partner_api_carries_no_reading_of_the_others_words(client, pun_days):
    client.force_login(pun_days.a)
    for url in ("/api/checkins", "/api/checkins/today", "/api/checkins?days=365"):
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.content)
        body = resp.content.decode()
        assert model_labels_in(body) == [], url
        assert not re.search(r'"(valence|emotions|mood|label_estimate|tone_label)"', body)


def test_the_partners_trend_has_no_line_for_the_other(pun_days):
    trend = selectors.trend_for(pun_days.a)
    assert [p.author_id for p in trend.people] == [pun_days.a.pk]
    assert trend.empty and trend.ratio.positive == trend.ratio.negative == 0


def test_the_author_sees_the_reading_marked_as_an_estimate(client, pun_days):
    client.force_login(pun_days.b)
    html = client.get(reverse("checkins:history")).content.decode()
    card = html[html.index('id="emotion-trend"') :]
    assert "Our estimate from your words" in card and "Mostly worry" in card
    assert f"{pun_days.a.name} never sees it" in card


def test_the_clinician_sees_it_only_with_the_authors_consent(clinic, pun_days):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (pun_days.a, pun_days.b):
        care.join_episode(user=p, token=e.join_token)
    e.refresh_from_db()
    for p in (pun_days.a, pun_days.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    b = next(p for p in episode_panel(clinic.rivera.user, e)["trends"] if p["name"] == pun_days.b.name)
    assert b["refused"]
    care.set_consent(user=pun_days.b, episode_id=e.pk, category="checkins", granted=True)
    b = next(p for p in episode_panel(clinic.rivera.user, e)["trends"] if p["name"] == pun_days.b.name)
    assert b["person"].mix_words.startswith("Mostly worry")
