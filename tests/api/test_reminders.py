"""GET/PUT /api/reminders: a time in the person's own zone; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.core.time import zone
from closeknit.nudges import services
from closeknit.nudges.models import Reminder
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

GOOD = {"enabled": True, "local_time": "07:45", "partner_nudges": False}


def test_defaults_are_what_the_service_says(make_user, app_api):
    user = make_user()
    body = app_api(user).get("/api/reminders").json()
    expected = services.reminder_for(user)
    assert body["enabled"] is expected.enabled
    assert body["local_time"] == expected.local_time.strftime("%H:%M")
    assert body["partner_nudges"] is expected.partner_nudges


def test_set_a_reminder_in_my_own_zone(make_user, app_api):
    user = make_user(timezone="Asia/Kolkata")
    response = app_api(user).put("/api/reminders", GOOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["local_time"] == "07:45" and body["partner_nudges"] is False
    next_at = dt.datetime.fromisoformat(body["next_at"]).astimezone(zone("Asia/Kolkata"))
    assert (next_at.hour, next_at.minute) == (7, 45)
    assert app_api(user).get("/api/reminders").json() == body


def test_turning_reminders_off_clears_the_schedule(make_user, app_api):
    body = app_api(make_user()).put("/api/reminders", {**GOOD, "enabled": False}).json()
    assert body["enabled"] is False and body["next_at"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"local_time": "24:00"}, "local_time"),
        ({"local_time": "8pm"}, "local_time"),
        ({"local_time": "7:45"}, "local_time"),
        ({"local_time": "07:45:00"}, "local_time"),
        ({"local_time": 745}, "local_time"),
        ({"enabled": "yes"}, "enabled"),
        ({"partner_nudges": 1}, "partner_nudges"),
        ({"snooze": True}, "snooze"),
    ],
)
def test_bad_reminders_are_422_and_change_nothing(make_user, app_api, change, field):
    user = make_user()
    api = app_api(user)
    api.put("/api/reminders", GOOD)
    before = Reminder.objects.values().get(user=user)
    body = assert_error(api.put("/api/reminders", {**GOOD, **change}), 422)
    assert body["field"] == field
    assert Reminder.objects.values().get(user=user) == before


def test_bad_time_is_explained_with_an_example(make_user, app_api):
    body = assert_error(app_api(make_user()).put("/api/reminders", {**GOOD, "local_time": "25:00"}), 422)
    assert "20:00" in body["detail"]


@pytest.mark.parametrize("missing", list(GOOD))
def test_put_needs_every_field(make_user, app_api, missing):
    body = {k: v for k, v in GOOD.items() if k != missing}
    assert_error(app_api(make_user()).put("/api/reminders", body), 422)
