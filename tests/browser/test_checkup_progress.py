"""On a phone, the check-up's progress bar fills as questions are answered (a slider once moved),
not by pages: the one-page weekly pulse starts empty, and our bar is drawn, not the browser's."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bar_fills_by_answers(new_phone, make_user):
    page = new_phone()
    log_in(page, make_user())
    page.goto("/checkups/weekly-pulse/take/")
    bar = page.locator("#checkup-progress")
    assert "Page 1 of 1" in page.inner_text("#checkup-where")
    assert bar.get_attribute("aria-valuenow") == "0" and page.locator("progress").count() == 0
    assert bar.locator(".stepbar-fill").evaluate("e => e.getBoundingClientRect().width") == 0
    page.locator("input[type=range]").first.fill("7")
    assert page.inner_text("#answered-words") == "1 of 4 answered" and bar.get_attribute("aria-valuenow") == "1"
    # The fill eases in over 0.2 s: wait for it to settle at a quarter of the track.
    page.wait_for_function(
        "() => { const b = document.getElementById('checkup-progress');"
        " const w = b.querySelector('.stepbar-fill').getBoundingClientRect().width;"
        " return Math.abs(w / b.clientWidth - 0.25) < 0.02; }"
    )

    page.goto("/checkups/closeness-check/take/")
    page.locator("fieldset[data-question]").nth(0).locator("label.chip").nth(2).click()
    assert page.inner_text("#answered-words") == "1 of 15 answered"
