"""Spanish writes 3,25 where English writes 3.25; numbers a browser or a screen reader parses (form
values, ARIA values, CSS) must stay in the machine's form whatever the reader's language."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def test_a_score_bar_keeps_machine_numbers_in_spanish():
    s = SimpleNamespace(minimum=0.5, maximum=7.5, value=3.25, shown="3,25", band="", title="Cercanía", percent=39)
    with translation.override("es"):
        html = render_to_string("assessments/_bar.html", {"s": s, "tone": "mixed", "direction": "x"})
    assert 'aria-valuenow="3.25"' in html and 'aria-valuemin="0.50"' in html and "width:39%" in html
    assert not re.search(r'aria-value(now|min|max)="\d+,\d', html)
