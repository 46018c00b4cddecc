"""Safety on every page: "Get help now" one tap away and a quick-exit control; /exit/ ends the session and
leaves at once, and for a while this browser cannot walk back into our pages; no page of ours is stored;
/help/ shows the lines for the person's country, falling back to the default."""

from __future__ import annotations

import html

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from closeknit.couples import services as couples

EXIT = 'id="quick-exit"'


NEUTRAL = "https://www.google.com/search?q=weather"


def assert_safety_controls(response, quick_exit_url: str | None = NEUTRAL) -> None:
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


def test_the_default_exit_is_off_our_site():
    from django.conf import settings

    assert settings.QUICK_EXIT_URL == NEUTRAL  # the decision in docs/decisions.md


@pytest.mark.parametrize("logged_in", [False, True])
def test_exit_leaves_at_once_and_is_not_cached(client, couple, settings, logged_in):
    if logged_in:
        client.force_login(couple.a)
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert "no-store" in response["Cache-Control"]
    assert response.content == b""
    assert response.cookies["ck_exit"]["max-age"] == settings.QUICK_EXIT_HOLD


def _fresh_request_sees(client, path: str = "/checkin/"):
    """What a request with this browser's cookies gets once the exit hold is over."""
    client.cookies.pop("ck_exit", None)
    return client.get(path)


@pytest.mark.parametrize("method", ["get", "post", "head"])
def test_exit_ends_the_session_on_the_server(couple, method):
    client = Client(enforce_csrf_checks=True)
    client.force_login(couple.a)
    old = client.cookies["sessionid"].value
    assert client.get("/checkin/").status_code == 200
    response = getattr(client, method)("/exit/")
    assert response.status_code == (204 if method == "post" else 302)
    # The old session cookie, replayed by anyone, opens nothing.
    replay = Client()
    replay.cookies["sessionid"] = old
    assert replay.get("/checkin/")["Location"].startswith("/accounts/login/")
    assert _fresh_request_sees(client)["Location"].startswith("/accounts/login/")


def test_the_background_exit_needs_no_token_and_clears_what_the_browser_kept(couple):
    """The page's script posts without a CSRF token: exiting must never be refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(couple.a)
    response = client.post("/exit/", data="", content_type="text/plain")
    assert response.status_code == 204
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert response.cookies["sessionid"].value == ""  # the browser is told to drop it too


def test_exit_works_twice_and_when_nobody_is_signed_in(client):
    assert client.post("/exit/").status_code == 204
    assert client.get("/exit/").status_code == 302
    assert client.post("/exit/").status_code == 204


@pytest.mark.parametrize("path", ["/", "/help/", "/practices/", "/accounts/login/", "/checkin/", "/admin/"])
def test_after_an_exit_our_pages_send_this_browser_to_the_neutral_page(client, couple, settings, path):
    client.force_login(couple.a)
    client.get("/exit/")
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert "no-store" in response["Cache-Control"] and response.content == b""


def test_the_page_marks_the_exit_itself_with_the_hold_it_is_told(client, couple, settings):
    """static/js/app.js sets the exit cookie from this attribute before its sign-out is answered."""
    settings.QUICK_EXIT_HOLD = 321
    client.force_login(couple.a)
    assert 'data-quick-exit-hold="321"' in client.get("/practices/").content.decode()


def test_a_browser_that_left_but_kept_its_session_is_signed_out_on_its_next_request(client, couple, settings):
    """The exit mark arrived without the sign-out (set by the page while offline, or Back beat the
    background request): the next page asked for ends the session on the server, not just hides it."""
    client.force_login(couple.a)
    old = client.cookies["sessionid"].value
    client.cookies["ck_exit"] = "1"
    response = client.get("/practices/")
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert response.cookies["sessionid"].value == ""
    replay = Client()
    replay.cookies["sessionid"] = old
    assert replay.get("/practices/")["Location"].startswith("/accounts/login/")


def test_the_hold_spares_files_and_the_app_api(client, couple):
    client.get("/exit/")
    assert client.get("/static/js/app.js").status_code == 200
    assert client.get("/api/feelings").status_code == 200


def test_the_hold_can_be_turned_off(client, couple, settings):
    settings.QUICK_EXIT_HOLD = 0
    client.force_login(couple.a)
    response = client.get("/exit/")
    assert "ck_exit" not in response.cookies
    assert client.get("/checkin/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/no-such-page/"])
def test_no_page_of_ours_is_kept_for_back(client, couple, logged_in, path):
    """no-store keeps pages out of the back/forward cache, where no server check could reach them."""
    if logged_in:
        client.force_login(couple.a)
    response = client.get(path)
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"], path


def test_help_says_how_to_clear_history_in_our_words(client):
    page = html.unescape(client.get("/help/").content.decode())
    assert 'id="clear-history"' in page
    for words in ("On a phone", "On a computer", "private window", "Incognito", "Ctrl"):
        assert words in page, words


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
