"""The weekly valence chart: the same server-side SVG approach as closeknit.core.charts."""

from __future__ import annotations

import datetime as dt

import pygal

from closeknit.core.charts import _style


def valence_chart(*, title: str, weeks: list[dt.date], lines: list[tuple[str, list[float | None]]]) -> str:
    """Lines from -1 (heavy) to +1 (warm) by week; gaps where nothing shared was counted."""
    chart = pygal.Line(
        style=_style(),
        width=640,
        height=260,
        range=(-1, 1),
        y_labels=[-1, 0, 1],
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
    labels = [w.strftime("%b %-d") for w in weeks]
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(1, len(labels) // 4)]
    chart.y_labels = [
        {"label": "heavier", "value": -1},
        {"label": "even", "value": 0},
        {"label": "warmer", "value": 1},
    ]
    for name, values in lines:
        chart.add(name, values)
    svg = chart.render(is_unicode=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
