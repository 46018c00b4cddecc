"""The weekly valence chart: the same server-side SVG approach as closeknit.core.charts."""

from __future__ import annotations

import datetime as dt
import math

import pygal
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit.core.charts import HEIGHT, WIDTH, finish, style


def valence_chart(*, title: str, weeks: list[dt.date], lines: list[tuple[str, list[float | None]]]) -> str:
    """Lines from heavier to warmer by week; gaps where nothing shared was counted. Weekly averages
    rarely leave [-0.5, 0.5], so the scale fits the data (symmetric, at least +/-0.5) rather than
    flattening every line against an unused +/-1."""
    seen = [abs(v) for _, values in lines for v in values if v is not None]
    top = min(1.0, max(0.5, math.ceil(max(seen, default=0) * 4) / 4))
    chart = pygal.Line(
        style=style(),
        width=WIDTH,
        height=HEIGHT,
        range=(-top, top),
        value_formatter=lambda v: f"{v:+.2f}",
        show_legend=False,
        show_dots=True,
        dots_size=3,
        stroke_style={"width": 2.5},
        allow_interruptions=True,
        show_minor_x_labels=False,
        truncate_label=-1,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        margin=8,
    )
    labels = [dateformat.format(w, _("M j")) for w in weeks]  # month names in the reader's language
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(1, len(labels) // 4)]
    chart.y_labels = [
        {"label": pgettext("mood of words", "heavier"), "value": -top},
        {"label": pgettext("mood of words", "even"), "value": 0},
        {"label": pgettext("mood of words", "warmer"), "value": top},
    ]
    for name, values in lines:
        chart.add(name, values)
    return finish(chart, title)
