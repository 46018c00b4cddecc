"""Two phones mark their wishes privately: the first waits, the reveal appears on both once the second
has finished (the waiting phone updates by itself), and a change on one phone follows on the other."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in
from tests.desires.util import ITEMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _confirm_adult(page) -> None:
    page.goto("/practices/desires/")
    page.check("#confirmed")
    page.click("#confirm-adult")
    page.wait_for_selector("#edit-list")


def _mark(page, default: str, **marks: str) -> None:
    page.goto("/practices/desires/list/")
    page.evaluate(  # the bulk of the list at once; the items under test are ticked like a person would
        "v => document.querySelectorAll(`input[type=radio][value='${v}']`).forEach(i => { i.checked = true; })",
        default,
    )
    for item, value in marks.items():
        page.check(f"input[name='{item}'][value='{value}']")
    page.click("#save-list")
    page.wait_for_url("**/practices/desires/")


def test_answer_wait_reveal_change(new_phone, make_couple):
    pair = make_couple()
    a, b = new_phone(), new_phone()
    log_in(a, pair.a)
    log_in(b, pair.b)
    _confirm_adult(a)
    _confirm_adult(b)

    a.goto("/practices/desires/list/")
    box = a.locator(".ds-choice").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a full tap target at 390 px
    assert a.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the phone

    first, second = ITEMS[0], ITEMS[1]
    _mark(a, "no", **{first: "yes", second: "yes"})
    assert a.is_visible("#waiting")
    b.goto("/practices/desires/")
    assert b.is_visible("#your-turn")

    _mark(b, "maybe", **{first: "yes"})
    shared = b.inner_text("#shared-list")
    assert "Holding hands" in shared
    assert "long hug" in b.inner_text("#maybe-list")
    a.wait_for_selector("#reveal", timeout=15_000)  # the waiting phone opened by itself
    assert "Holding hands" in a.inner_text("#shared-list")
    assert "very common" in a.inner_text("#differences")

    # A takes back a yes: B's open page follows without a reload.
    _mark(a, "no", **{first: "no", second: "yes"})
    b.wait_for_selector("#shared-list", state="detached", timeout=15_000)
    assert "long hug" in b.inner_text("#maybe-list")
    assert b.is_visible("#get-help") and b.is_visible("#quick-exit")
