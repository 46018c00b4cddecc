"""Both ways in: an app's allauth headless token, and a browser's login session with CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.couples.models import Couple
from tests.api.conftest import Api, assert_error, headless_token
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_app_logs_in_through_headless_and_uses_the_token(make_user):
    user = make_user()
    token = headless_token(user)
    response = Client().get("/api/me", headers={"X-Session-Token": token})
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_token_requests_need_no_csrf_token(make_user):
    user = make_user()
    api = Api(Client(enforce_csrf_checks=True), headless_token(user))
    assert api.post("/api/space", {"name": "Ours"}).status_code == 201


def test_wrong_password_gives_no_token(make_user):
    user = make_user()
    response = Client().post(
        "/_allauth/app/v1/auth/login",
        data={"email": user.email, "password": "not-the-password-1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 300, "abc\x7fdefghij", "00000000000000000000000000000000"])
def test_unknown_or_malformed_token_is_401(make_user, token):
    body = assert_error(Client().get("/api/me", headers={"X-Session-Token": token}), 401, "not_authenticated")
    assert "log in" in body["detail"]


def test_logged_out_token_stops_working(make_user):
    user = make_user()
    token = headless_token(user)
    Client().delete("/_allauth/app/v1/auth/session", headers={"X-Session-Token": token})
    assert_error(Client().get("/api/me", headers={"X-Session-Token": token}), 401, "not_authenticated")


def test_deactivated_person_is_turned_away(make_user):
    user = make_user()
    token = headless_token(user)
    user.is_active = False
    user.save()
    assert_error(Client().get("/api/me", headers={"X-Session-Token": token}), 401)


def _browser_login(user) -> Client:
    """Log in as a browser does through allauth's headless browser client: cookie + CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/_allauth/browser/v1/config")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/_allauth/browser/v1/auth/login",
        data={"email": user.email, "password": PASSWORD},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.content
    return client


def test_browser_session_reads_without_csrf_and_writes_with_it(make_user):
    user = make_user()
    client = _browser_login(user)
    assert client.get("/api/me").json()["email"] == user.email

    refused = client.post("/api/space", data={"name": "Ours"}, content_type="application/json")
    assert_error(refused, 403, "csrf_failed")
    assert Couple.objects.count() == 0

    csrf = client.cookies["csrftoken"].value
    made = client.post(
        "/api/space", data={"name": "Ours"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert made.status_code == 201
    assert Couple.objects.count() == 1


def test_password_login_session_works_too(make_user):
    user = make_user()
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    assert client.get("/api/me").status_code == 200


def test_anonymous_post_hears_log_in_not_csrf(make_user):
    client = Client(enforce_csrf_checks=True)
    assert_error(client.post("/api/space", data={}, content_type="application/json"), 401, "not_authenticated")


def test_openapi_documents_both_ways_in_and_points_to_allauth(anon_api):
    doc = anon_api.get("/api/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    app = schemes["AppToken"]
    assert (app["type"], app["in"], app["name"]) == ("apiKey", "header", "X-Session-Token")
    assert schemes["BrowserSession"]["in"] == "cookie"
    assert "/_allauth/app/v1/auth/login" in doc["info"]["description"]
    assert "/_allauth/app/v1/auth/signup" in doc["info"]["description"]


def test_changes_made_with_a_token_are_audited_as_that_person(make_user):
    from auditlog.models import LogEntry

    user = make_user()
    api = Api(token=headless_token(user))
    assert api.post("/api/space", {"name": "Ours"}).status_code == 201
    entry = LogEntry.objects.filter(content_type__model="couple").latest("timestamp")
    assert entry.actor_id == user.pk
