"""Every single-phone guided flow, walked through at phone width: each step fits the screen (no
sideways scrolling), keeps "Get help now" and the quick exit in reach, and ends in the log. Then
closeness questions on two phones: a written answer opens only after answering too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from closeknit.practices.library import library
from tests.browser.test_practices_talk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def _safe(page) -> None:
    # A step may still be loading after the click that led to it: wait for the page, then for the two links.
    page.wait_for_load_state()
    expect(page.locator("#get-help")).to_be_visible()
    expect(page.locator("#quick-exit")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS), page.url


def test_every_guided_flow_at_phone_width(new_phone, make_couple):
    pair = make_couple()
    page = new_phone()
    log_in(page, pair.a)
    practices = sorted(library().practices.values(), key=lambda p: p.slug)
    for n, practice in enumerate(practices, start=1):
        page.goto(f"/practices/{practice.slug}/")
        _safe(page)
        page.click("#start-practice")
        for _ in practice.steps:
            _safe(page)
            page.click("#step-next")
        _safe(page)
        page.fill("#reflection", f"Reflection {n}")
        page.click("#finish")
        page.wait_for_url("**/practices/")
        assert page.inner_text("#week-count") == str(n)
    page.goto("/practices/log/")
    assert page.locator("a.pr-entry").count() == len(practices)


def test_closeness_question_answer_then_reveal(new_phone, make_couple):
    pair = make_couple()
    a, b = new_phone(), new_phone()
    log_in(a, pair.a)
    log_in(b, pair.b)
    a.goto("/practices/questions-for-closeness/")
    a.click("#open-questions")
    a.click("#q-curious-01")
    a.fill("#text", "Your voice message this morning.")
    a.click("#save-answer")
    assert "hasn't answered" in a.inner_text("#partner-answer")

    b.goto("/practices/questions/")
    assert "your turn" in b.inner_text("#q-curious-01")
    b.click("#q-curious-01")
    assert "Write yours to see it" in b.inner_text("#partner-answer")
    assert "Your voice message" not in b.content()
    b.fill("#text", "The coffee you left for me.")
    b.click("#save-answer")
    assert "Your voice message this morning." in b.inner_text("#partner-answer")
    a.reload()
    assert "The coffee you left for me." in a.inner_text("#partner-answer")
    _safe(a)
