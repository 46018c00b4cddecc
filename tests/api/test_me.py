"""GET/PATCH /api/me: a person's own profile; a bad value changes nothing at all."""

from __future__ import annotations

import pytest

from closeknit.accounts.models import User
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

PROFILE_KEYS = {"id", "email", "name", "display_name", "pronouns", "timezone", "language", "country"}


def _snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.email, user.display_name, user.pronouns, user.timezone, user.language, user.country)


def test_get_me(make_user, app_api):
    user = make_user(display_name="Sam", pronouns="they/them", timezone="Europe/Paris")
    body = app_api(user).get("/api/me").json()
    assert set(body) == PROFILE_KEYS
    assert body["name"] == "Sam" and body["pronouns"] == "they/them" and body["timezone"] == "Europe/Paris"


def test_patch_changes_only_what_is_sent(make_user, app_api):
    user = make_user(display_name="Sam", pronouns="she/her")
    response = app_api(user).patch(
        "/api/me", {"display_name": "  Samira ", "timezone": "America/Toronto", "country": "ca"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Samira"
    assert body["timezone"] == "America/Toronto"
    assert body["country"] == "CA"
    assert body["pronouns"] == "she/her"
    user.refresh_from_db()
    assert (user.display_name, user.timezone, user.country, user.pronouns) == (
        "Samira",
        "America/Toronto",
        "CA",
        "she/her",
    )


def test_empty_display_name_falls_back_to_email(make_user, app_api):
    user = make_user(email="river@example.test", display_name="River")
    body = app_api(user).patch("/api/me", {"display_name": ""}).json()
    assert body["name"] == "river"


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"timezone": "Mars/Olympus"}, 400, "timezone"),
        ({"language": "xx"}, 400, "language"),
        ({"country": "ZZ"}, 400, "country"),
        ({"display_name": "x" * 61}, 422, "display_name"),
        ({"pronouns": "p" * 41}, 422, "pronouns"),
        ({"display_name": 42}, 422, "display_name"),
        ({"display_name": None}, 422, "display_name"),
        ({"display_name": "ok\x00no"}, 422, "display_name"),
        ({"email": "new@example.test"}, 422, "email"),
        ({"is_staff": True}, 422, "is_staff"),
        # One good field with one bad one: nothing is saved.
        ({"display_name": "Fine", "timezone": "Nowhere/Else"}, 400, "timezone"),
    ],
)
def test_bad_profile_changes_are_refused_and_change_nothing(make_user, app_api, changes, status, field):
    user = make_user(display_name="Sam")
    before = _snapshot(user)
    body = assert_error(app_api(user).patch("/api/me", changes), status)
    assert body["field"] == field
    assert _snapshot(user) == before
    assert User.objects.get(pk=user.pk).is_staff is False


def test_body_that_is_not_an_object_is_422(make_user, app_api):
    user = make_user()
    body = assert_error(app_api(user).patch("/api/me", ["display_name"]), 422)
    assert "JSON object" in body["detail"]


def test_unreadable_json_is_400(make_user, app_api):
    user = make_user()
    api = app_api(user)
    response = api.client.patch(
        "/api/me", data="{not json", content_type="application/json", headers={"X-Session-Token": api.token}
    )
    assert_error(response, 400, "unreadable")
