"""GET /api/crisis-resources: public, by country, never a dead end."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def test_public_and_defaults_to_the_site_country(anon_api):
    response = anon_api.get("/api/crisis-resources")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == settings.DEFAULT_COUNTRY
    assert body["emergency"] and body["resources"]
    for resource in body["resources"]:
        assert resource["phone"] or resource["text"]
        assert resource["kind"] in {"crisis", "violence", "emergency"}


@pytest.mark.parametrize("code", ["FR", "fr", "Gb"])
def test_by_country(anon_api, code):
    assert anon_api.get("/api/crisis-resources", country=code).json()["code"] == code.upper()


def test_a_country_without_a_list_gets_the_default_one(anon_api):
    assert anon_api.get("/api/crisis-resources", country="BR").json()["code"] == settings.DEFAULT_COUNTRY


def test_logged_in_person_gets_their_own_country(make_user, browser_api):
    assert browser_api(make_user(country="IE")).get("/api/crisis-resources").json()["code"] == "IE"


@pytest.mark.parametrize("code", ["USA", "1", "U", "U$"])
def test_malformed_country_is_422(anon_api, code):
    body = assert_error(anon_api.get("/api/crisis-resources", country=code), 422)
    assert "two letters" in body["detail"]
