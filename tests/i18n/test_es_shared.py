"""The shared pieces speak the reader's language: the checks every typed text passes, the JSON API's
refusals, the offline check-in's words, charts, booking refusals, the online link's note, the manifest,
and allauth's sentences on sign-up and login in our "tú"."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from closeknit.clinic import scheduling
from closeknit.clinic.selectors.online import Join
from closeknit.core import charts
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable


def test_storable_builds_the_whole_sentence_in_spanish():
    with translation.override("es"):
        label = pgettext("field label", "the space's name")
        with pytest.raises(ServiceError) as too_long:
            storable("x" * 81, field="name", label=label, max_length=80, single_line=True)
        with pytest.raises(ServiceError) as nul:
            storable("a\x00b", field="name", label=label, max_length=80, single_line=True)
        with pytest.raises(ServiceError) as turned:
            storable("a\u202eb", field="name", label=label, max_length=80, single_line=True)
    assert too_long.value.message == "Usa menos de 80 caracteres en el nombre del espacio."
    assert nul.value.message == "El nombre del espacio tiene un carácter que no podemos guardar."
    assert turned.value.message.startswith("El nombre del espacio tiene un carácter oculto")
    with translation.override("en"), pytest.raises(ServiceError) as english:  # the English as it always was
        storable("x" * 81, field="name", label=pgettext("field label", "the space's name"), max_length=80)
    assert english.value.message == "Please keep the space's name under 80 characters."


def test_not_found_says_it_in_the_language_active_when_raised():
    with translation.override("es"):
        assert NotFound().message == "No pudimos encontrar eso."
    with translation.override("en"):
        assert NotFound().message == "We could not find that."


@pytest.mark.django_db
def test_the_api_refuses_in_the_language_the_request_asks_for(make_user):
    anon = Client(HTTP_ACCEPT_LANGUAGE="es")
    body = anon.get("/api/me").json()
    assert body["code"] == "not_authenticated" and body["detail"].startswith("Primero inicia sesión.")

    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(make_user(language="es"))
    r = client.patch("/api/me", json.dumps({"display_name": 7}), content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == "Tu nombre debe ser texto.", r.json()
    r = client.patch("/api/me", json.dumps({"display_name": "a\x00b"}), content_type="application/json")
    assert r.json()["detail"] == "Eso tiene un carácter que no podemos guardar.", r.json()
    r = client.patch("/api/me", json.dumps({"pronouns": "x" * 41}), content_type="application/json")
    assert "caracteres" in r.json()["detail"] and "characters" not in r.json()["detail"], r.json()


@pytest.mark.django_db
def test_the_offline_check_in_words_reach_the_script_in_spanish(make_user):
    client = Client()
    client.force_login(make_user(language="es"))
    html = client.get("/").content.decode()
    tag = re.search(r'<script src="[^"]*outbox[^"]*js"[^>]*>', html, re.S)
    assert tag, "outbox.js is on the page"
    words = dict(re.findall(r'data-say-([a-z-]+)="([^"]*)"', tag.group(0)))
    assert words["open-checkin"] == "Abrir tu check-in"
    assert words["your-partner"] == "tu pareja"
    assert "{partner}" in words["coach-held"] and "la guía" in words["coach-held"]
    assert "{problem}" in words["refill-review"]
    assert 'data-say-copied="Copiado"' in html


def test_a_chart_reads_its_dates_in_spanish():
    with translation.override("es"):
        svg = charts.closeness_chart(
            title="t", dates=[dt.date(2026, 12, 5), dt.date(2026, 12, 6)], mine=[3, 4], partner=[5, 6],
            me_label="Tú", partner_label=None,
        )  # fmt: skip
    assert "5 dic" in svg and "6 dic" in svg and "Dec" not in svg


def test_a_slot_refusal_is_in_spanish():
    rules = scheduling.Rules(
        timezone="UTC", slot_minutes=50, consult_minutes=15, min_notice_hours=24, max_days_ahead=60
    )
    now = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
    with translation.override("es"):
        past = scheduling.is_open(now - dt.timedelta(hours=1), rules=rules, weekly=[], exceptions={}, now=now)
        soon = scheduling.is_open(now + dt.timedelta(hours=2), rules=rules, weekly=[], exceptions={}, now=now)
        far = scheduling.is_open(now + dt.timedelta(days=90), rules=rules, weekly=[], exceptions={}, now=now)
    assert past == "Esa hora ya pasó. Elige otra."
    assert soon == "Elige una hora con al menos 24 horas de anticipación."
    assert far == "Elige una hora dentro de los próximos 60 días."


def test_the_online_links_note_is_read_in_the_viewers_language():
    join = Join("early", "", dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
    with translation.override("es"):
        assert join.message == "El enlace aparece 15 minutos antes."
    with translation.override("en"):
        assert join.message == "The link appears 15 minutes before."


@pytest.mark.django_db
def test_the_manifest_takes_its_language_from_its_address_only(make_user):
    english = Client(HTTP_ACCEPT_LANGUAGE="es").get("/manifest.webmanifest").json()
    assert english["lang"] == "en" and english["description"].startswith("Small daily steps")
    spanish = Client().get("/manifest.webmanifest?lang=es").json()
    assert spanish["lang"] == "es" and "parejas" in spanish["description"]
    assert Client().get("/manifest.webmanifest?lang=xx").json()["lang"] == "en"
    client = Client()
    client.force_login(make_user(language="es"))
    assert 'rel="manifest" href="/manifest.webmanifest?lang=es"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_allauths_sentences_on_our_pages_say_tu(make_user):
    make_user(email="rosa@example.test", language="es")
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    html = client.post(reverse("account_login"), {"login": "rosa@example.test", "password": "nope"}).content.decode()
    assert "El correo o la contraseña que escribiste no son correctos." in html
    html = client.post(
        reverse("account_signup"),
        {"email": "nope", "display_name": "Rosa", "password1": "a long unrelated pass", "password2": "another one"},
    ).content.decode()
    assert "Escribe una dirección de correo válida." in html and "Introduzca" not in html
    assert "Escribe la misma contraseña las dos veces." in html
