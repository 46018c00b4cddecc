"""The daily pages in Spanish on a 320 px phone (Spanish runs 20-30% longer than English): nothing scrolls
sideways, each bottom tab's label sits inside its own cell with room either side (so "Prácticas" and
"Progreso" never run together), and the top bar's "Pedir ayuda" and "Salir" stay one line each."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}
ROOM = 2  # px a tab's label keeps from each edge of its cell

# For each bottom tab: its label, its cell's edges and where its text starts and ends (a Range measures
# the text itself, whatever the flex box around it does), and whether anything inside scrolls.
TABS = """() => [...document.querySelectorAll('nav.tabs a')].map(a => {
  const cell = a.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(a);
  const rects = [...range.getClientRects()].filter(r => r.width > 0);
  return {label: a.textContent.trim(), left: cell.left, right: cell.right,
          textLeft: Math.min(...rects.map(r => r.left)), textRight: Math.max(...rects.map(r => r.right)),
          overflows: a.scrollWidth > a.clientWidth};
})"""

# How many lines an element's text takes: the distinct tops of the boxes its text is laid out in.
LINES = """sel => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(sel));
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


def assert_fits(page, where: str, *, tabs: bool = True) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == SMALL_PHONE["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where}: the page is {scroll}px wide on a {width}px phone"
    if not tabs:  # a calm practice screen hides the tab bar
        assert not page.locator("nav.tabs").is_visible(), where
    for t in page.evaluate(TABS) if tabs else []:
        assert not t["overflows"], f"{where}: the tab {t['label']!r} overflows its cell"
        assert t["textLeft"] >= t["left"] + ROOM and t["textRight"] <= t["right"] - ROOM, (
            f"{where}: the tab {t['label']!r} runs to the edge of its cell "
            f"(text {t['textLeft']:.1f}-{t['textRight']:.1f}, cell {t['left']:.1f}-{t['right']:.1f})"
        )
    for pill in ("#get-help", "#quick-exit"):
        lines = page.evaluate(LINES, pill)
        assert lines == 1, f"{where}: {pill} folds onto {lines} lines"


def test_spanish_daily_pages_fit_a_320px_phone(new_phone, couple):
    couple.a.language = "es"
    couple.a.save(update_fields=["language"])
    page = new_phone()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, couple.a)
    assert page.get_attribute("html", "lang") == "es"
    assert_fits(page, "Today")
    labels = [t["label"] for t in page.evaluate(TABS)]
    assert labels == ["Hoy", "Prácticas", "Progreso", "Espacio", "Tú"]

    for path in ("/checkin/", "/practices/", "/help/", "/settings/"):
        page.goto(path)
        assert_fits(page, path)

    # A guided practice: its first step (with its timer), reached through the real start button.
    page.goto("/practices/breathing-together/")
    assert_fits(page, "practice page")
    page.click("#start-practice")
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/practices/run/"))
    page.locator(".pr-step-text").wait_for()
    assert_fits(page, "practice step", tabs=False)

    # The hard conversation's start: three long lists of chips and the begin button.
    page.goto("/practices/hard-conversation/talk/")
    page.locator("#begin-talk").wait_for()
    assert_fits(page, "talk start")
    begin = page.locator("#begin-talk").bounding_box()
    assert begin and begin["x"] >= 0 and begin["x"] + begin["width"] <= SMALL_PHONE["width"]
