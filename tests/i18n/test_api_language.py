"""The JSON API answers in the person's own language when an app calls with their token, whatever the
app's Accept-Language says; without a token, Accept-Language decides."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import headless_token

pytestmark = pytest.mark.django_db


def test_a_token_for_a_spanish_speaker_gets_spanish(make_user):
    token = headless_token(make_user(language="es"))
    answer = Client().get("/api/me", headers={"X-Session-Token": token, "Accept-Language": "en-US"})
    assert answer.status_code == 200 and answer["Content-Language"] == "es"


def test_a_token_for_an_english_speaker_gets_english_even_from_a_spanish_phone(make_user):
    token = headless_token(make_user(language="en"))
    answer = Client().get("/api/me", headers={"X-Session-Token": token, "Accept-Language": "es-MX"})
    assert answer["Content-Language"] == "en"


def test_without_a_token_the_apps_language_decides(make_user):
    answer = Client().get("/api/me", headers={"Accept-Language": "es-MX"})
    assert answer.status_code == 401 and answer["Content-Language"] == "es"
