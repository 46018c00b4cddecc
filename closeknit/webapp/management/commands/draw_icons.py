"""Draw closeknit's home-screen icons from the brand mark (static/img/icon.svg): two rings, one in the
text colour and one in the accent, on the page colour. Drawn here rather than taken from anywhere, so
the PNGs in static/img/ can always be made again: `manage.py draw_icons`.

The maskable icon keeps the whole mark inside the central circle of 80% width that every launcher's
mask leaves visible; the plain ones sit on a rounded square.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

PAGE = (0xFB, 0xF8, 0xF4, 255)  # --bg in static/css/app.css
INK = (0x2B, 0x25, 0x22, 255)  # --text
ACCENT = (0xB4, 0x49, 0x3B, 255)  # --accent
OVERSAMPLE = 4
# In the SVG's 24-unit box: ring centres, radius and stroke. The mark spans 20 units across.
RINGS = (((9.0, 12.0), INK), ((15.0, 12.0), ACCENT))
RADIUS, STROKE, SPAN = 6.0, 2.0, 20.0


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * OVERSAMPLE
    image = Image.new("RGBA", (big, big), PAGE if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not maskable:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 0.22), fill=PAGE)
    # The mark's widest reach from the centre is SPAN/2; maskable keeps it within 0.32 of the size.
    share = 0.64 if maskable else 0.74
    unit = big * share / SPAN
    for (cx, cy), colour in RINGS:
        x, y = big / 2 + (cx - 12) * unit, big / 2 + (cy - 12) * unit
        outer, width = (RADIUS + STROKE / 2) * unit, round(STROKE * unit)
        pen.ellipse((x - outer, y - outer, x + outer, y + outer), outline=colour, width=width)
    # Linked, not stacked: the ink ring passes over the accent one where they cross below.
    (cx, cy), colour = RINGS[0]
    x, y = big / 2 + (cx - 12) * unit, big / 2 + (cy - 12) * unit
    outer, width = (RADIUS + STROKE / 2) * unit, round(STROKE * unit)
    pen.arc((x - outer, y - outer, x + outer, y + outer), start=35, end=85, fill=colour, width=width)
    return image.resize((size, size), Image.Resampling.LANCZOS)


ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
}


def draw_all(folder: Path) -> list[Path]:
    written = []
    for name, (size, maskable) in ICONS.items():
        path = folder / name
        draw(size, maskable=maskable).save(path, optimize=True)
        written.append(path)
    return written


class Command(BaseCommand):
    help = "Draw the home-screen icons (static/img/icon-*.png) from closeknit's mark."

    def handle(self, *args: object, **options: object) -> None:
        for path in draw_all(Path(settings.BASE_DIR) / "static" / "img"):
            self.stdout.write(f"wrote {path.relative_to(settings.BASE_DIR)}")
