"""The manifest, the service worker and the offline page over real HTTP (Django's test client), and the
icons drawn by `manage.py draw_icons`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from closeknit.webapp.management.commands.draw_icons import ICONS, PAGE, draw
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
IMG = Path(settings.BASE_DIR) / "static" / "img"


def app_css_colour(name: str) -> str:
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    return re.search(rf"--{name}:\s*(#[0-9a-f]{{6}})", css).group(1)  # the first (light) value


def test_manifest_names_the_app_and_its_icons():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["name"] == body["short_name"] == "closeknit"
    assert body["display"] == "standalone"
    assert body["start_url"].startswith("/") and body["scope"] == "/"
    assert body["background_color"] == body["theme_color"] == app_css_colour("bg")
    icons = {(i["sizes"], i["purpose"]): i["src"] for i in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for (sizes, _), src in icons.items():
        if sizes == "any":
            continue
        path = IMG / src.removeprefix("/static/img/")
        with Image.open(path) as img:
            assert f"{img.width}x{img.height}" == sizes


def test_every_page_links_the_manifest_and_the_worker(make_user):
    client = Client()
    anonymous = client.get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in anonymous
    assert 'data-worker="/sw.js"' in anonymous and 'data-person=""' in anonymous
    person = make_user()
    client.login(email=person.email, password=PASSWORD)
    assert f'data-person="{person.pk}"' in client.get("/").content.decode()


def test_worker_is_served_from_the_root_and_never_from_a_cache():
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "__VERSION__" not in body
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", body).group(1))
    # Only the public offline page and static files are ever put in the worker's cache.
    assert shell[0] == "/offline/"
    assert all(url.startswith("/static/") for url in shell[1:])
    assert body.count("cache.put(") == 1  # the install step, over SHELL only
    assert re.search(r'importScripts\("/static/js/push-sw[^"]*\.js"\)', body)  # push notes join the one worker
    assert Client().post("/sw.js").status_code == 405


def test_offline_page_names_no_one_even_when_asked_by_a_signed_in_person(couple):
    client = Client()
    client.login(email=couple.a.email, password=PASSWORD)
    assert couple.a.name in client.get("/").content.decode()  # the menu names the person elsewhere
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-offline-page" in page
    assert couple.a.name not in page and couple.b.name not in page
    assert 'data-person=""' in page
    assert "X-CSRFToken&quot;: &quot;&quot;" in page or '"X-CSRFToken": ""' in page
    assert "no-store" in response["Cache-Control"]


def test_icons_in_static_are_what_draw_icons_draws():
    for name, (size, maskable) in ICONS.items():
        with Image.open(IMG / name) as kept:
            fresh = draw(size, maskable=maskable)
            assert kept.size == fresh.size == (size, size)
            diff = sum(abs(a - b) for a, b in zip(kept.convert("RGBA").tobytes(), fresh.tobytes(), strict=True))
            assert diff / (size * size * 4) < 1.0, name  # the same picture, give or take rounding


def test_maskable_icon_keeps_the_mark_inside_the_safe_circle():
    """Launchers may crop a maskable icon to a circle of 80% width: outside it there is only page colour."""
    img = draw(512, maskable=True)
    centre, safe = 256, 0.4 * 512
    for y in range(0, 512, 4):
        for x in range(0, 512, 4):
            if (x - centre) ** 2 + (y - centre) ** 2 > safe**2:
                assert img.getpixel((x, y)) == PAGE, (x, y)
