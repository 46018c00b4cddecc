"""Answer-then-reveal as the selectors serve it: waiting until the viewer answers or the day is over
for both; private answers never; the history and the chart carry only what the viewer may see."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit import access
from closeknit.checkins import selectors, services
from tests.checkins.util import checkin_on, freeze, utc

NOON = utc(2026, 3, 10, 12, 0)
DAY = dt.date(2026, 3, 10)
SHARED = ["feelings", "emotional_closeness", "appreciation"]


@pytest.fixture
def pair(make_couple, monkeypatch):
    """A and B in one space (UTC) at noon on DAY; A has answered: some shared, the note private."""
    freeze(monkeypatch, NOON)
    p = make_couple()
    services.create_checkin(
        user=p.a,
        answers={
            "feelings": ["tender"],
            "emotional_closeness": 8,
            "physical_closeness": 2,
            "stress": 6,
            "appreciation": "SHARED-thanks-for-the-tea",
            "need": "PRIVATE-need-more-sleep",
            "note": "PRIVATE-note-about-work",
            "shared": SHARED,
        },
    )
    p.entry = p.a.checkins.get()
    return p


def texts_in(obj) -> str:
    return repr(obj)


def test_the_author_sees_everything(pair):
    view = selectors.today_for(pair.a).mine
    assert view.answers["need"] == "PRIVATE-need-more-sleep" and view.answers["note"] == "PRIVATE-note-about-work"
    assert view.shared == tuple(SHARED) and view.editable


def test_before_answering_the_partner_sees_only_that_a_answered(pair):
    today = selectors.today_for(pair.b)
    assert today.partner_answered and today.partner_view.waiting and today.partner_view.answers == {}
    assert today.partner_view.shared == ()  # which answers were shared is not told either
    assert not today.both_today
    one = selectors.checkin_for(pair.b, pair.entry.pk)
    assert one.waiting and one.answers == {}
    [day] = selectors.history_for(pair.b)
    assert day.mine is None and day.partner.waiting and day.partner.answers == {}
    series = selectors.closeness_series(pair.b)
    assert series["partner_emotional_closeness"] == [None] and series["partner_physical_closeness"] == [None]
    for shape in (today, one, day, series):
        assert "SHARED-" not in texts_in(shape) and "PRIVATE-" not in texts_in(shape)


def test_after_answering_the_partner_sees_the_shared_answers_only(pair, answers):
    services.create_checkin(user=pair.b, answers=answers)
    today = selectors.today_for(pair.b)
    assert today.both_today and not today.partner_view.waiting
    assert today.partner_view.answers == {
        "feelings": ["tender"],
        "emotional_closeness": 8,
        "appreciation": "SHARED-thanks-for-the-tea",
    }
    one = selectors.checkin_for(pair.b, pair.entry.pk)
    assert one.answers == today.partner_view.answers and not one.editable
    [day] = selectors.history_for(pair.b)
    assert day.partner.answers == today.partner_view.answers
    series = selectors.closeness_series(pair.b)
    assert series["partner_emotional_closeness"] == [8]
    assert series["partner_physical_closeness"] == [None]  # kept private
    for shape in (today, one, day, series):
        assert "PRIVATE-" not in texts_in(shape)


def test_a_check_in_kept_wholly_private_shows_nothing_and_no_waiting(pair, answers):
    services.update_checkin(user=pair.a, checkin_id=pair.entry.pk, answers=dict(answers, note="PRIVATE-all", shared=[]))
    today = selectors.today_for(pair.b)
    assert today.partner_answered and not today.partner_view.waiting and today.partner_view.answers == {}
    services.create_checkin(user=pair.b, answers=answers)
    assert selectors.today_for(pair.b).partner_view.answers == {}


def test_once_the_day_is_over_for_both_shared_answers_open_without_answering(pair, monkeypatch):
    """B lives eleven hours behind A: the day must be over in B's zone too."""
    pair.b.timezone = "Pacific/Pago_Pago"
    pair.b.save()
    access.forget(pair.b)
    over_for_a = utc(2026, 3, 11, 0, 0)  # A's (UTC) day has ended; in Pago Pago it is 13:00 on DAY
    over_for_both = utc(2026, 3, 11, 11, 0)  # midnight in Pago Pago
    one = selectors.checkin_for(pair.b, pair.entry.pk, now=over_for_a)
    assert one.waiting and one.answers == {}
    assert selectors.history_for(pair.b, now=over_for_a)[0].partner.waiting
    one = selectors.checkin_for(pair.b, pair.entry.pk, now=over_for_both - dt.timedelta(microseconds=1))
    assert one.waiting
    one = selectors.checkin_for(pair.b, pair.entry.pk, now=over_for_both)
    assert one.answers["appreciation"] == "SHARED-thanks-for-the-tea"
    assert "need" not in one.answers and "note" not in one.answers
    freeze(monkeypatch, over_for_both + dt.timedelta(hours=1))
    [day] = selectors.history_for(pair.b)
    assert day.partner.answers["appreciation"] == "SHARED-thanks-for-the-tea"
    assert selectors.closeness_series(pair.b)["partner_emotional_closeness"][-1] == 8


