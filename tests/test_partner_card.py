"""The partner card that htmx refreshes on the Today page follows the same reveal rules as the page."""

from __future__ import annotations

import pytest

from closeknit.checkins import services

pytestmark = pytest.mark.django_db


def test_partner_card_waits_then_reveals(client, couple, answers):
    services.create_checkin(user=couple.a, answers={**answers, "appreciation": "CARD-SHARED", "note": "CARD-PRIVATE"})
    client.force_login(couple.b)
    body = client.get("/today/partner/", HTTP_HX_REQUEST="true").content.decode()
    assert "Answered, waiting for you" in body and "CARD-SHARED" not in body

    services.create_checkin(user=couple.b, answers=answers)
    body = client.get("/today/partner/", HTTP_HX_REQUEST="true").content.decode()
    assert "CARD-SHARED" in body and "CARD-PRIVATE" not in body


def test_partner_card_is_empty_when_alone_and_closed_to_strangers(client, make_user):
    client.force_login(make_user())
    assert client.get("/today/partner/").status_code == 204
    client.logout()
    assert client.get("/today/partner/").status_code == 302


def test_long_history_charts_weekly_averages(client, couple, answers):
    import datetime as dt

    from closeknit.checkins import selectors

    series = {
        "dates": [dt.date(2026, 11, 2) + dt.timedelta(days=i) for i in range(10)],  # Mon 2nd .. Wed 11th
        "me": "A",
        "partner": "B",
        "mine_emotional_closeness": [2, 4, None, None, None, None, None, 8, None, 6],
        "partner_emotional_closeness": [None] * 10,
    }
    weekly = selectors.weekly_means(series)
    assert weekly["dates"] == [dt.date(2026, 11, 2), dt.date(2026, 11, 9)]
    assert weekly["mine_emotional_closeness"] == [3.0, 7.0]
    assert weekly["partner_emotional_closeness"] == [None, None]  # a gap, never a zero

    services.create_checkin(user=couple.a, answers=answers)
    client.force_login(couple.a)
    page = client.get("/history/?days=90").content.decode()
    assert "a week's average" in page and "<svg" in page
