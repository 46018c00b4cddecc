"""Which language a page speaks: a visitor's choice or browser, then a signed-in person's own setting,
never leaking from one request to the next."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SPANISH = "Pedir ayuda"
ENGLISH = "Get help now"


def test_a_visitor_whose_browser_asks_for_spanish_gets_spanish(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5").content.decode()
    assert SPANISH in page and '<html lang="es">' in page


def test_a_visitor_chooses_spanish_and_keeps_it(client):
    assert ENGLISH in client.get("/accounts/login/").content.decode()
    answer = client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/"
    assert SPANISH in client.get("/accounts/login/").content.decode()


def test_a_language_we_do_not_have_falls_back_to_english(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    assert ENGLISH in page and '<html lang="en">' in page
    assert client.post("/i18n/setlang/", {"language": "xx", "next": "/"}).status_code in (302, 400)
    assert ENGLISH in client.get("/accounts/login/").content.decode()


def test_a_signed_in_persons_own_setting_wins_over_the_browser(client, make_user):
    client.force_login(make_user(language="en"))
    assert ENGLISH in client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_a_person_who_chose_spanish_reads_spanish_on_any_browser(client, make_user):
    client.force_login(make_user(language="es"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert SPANISH in page and '<html lang="es">' in page


def test_one_persons_language_does_not_leak_into_the_next_request(client, make_user):
    spanish = make_user(language="es")
    client.force_login(spanish)
    assert SPANISH in client.get("/").content.decode()
    client.logout()
    assert ENGLISH in client.get("/accounts/login/").content.decode()