def test_strangers_see_nothing_at_all(pair, make_couple, make_user, answers):
    other = make_couple()
    services.create_checkin(user=other.a, answers=answers)
    for viewer in (other.a, make_user()):
        assert selectors.checkin_for(viewer, pair.entry.pk) is None
        assert all(d.partner is None for d in selectors.history_for(viewer))
        today = selectors.today_for(viewer)
        assert "SHARED-" not in texts_in(today) and "PRIVATE-" not in texts_in(today)


def test_history_and_chart_show_only_this_space_and_only_what_is_allowed(pair, answers):
    p = pair
    for back in (1, 2):
        day = DAY - dt.timedelta(days=back)
        checkin_on(
            p.a,
            p.couple_id,
            day,
            emotional_closeness=back,
            physical_closeness=back,
            appreciation=f"SHARED-old-{back}",
            note=f"PRIVATE-old-{back}",
            shared=SHARED,
        )
    # B answered on DAY-2 only; DAY-1 is over for both anyway, so both old days are open to B.
    checkin_on(p.b, p.couple_id, DAY - dt.timedelta(days=2), emotional_closeness=9, physical_closeness=9)
    history = selectors.history_for(p.b, days=7)
    assert [d.date for d in history] == [DAY, DAY - dt.timedelta(days=1), DAY - dt.timedelta(days=2)]
    assert history[0].partner.waiting  # today: B has not answered
    assert [d.partner.get("appreciation") for d in history[1:]] == ["SHARED-old-1", "SHARED-old-2"]
    assert "PRIVATE-" not in texts_in(history)
    series = selectors.closeness_series(p.b, days=7)
    assert series["dates"] == [DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=1), DAY]
    assert series["partner_emotional_closeness"] == [2, 1, None]
    assert series["partner_physical_closeness"] == [None, None, None]  # never shared
    assert series["mine_emotional_closeness"] == [9, None, None]
    assert series["me"] == p.b.name and series["partner"] == p.a.name
    # The window is respected: 2 days back shows DAY and DAY-1 only.
    assert [d.date for d in selectors.history_for(p.b, days=2)] == [DAY, DAY - dt.timedelta(days=1)]


def test_across_zones_every_selector_agrees_on_what_is_revealed(make_couple, monkeypatch, answers):
    """Kiritimati (UTC+14) is a day ahead of Pago Pago (UTC-11). B answered B's day (the 10th); A answered
    only A's day (the 11th). By access, A's answers open to B once B answers the *same* day or that
    day is over for both, so at this instant they are waiting. The Today page must not open them early."""
    freeze(monkeypatch, NOON - dt.timedelta(days=1))  # they became partners the day before
    p = make_couple()
    p.a.timezone, p.b.timezone = "Pacific/Kiritimati", "Pacific/Pago_Pago"
    p.a.save()
    p.b.save()
    freeze(monkeypatch, NOON)
    services.create_checkin(user=p.b, answers=answers)  # the 10th in Pago Pago
    a_entry = services.create_checkin(user=p.a, answers=dict(answers, appreciation="SHARED-a-on-the-11th"))
    assert a_entry.local_date == DAY + dt.timedelta(days=1)
    assert selectors.checkin_for(p.b, a_entry.pk).waiting
    history_side = next(d.partner for d in selectors.history_for(p.b) if d.partner)
    assert history_side.waiting
    today = selectors.today_for(p.b)
    assert today.partner_view.waiting and "SHARED-a-on-the-11th" not in texts_in(today)
