"""A first visit to /help/ from a phone set to Mexico City: the server has no zone cookie yet and shows the
default country; static/js/visitor-zone.js sets the cookie and, the page saying it used no zone
(data-shown-zone=""), reloads once, so the visit ends on Mexico's lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("path", "box"), [("/help/", "#help-lines"), ("/help/safety-plan/", "#plan-lines")])
def test_a_first_visit_from_mexico_ends_on_mexicos_lines(browser, live_server, path, box):
    ctx = browser.new_context(viewport=PHONE, base_url=live_server.url, timezone_id="America/Mexico_City")
    try:
        page = ctx.new_page()
        page.goto(path)
        expect(page.locator(f"{box}[data-shown-zone='America/Mexico_City']")).to_be_attached()
        expect(page.locator(box)).to_contain_text("Mexico")
        if path == "/help/":
            expect(page.locator('a[href="tel:8009112000"]')).to_be_visible()  # Línea de la Vida
    finally:
        ctx.close()
