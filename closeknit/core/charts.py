"""Charts as inline SVG rendered on the server: the same markup serves pages and PDFs, needs no
script and no third-party origin (pygal's tooltip script, which it would fetch from the web, is off,
and the inline config script it still writes is cut by `finish`: our CSP would refuse it)."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

import pygal
from django.utils import formats
from django.utils.translation import gettext as _
from pygal.graph.graph import Graph
from pygal.style import Style

ME = "#b4493b"
PARTNER = "#2f6f8f"
# Drawn at about a phone card's width: the SVG scales to its box, so on a 390 px screen (a card about 320 px
# wide) 13-unit labels read at 11.5 px or more. Drawn at 640 they shrank to 6.5 px. Wider screens cap the
# chart's width in app.css so the labels do not grow past about 17 px.
WIDTH = 360
HEIGHT = 200


def style() -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#6b5f58",
        foreground_strong="#6b5f58",
        foreground_subtle="#d9cfc6",
        opacity=".9",
        opacity_hover="1",
        colors=(ME, PARTNER, ME, PARTNER),
        font_family="system-ui, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
    )


def closeness_chart(
    *,
    title: str,
    dates: list[dt.date],
    mine: list[int | None],
    partner: list[int | None] | None,
    me_label: str,
    partner_label: str | None,
) -> str:
    """A line chart of 0–10 scores by day; gaps where nobody answered (or the viewer may not see)."""
    chart = pygal.Line(
        style=style(),
        width=WIDTH,
        height=HEIGHT,
        range=(0, 10),
        min_scale=5,
        max_scale=5,
        show_legend=False,
        show_dots=len(dates) <= 31,
        dots_size=3,
        stroke_style={"width": 2.5},
        allow_interruptions=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        truncate_label=-1,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        margin=8,
        title=None,
        interpolate=None,
    )
    # The reader's own way of writing a short date ("Dec 5", "5 dic"): the catalog's format for "M j".
    short = _("M j")
    labels = [formats.date_format(d, short) for d in dates]
    chart.x_labels = labels
    step = max(1, len(labels) // 5)
    chart.x_labels_major = labels[::step]
    chart.add(me_label, mine)
    if partner is not None:
        chart.add(partner_label or _("Partner"), partner)
    return finish(chart, title)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)


def finish(chart: Graph, title: str) -> str:
    """Every chart leaves through here: rendered, without pygal's inline script, labelled for screen readers."""
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
