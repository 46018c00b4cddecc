"""The app team's path, end to end: generate a Python client from the live /api/openapi.json with
openapi-python-client (warnings are failures), import it, and drive it against the real app as a
partner logged in through allauth headless."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import cookieless_client, headless_token
from tests.api.test_schemathesis import in_process_wsgi  # noqa: F401  (a fixture)

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "closeknit_generated_client"


@pytest.fixture
def generated(tmp_path, db, monkeypatch):
    document = tmp_path / "openapi.json"
    document.write_bytes(cookieless_client().get("/api/openapi.json").content)
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: we only import it
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE)


@pytest.fixture
def tokens(couple) -> tuple[str, str]:
    """Logged in before the WSGI fixture: Django's test client reconnects the signals it unhooks."""
    return headless_token(couple.a), headless_token(couple.b)


@pytest.mark.slow
def test_a_generated_client_works_as_two_partners(generated, couple, tokens, in_process_wsgi):  # noqa: F811
    me_get = importlib.import_module(f"{PACKAGE}.api.me.me_get_me")
    decks_get = importlib.import_module(f"{PACKAGE}.api.decks.decks_get_deck")
    place = importlib.import_module(f"{PACKAGE}.api.practices.practices_place_map")
    read = importlib.import_module(f"{PACKAGE}.api.practices.practices_get_map")
    models = importlib.import_module(f"{PACKAGE}.models")

    def client_for(token: str):
        return generated.AuthenticatedClient(
            base_url="http://testserver",
            token=token,
            auth_header_name="X-Session-Token",
            prefix="",
            httpx_args={"transport": httpx.WSGITransport(app=in_process_wsgi)},
        )

    a, b = client_for(tokens[0]), client_for(tokens[1])
    profile = me_get.sync(client=a)
    assert isinstance(profile, models.Profile) and profile.email == couple.a.email

    needs = decks_get.sync("needs", client=a)
    need = needs.sets[0].items[0]
    body = models.EmotionalMapIn(surface=[models.Feeling("calm")], needs=[need.id])
    placed = place.sync(client=a, body=body)
    assert isinstance(placed, models.MapPlacedOut) and placed.mine.need_ids == [need.id]
    assert place.sync(client=b, body=models.EmotionalMapIn(surface=[models.Feeling("tired")], needs=[need.id]))
    seen = read.sync(client=a)
    assert seen.partner_state == models.PartnerState.VISIBLE and seen.partner.surface_slugs == ["tired"]

    # A refusal is typed too: the generated Error model, not a bare dict.
    refused = decks_get.sync_detailed("no-such-deck", client=a)
    assert refused.status_code == 404 and isinstance(refused.parsed, models.Error)
    assert refused.parsed.code == "not_found"
