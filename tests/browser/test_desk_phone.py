"""The desk on a 390 px screen: the caseload, the access log and the intensive template editor fit the
width (no sideways scroll), and the caseload's rows read as cards with every column's label."""

from __future__ import annotations

import os

from closeknit.clinic.services import care
from closeknit.clinic.services import intensive_templates as templates
from tests.browser.conftest import PHONE
from tests.browser.helpers import log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)
from tests.clinic.intensive_helpers import joined_episode

SHOTS = os.environ.get("SHOTS_DIR", "")


def _fits(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-390.png"), full_page=True)
    assert width <= PHONE["width"], (name, width)


def test_the_desk_fits_a_phone(browser, live_server, clinic, make_couple):  # noqa: F811
    for _ in range(2):
        couple = make_couple()
        episode = joined_episode(clinic, couple)
        for p in (couple.a, couple.b):
            care.set_consent(user=p, episode_id=episode.pk, category="scores", granted=True)
    template = templates.ensure_templates(user=clinic.rivera.user, practice_id=clinic.practice.pk)[0]
    ctx = browser.new_context(viewport=PHONE, base_url=live_server.url)
    try:
        page = ctx.new_page()
        log_in(page, clinic.rivera.user)
        page.goto("/clinic/")
        page.wait_for_selector("#caseload-table")
        _fits(page, "caseload")
        overdue = page.locator("#caseload-table td.cl-overdue").first
        box = overdue.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        label = overdue.evaluate("td => getComputedStyle(td, '::before').content")
        assert "Overdue measures" in label  # each value under its column's name
        page.goto(f"/clinic/intensives/templates/{template.pk}/")
        page.wait_for_selector("#template-details")
        _fits(page, "template-editor")
    finally:
        ctx.close()
    owner = browser.new_context(viewport=PHONE, base_url=live_server.url)  # the practice's owner reviews reads
    try:
        page = owner.new_page()
        log_in(page, clinic.owner)
        page.goto("/clinic/access-log/")
        page.wait_for_selector("#access-log-table")
        assert page.locator("#access-log-table tbody tr").count() >= 4  # the caseload's reads, one per partner
        _fits(page, "access-log")
    finally:
        owner.close()
