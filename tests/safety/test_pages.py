"""Safety on every page: "Get help now" one tap away and a quick-exit control; /exit/ leaves at once;
/help/ shows the lines for the person's country, falling back to the default."""

from __future__ import annotations

import html

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from closeknit.couples import services as couples

EXIT = 'id="quick-exit"'


def assert_safety_controls(response, quick_exit_url: str | None = "/away/") -> None:
    page = response.content.decode()
    assert 'id="get-help"' in page and 'href="/help/"' in page and "Get help now" in page
    assert EXIT in page and 'href="/exit/"' in page
    assert f'data-quick-exit="{quick_exit_url}"' in page if quick_exit_url else "data-quick-exit=" in page


@pytest.fixture
def invitation(make_user):
    owner = make_user()
    couple = couples.create_space(user=owner)
    return couples.create_invitation(user=owner, couple_id=couple.pk)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/help/",
        "/help/?country=GB",
        "/help/safety-plan/",
        "/help/safety-plan/?country=GB",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
        "/join/not-a-token/",
        "JOIN",
    ],
)
def test_public_pages_carry_help_and_exit(client, invitation, path):
    if path == "JOIN":
        path = f"/join/{invitation.token}/"
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_safety_controls(response)


@pytest.mark.parametrize(
    ("path", "method", "data"),
    [
        ("/", "get", None),
        ("/checkin/", "get", None),
        ("/checkin/", "post", {"stress": "11"}),  # an error page too
        ("/history/", "get", None),
        ("/space/", "get", None),
        ("/space/join/", "post", {"code": "nope"}),
        ("/settings/", "get", None),
        ("/settings/profile/", "get", None),
        ("/settings/reminders/", "get", None),
        ("/help/", "get", None),
        ("/no-such-page/", "get", None),
    ],
)
def test_signed_in_pages_carry_help_and_exit(client, couple, path, method, data):
    client.force_login(couple.a)
    response = getattr(client, method)(path, data or {})
    assert response.status_code < 500
    assert_safety_controls(response)


def test_the_exit_target_follows_settings(client, settings):
    settings.QUICK_EXIT_URL = "https://weather.example/today"
    assert_safety_controls(client.get("/"), quick_exit_url="https://weather.example/today")
    response = client.get("/exit/")
    assert response.status_code == 302 and response["Location"] == "https://weather.example/today"


@pytest.mark.parametrize("logged_in", [False, True])
def test_exit_leaves_at_once_and_is_not_cached(client, couple, settings, logged_in):
    if logged_in:
        client.force_login(couple.a)
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert "no-store" in response["Cache-Control"]
    assert response.content == b""


def test_the_away_page_is_neutral(client):
    response = client.get("/away/")
    assert response.status_code == 200
    page = response.content.decode().lower()
    for word in ("closeknit", "partner", "couple", "check-in", "crisis", "help", "exit"):
        assert word not in page, word


@pytest.mark.parametrize("logged_in", [False, True])
def test_help_for_the_uk(client, couple, logged_in):
    if logged_in:
        client.force_login(couple.a)
    page = html.unescape(client.get("/help/?country=GB").content.decode())
    assert "United Kingdom" in page
    assert "Samaritans" in page and "Call 116 123" in page and 'href="tel:116123"' in page
    assert "Call 0808 2000 247" in page and 'href="tel:999"' in page
    assert "988" not in page


@pytest.mark.parametrize("query", ["?country=ZZ", "?country=", "?country=%3Cscript%3E", ""])
def test_an_unknown_country_falls_back_to_the_default(client, query):
    response = client.get("/help/" + query)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "United States" in page
    assert "Call 988" in page and "Text 988" in page
    assert "Call 1-800-799-7233" in page and 'href="tel:18007997233"' in page
    assert "TTY 1-800-787-3224" in page
    assert "Text START to 88788" in page and 'href="sms:88788?body=START"' in page
    assert "<script>" not in response.content.decode()


def test_the_default_country_is_a_setting(client, settings):
    settings.DEFAULT_COUNTRY = "CA"
    page = client.get("/help/?country=ZZ").content.decode()
    assert "Canada" in page and "9-8-8" in page


def test_a_signed_in_person_gets_their_own_countrys_lines(make_user):
    person = make_user(country="GB")
    client = Client()
    client.force_login(person)
    page = client.get("/help/").content.decode()
    assert "Samaritans" in page and "United Kingdom" in page
    assert "Australia" in client.get("/help/?country=AU").content.decode()


def test_even_the_error_page_carries_help_and_exit(rf: RequestFactory):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert_safety_controls(response, quick_exit_url=None)
