"""Our score and progress bars keep WCAG's 3:1 for graphics in light and dark mode: each fill
against the empty track and the card, and the track's edge against the card."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
SECTION = CSS[CSS.index("/* --- scores and check-up progress") : CSS.index("/* --- end scores and check-up progress")]
LIGHT_CARD, DARK_CARD = "#ffffff", "#221d1a"  # --surface in each mode


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette(block: str) -> dict[str, str]:
    return dict(re.findall(r"--bar-([a-z]+):\s*(#[0-9a-f]{6})", block))


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_bar_colours_keep_three_to_one(mode):
    light, dark = SECTION.split("@media (prefers-color-scheme: dark)", 1)
    colours, card = (palette(light), LIGHT_CARD) if mode == "light" else (palette(dark), DARK_CARD)
    assert set(colours) == {"track", "edge", "steady", "middle", "care", "progress"}
    assert contrast(colours["edge"], card) >= 3
    for fill in ("steady", "middle", "care", "progress"):
        assert contrast(colours[fill], colours["track"]) >= 3, fill
        assert contrast(colours[fill], card) >= 3, fill


def test_the_card_colours_are_the_ones_the_page_uses():
    assert f"--surface: {LIGHT_CARD};" in CSS and f"--surface: {DARK_CARD};" in CSS
