"""/help/ and the safety plan show the lines for where the person is: an explicit ?country= first, then a
signed-in person's own country setting, then the country of the browser's time zone (the ck_tz cookie
that static/js/visitor-zone.js sets), then the default. A person whose language is Spanish reads our
Spanish about each line."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from closeknit.clinic.visitor import COOKIE
from closeknit.safety import resources


def page(client: Client, path: str = "/help/", zone: str | None = None) -> str:
    if zone:
        client.cookies[COOKIE] = zone
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_zone_table_knows_the_spanish_speaking_countries():
    assert resources.country_for_zone("America/Mexico_City") == "MX"
    assert resources.country_for_zone("Europe/Madrid") == "ES"
    assert resources.country_for_zone("America/Bogota") == "CO"
    assert resources.country_for_zone("America/Santiago") == "CL"
    assert resources.country_for_zone("America/Argentina/Buenos_Aires") == "AR"
    assert resources.country_for_zone("Mars/Olympus") is None
    assert resources.country_for_zone("") is None


@pytest.mark.django_db
def test_a_visitor_in_madrid_sees_spains_lines():
    text = page(Client(), zone="Europe/Madrid")
    assert "Lines you can reach in Spain" in text and 'href="tel:024"' in text and 'href="tel:112"' in text


@pytest.mark.django_db
def test_a_visitor_in_mexico_sees_the_line_de_la_vida_and_911():
    text = page(Client(), zone="America/Mexico_City")
    assert "Lines you can reach in Mexico" in text
    assert 'href="tel:8009112000"' in text and 'href="tel:911"' in text


@pytest.mark.django_db
def test_a_visitor_in_a_zone_we_do_not_list_is_told_so_first():
    """Argentina is not in the file yet (no stored page of the service stated its number): the page says
    we have no checked lines there and to call the local emergency number, before any other country's."""
    assert "AR" not in resources.countries()
    text = page(Client(), zone="America/Argentina/Buenos_Aires")
    assert 'id="unlisted-country"' in text and "call your local emergency number now" in text
    assert text.index("unlisted-country") < text.index("Lines you can reach in")
    listed = page(Client(), zone="Europe/Madrid")
    assert 'id="unlisted-country"' not in listed


def test_a_signed_in_person_whose_country_we_do_not_list_is_told_so(make_user):
    client = Client()
    client.force_login(make_user(country="AR"))
    assert 'id="unlisted-country"' in page(client)
    assert 'id="unlisted-country"' not in page(client, "/help/?country=GB")


@pytest.mark.django_db
def test_an_explicit_country_wins_over_the_zone():
    text = page(Client(), "/help/?country=GB", zone="Europe/Madrid")
    assert "Lines you can reach in United Kingdom" in text and "tel:024" not in text


@pytest.mark.django_db
def test_a_bad_zone_cookie_is_ignored():
    text = page(Client(), zone="../../etc/passwd")
    default = resources.countries()[settings.DEFAULT_COUNTRY]
    assert f"Lines you can reach in {default.name}" in text


@pytest.mark.django_db
def test_a_signed_in_persons_country_wins_over_the_zone(client, make_user):
    user = make_user(country="GB")
    client.force_login(user)
    text = page(client, zone="Europe/Madrid")
    assert "Lines you can reach in United Kingdom" in text
    text = page(client, "/help/?country=ES")
    assert "Lines you can reach in Spain" in text


@pytest.mark.django_db
def test_the_safety_plan_follows_the_zone_too():
    text = page(Client(), "/help/safety-plan/", zone="Europe/Madrid")
    assert 'href="tel:016"' in text


@pytest.mark.django_db
def test_spanish_about_lines_for_a_person_whose_language_is_spanish(client, make_user):
    us = resources.countries()["US"]
    lifeline = us.resources[0]
    client.force_login(make_user(country="US", language="es"))
    text = page(client)
    assert f'<span lang="es">{lifeline.about_es}</span>' in text
    assert lifeline.about not in text
    client.force_login(make_user(country="US", language="en"))
    text = page(client)
    assert lifeline.about in text and lifeline.about_es not in text


@pytest.mark.django_db
def test_a_spanish_speaking_visitor_in_mexico_reads_the_lines_in_spanish():
    client = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    text = page(client, zone="America/Mexico_City")
    assert "Línea de la Vida" in text and 'lang="es"' in text
    assert "Secretaría de Salud si piensas en el suicidio" in text


def test_a_spanish_page_names_the_country_in_spanish(client, make_user):
    """The heading, the emergency sentence and the country list all say "Reino Unido", never "United Kingdom"
    in the middle of a Spanish sentence; the same person in English reads the English name."""
    client.force_login(make_user(country="GB", language="es"))
    text = page(client)
    assert "Reino Unido" in text and "United Kingdom" not in text
    assert '<option value="MX" >México</option>' in text.replace("selected", "")
    assert "Reino Unido" in page(client, "/help/safety-plan/")
    api = client.get("/api/crisis-resources").json()
    assert api["name"] == "Reino Unido" and api["resources"][0]["about"].startswith("Una llamada gratuita")
    client.force_login(make_user(country="GB", language="en"))
    assert "United Kingdom" in page(client) and "Reino Unido" not in page(client)
    assert client.get("/api/crisis-resources").json()["name"] == "United Kingdom"


@pytest.mark.django_db
def test_the_pages_say_which_zone_chose_the_country():
    """data-shown-zone is the zone the server went by ("" before the cookie exists), so visitor-zone.js
    reloads a first visit once onto the browser's own country; none when the zone played no part."""
    assert 'data-shown-zone=""' in page(Client())
    assert 'data-shown-zone="America/Mexico_City"' in page(Client(), zone="America/Mexico_City")
    assert 'data-shown-zone="Europe/Madrid"' in page(Client(), "/help/safety-plan/", zone="Europe/Madrid")
    assert "data-shown-zone" not in page(Client(), "/help/?country=ES", zone="America/Mexico_City")


@pytest.mark.django_db
def test_a_signed_in_persons_page_has_no_zone_to_reload_for(client, make_user):
    client.force_login(make_user(country="US"))
    assert "data-shown-zone" not in page(client, zone="America/Mexico_City")
