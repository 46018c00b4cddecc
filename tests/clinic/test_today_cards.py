"""A couple with an intensive coming: Today says each check-up once. The therapist's ask, the intensive's
dates and the due check-ups used to be three cards pushing the same check-ups."""

from __future__ import annotations

import pytest

from tests.checkins.test_today import shown
from tests.clinic.intensive_helpers import joined_episode, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def intensive(clinic, couple):
    return schedule(clinic, joined_episode(clinic, couple))


def test_each_check_up_is_asked_once(client, couple, intensive, answers):
    from closeknit.checkins import services as checkins

    client.force_login(couple.a)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "checkin" and cards[:1] == ["asked"] and "intensive" in cards and len(cards) <= 3
    for slug in ("closeness-check", "distance-drivers"):
        assert page.count(f"/checkups/{slug}/take/") == 1, slug
    assert "Before then, please take" not in page  # the intensive card keeps its dates, not the ask
    assert "It starts in" in page

    checkins.create_checkin(user=couple.a, answers=answers)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "asked" and len(cards) <= 3 and "intensive" in cards
    for slug in ("closeness-check", "distance-drivers"):
        assert page.count(f"/checkups/{slug}/take/") == 1, slug
