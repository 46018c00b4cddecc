"""Two partners place emotional maps on their own phones; neither sees the other's until both are
placed, then both maps appear together on both phones (the waiting phone updates by polling)."""

from __future__ import annotations

import pytest

from tests.browser.test_practices_talk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _place(page, *, surface: str, underneath: str, need: str, note: str) -> None:
    page.goto("/practices/emotional-map/")
    page.click("#open-map")
    page.check(f"input[name=surface][value={surface}]")
    page.click("summary:has-text('Underneath')")
    page.check(f"input[name=underneath][value={underneath}]")
    page.check(f"input[name=needs][value={need}]")
    page.fill("#note", note)
    page.click("#place-map")


def test_maps_reveal_together(new_phone, make_couple):
    pair = make_couple()
    a, b = new_phone(), new_phone()
    log_in(a, pair.a)
    log_in(b, pair.b)

    _place(a, surface="frustrated", underneath="lonely", need="time-together", note="Evenings feel short.")
    assert "Waiting for" in a.inner_text("#map-waiting")
    b.goto("/practices/map/")
    assert "Evenings feel short." not in b.content()  # private until b places theirs

    _place(b, surface="tired", underneath="hurt", need="time-together", note="I miss our walks.")
    assert "Evenings feel short." in b.inner_text("#map-pair")
    a.wait_for_selector("#map-revealed")  # the waiting phone opened by itself
    assert "I miss our walks." in a.inner_text("#map-pair")
    assert a.is_visible("#get-help") and a.is_visible("#quick-exit")
