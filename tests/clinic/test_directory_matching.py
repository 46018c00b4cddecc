"""Matching rules, pure: hard requirements leave people out, the rest ranks and explains."""

from __future__ import annotations

import datetime as dt

from closeknit.clinic.directory_matching import Ask, Candidate, match_one, rank, times_offered

T = dt.time


def cand(**kw) -> Candidate:
    base = dict(
        id=1,
        languages=["en"],
        specialties=[],
        cultural=[],
        online=True,
        in_person=False,
        fee_min=100,
        fee_max=150,
        currency="USD",
        sliding_scale=False,
        accepting=True,
        hours=[(0, T(9), T(17))],
    )
    base.update(kw)
    return Candidate(**base)


def test_language_ranks_first_never_hides_and_is_explained():
    other = match_one(cand(), Ask(language="es"))
    assert other is not None and not other.speaks and "Does not list sessions in Spanish." in other.to_ask
    m = match_one(cand(languages=["en", "es"]), Ask(language="es"))
    assert m.speaks and "Offers sessions in Spanish." in m.reasons
    # Someone who speaks it comes first even when the other fits more of the rest.
    fits_more = cand(id=1, specialties=["trust"], cultural=["lgbtq"])
    speaks = cand(id=2, languages=["es"])
    ask = Ask(language="es", specialty="trust", cultural=("lgbtq",))
    assert [m.id for m in rank([fits_more, speaks], ask)] == [2, 1]


def test_a_preferred_language_ranks_quietly():
    ranked = rank([cand(id=1), cand(id=2, languages=["en", "es"])], Ask(prefer="es"))
    assert [m.id for m in ranked] == [2, 1]
    assert all(not m.reasons and not m.to_ask for m in ranked)  # no ask: the cards say what they offer


def test_cultural_fit_ranks_but_never_filters():
    ask = Ask(cultural=("lgbtq",))
    without = match_one(cand(id=1), ask)
    with_ = match_one(cand(id=2, cultural=["lgbtq"]), ask)
    assert without is not None and with_ is not None
    assert any("lgbtq+ relationships" in r for r in with_.reasons)
    assert any("Ask about" in r for r in without.to_ask)
    assert [m.id for m in rank([cand(id=1), cand(id=2, cultural=["lgbtq"])], ask)] == [2, 1]


def test_budget_filters_unless_sliding_scale():
    assert match_one(cand(fee_min=200, fee_max=200), Ask(budget=150)) is None
    m = match_one(cand(fee_min=200, fee_max=200, sliding_scale=True), Ask(budget=150))
    assert m is not None and "sliding scale" in m.to_ask[0]
    ok = match_one(cand(), Ask(budget=150))
    assert ok.reasons == ["Fees of $100–$150 a session fit your budget of $150."]


def test_meeting_way_is_required():
    assert match_one(cand(online=False, in_person=True), Ask(meeting="online")) is None
    assert match_one(cand(), Ask(meeting="in_person")) is None


def test_times_from_weekly_hours():
    assert times_offered([(0, T(9), T(17))]) == {"daytime"}
    assert times_offered([(2, T(17), T(20))]) == {"evenings"}
    assert times_offered([(5, T(10), T(12))]) == {"weekends"}
    m = match_one(cand(hours=[(2, T(17), T(20))]), Ask(times=("evenings", "weekends")))
    assert m.reasons == ["Has hours that suit you: weekday evenings."]


def test_not_accepting_is_left_out():
    assert match_one(cand(accepting=False), Ask()) is None
