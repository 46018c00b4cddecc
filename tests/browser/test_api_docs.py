"""The API's docs page works under the site's strict CSP: Swagger UI loads from local static files,
renders the schema, and the browser reports no blocked script, style or fetch."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_the_csp(new_phone):
    page = new_phone()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto("/api/docs")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").filter(has_text="closeknit API").wait_for(
        timeout=30_000
    )  # a big schema, a busy box
    page.locator(".opblock").first.wait_for()  # the operations came from /api/openapi.json
    assert blocked == []
