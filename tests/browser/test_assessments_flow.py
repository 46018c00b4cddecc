"""Both partners, on phones, take the closeness check and the distance drivers, then see the report
and the plan. Neither sees the other's single answers, and one partner's fear-of-closeness result
never reaches the other. Set SHOTS=/some/dir to keep a screenshot of each page for a look by eye."""

from __future__ import annotations

import os

import pytest

from closeknit.assessments import definitions
from tests.browser.helpers import log_in as _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _take(page, slug: str, value_for, shot: str | None = None) -> None:
    """Answer every page of the form by tapping chips; value_for(item) -> the anchor value to pick."""
    inst = definitions.get(slug)
    page.goto(f"/checkups/{slug}/take/")
    for n in range(0, len(inst.items), 4):
        for item in inst.items[n : n + 4]:
            page.locator(f"label.chip:has(input[name={item.id}][value='{value_for(item)}'])").click()
        if shot and n == 0:
            _shot(page, shot)
        page.click("#next")
    page.wait_for_url("**/checkups/results/*/")


def test_both_take_checkups_see_report_and_plan_and_nothing_private(new_phone, make_couple):
    pair = make_couple()
    a, b = new_phone(), new_phone()
    _log_in(a, pair.a)
    _log_in(b, pair.b)
    assert a.locator("#due-checkup").is_visible()
    a.goto("/checkups/")
    _shot(a, "01-checkups")

    _take(a, "closeness-check", lambda i: 3, shot="02-form")
    _shot(a, "03-result")
    assert a.locator("#my-answers").count() == 1
    _take(a, "distance-drivers", lambda i: 4 if i.subscale == "stress_busy" else 1)
    _take(a, "fear-of-closeness", lambda i: 4)
    fear_url = a.url

    # Ben has not answered yet: Ana's scores wait for him
    b.goto("/checkups/report/")
    assert "Take it now" in b.content()
    _take(b, "closeness-check", lambda i: 1)
    _take(b, "distance-drivers", lambda i: 3 if i.subscale in ("stress_busy", "poor_listening") else 0)

    for page, other in ((a, pair.b), (b, pair.a)):
        page.goto("/checkups/report/")
        text = page.text_content("main")
        assert other.name in text and "What may be pulling you apart" in text
        assert "Stress and busy lives" in page.inner_text("#drivers li:first-child")
        assert "Fear of closeness" not in text.replace("Fear of closeness results are never part", "")
        assert "Your answers" not in text
    _shot(a, "04-report")

    # Ben opens Ana's closeness result: scores, but not one of her answers; her fear result is a 404
    a.goto("/checkups/closeness-check/")
    result_link = a.locator("a[href*='/checkups/results/']").first.get_attribute("href")
    b.goto(result_link)
    assert "What it measured" in b.content() and b.locator("#my-answers").count() == 0
    assert "Completely true" not in b.inner_text("main")
    response = b.goto(fear_url)
    assert response.status == 404
    b.goto("/progress/")
    assert "track-fear-of-closeness" not in b.content()

    a.goto("/plan/")
    a.locator("input[name=goals][value=stress_busy]").check()
    with a.expect_navigation():  # the plan posts to itself: its address alone cannot tell it arrived
        a.click("#save-goals")
    assert a.locator("#this-week .step").count() >= 4
    assert "Helps with" in a.inner_text("#this-week")
    _shot(a, "05-plan")
    b.goto("/plan/")
    assert "This week" in b.inner_text("main"), "the plan is the couple's"
    a.goto("/progress/")
    _shot(a, "06-progress")
    a.goto("/checkups/closeness-check/")
    _shot(a, "07-instrument")
