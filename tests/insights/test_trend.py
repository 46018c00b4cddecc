"""Emotion trends: tones stored and refreshed (never the words), only shared words count, each
person's trend reads their own words only (never the partner's), and the ratio math."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from closeknit.checkins import services as checkins
from closeknit.insights import selectors
from closeknit.insights.models import EntryTone
from closeknit.insights.summary import MIN_MOMENTS, Point, emotion_mix, mix_in_words, ratio_of, ratio_words
from tests.checkins.util import checkin_on, freeze, utc

NOON = utc(2026, 3, 10, 12, 0)
DAY = dt.date(2026, 3, 10)
WARM = "Thank you so much for the lovely dinner, I love you and I am so grateful."
HEAVY = "I am so sad and hurt and angry, this is awful and I hate how lonely I feel."


@pytest.fixture
def pair(make_couple, monkeypatch):
    freeze(monkeypatch, NOON)
    return make_couple()


def shared(*names: str) -> list[str]:
    return ["feelings", "emotional_closeness", *names]


def test_tone_is_stored_without_the_words_and_refreshed_on_edit(pair, answers):
    answers.update(appreciation=WARM, need="", shared=shared("appreciation"))
    c = checkins.create_checkin(user=pair.a, answers=answers)
    trend = selectors.trend_for(pair.a)
    row = EntryTone.objects.get(kind="checkin", object_id=c.pk)
    assert row.label == "positive" and row.valence > 0.3 and row.shared
    assert abs(sum(row.emotions.values()) - 1) < 0.01
    assert trend.people[0].weekly[-1] == pytest.approx(row.valence, abs=0.01)
    # The words are nowhere in the table, not even hashed plainly.
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM insights_entrytone")
        dump = repr(cur.fetchall())
    assert "dinner" not in dump and "grateful" not in dump

    first_digest = row.digest
    checkins.update_checkin(user=pair.a, checkin_id=c.pk, answers={**answers, "appreciation": HEAVY})
    selectors.trend_for(pair.a)
    row.refresh_from_db()
    assert row.label == "negative" and row.valence < -0.3 and row.digest != first_digest
    assert EntryTone.objects.count() == 1

    # Reading again computes nothing new: the same row, the same digest.
    stamp = row.computed_at
    selectors.trend_for(pair.a)
    row.refresh_from_db()
    assert row.computed_at == stamp


def test_making_the_words_private_removes_the_tone(pair, answers):
    answers.update(appreciation=WARM, need="", shared=shared("appreciation"))
    c = checkins.create_checkin(user=pair.a, answers=answers)
    selectors.trend_for(pair.a)
    assert EntryTone.objects.filter(object_id=c.pk).exists()
    checkins.update_checkin(user=pair.a, checkin_id=c.pk, answers={**answers, "shared": shared()})
    trend = selectors.trend_for(pair.a)
    assert not EntryTone.objects.filter(object_id=c.pk).exists()
    assert trend.empty


def test_the_partners_words_never_count_for_the_viewer(pair):
    """Shared or not, revealed or not: a reading of B's words is B's (and never in A's trend)."""
    for i in range(1, 6):
        day = DAY - dt.timedelta(days=i)
        checkin_on(pair.b, pair.couple_id, day, appreciation=HEAVY, note=WARM, shared=shared("appreciation"))
        checkin_on(pair.a, pair.couple_id, day, appreciation=WARM, shared=shared("appreciation"))
    trend = selectors.trend_for(pair.a)
    assert [p.author_id for p in trend.people] == [pair.a.pk]
    assert trend.moments == 5 and trend.ratio.negative == 0 and trend.ratio.positive == 5
    # B's own trend counts B's shared words only: the private warm note is not in it.
    own = selectors.trend_for(pair.b)
    assert [p.author_id for p in own.people] == [pair.b.pk]
    assert own.ratio.negative == 5 and own.ratio.positive == 0
    assert all(v is None or v < -0.3 for v in own.people[0].weekly)


def test_own_words_count_the_same_day_without_waiting_for_anyone(pair, answers):
    answers.update(appreciation=HEAVY, need="", shared=shared("appreciation"))
    checkins.create_checkin(user=pair.b, answers=answers)
    assert selectors.trend_for(pair.a).empty  # B's words: never A's
    own = selectors.trend_for(pair.b)
    assert own.people[0].recent == 1 and own.people[0].weekly[-1] < 0


def test_entries_from_before_joining_or_another_space_do_not_count(make_user, make_couple, monkeypatch):
    freeze(monkeypatch, NOON)
    p = make_couple()
    stranger = make_user()
    other = make_couple()
    checkin_on(other.a, other.couple_id, DAY - dt.timedelta(days=1), appreciation=HEAVY, shared=shared("appreciation"))
    trend = selectors.trend_for(p.a)
    assert trend.empty
    assert selectors.trend_for(stranger).empty  # no space at all: an empty trend, no error


def test_ratio_math():
    def pts(*labels):
        return [Point(1, DAY, lab, 0.0, {"joy": 1.0}) for lab in labels]

    r = ratio_of(pts(*["positive"] * 10, "negative", "negative", "neutral"))
    assert (r.positive, r.negative, r.neutral) == (10, 2, 1) and r.value == 5.0
    assert "About 5 warm moments for every hard one" in r.words and "it shows" in r.words
    r = ratio_of(pts("positive", "positive", "negative", "negative"))
    assert r.value == 1.0 and "not a score" in r.words
    assert ratio_of(pts("positive", "positive")).value is None
    assert "not enough" in ratio_words(1, 1) and MIN_MOMENTS == 4
    assert "no hard ones" in ratio_words(5, 0)
    assert "More hard moments than warm ones" in ratio_words(1, 4)
    assert "About 2.5 warm" in ratio_words(5, 2) and "About 18 warm" in ratio_words(18, 1)


def test_emotion_mix_in_words():
    points = [
        Point(1, DAY, "positive", 0.8, {"joy": 0.7, "sadness": 0.2, "fear": 0.1}),
        Point(1, DAY, "positive", 0.8, {"joy": 0.5, "sadness": 0.3, "fear": 0.2}),
    ]
    mix = emotion_mix(points)
    assert mix[0] == ("joy", 0.6) and mix[1] == ("sadness", 0.25)
    assert mix_in_words(mix) == "Mostly warmth and joy, with some sadness, and a little worry."
    assert mix_in_words([]) == ""


def test_a_row_another_reader_wrote_is_refreshed_not_doubled(pair, answers):
    """Both partners may open their history at the same moment; whatever the other reader stored,
    the words' own digest decides, and there is still one row per entry."""
    from closeknit.insights import services

    answers.update(appreciation=WARM, need="", shared=shared("appreciation"))
    c = checkins.create_checkin(user=pair.a, answers=answers)
    source = selectors.source_of(c, selectors.shared_words(c))
    services.tones_for(sources=[source])
    EntryTone.objects.all().delete()
    services.EntryTone.objects.create(
        kind="checkin", object_id=c.pk, author=pair.a, couple_id=pair.couple_id, local_date=c.local_date,
        shared=True, digest="another-readers-row", label="positive", valence=0.5, emotions={"joy": 1.0},
    )  # fmt: skip
    got = services.tones_for(sources=[source])
    assert got[("checkin", c.pk)].label == "positive"
    row = EntryTone.objects.get()
    assert row.digest == services.digest("checkin", source.text) and row.valence != 0.5
