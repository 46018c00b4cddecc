"""Every chart leaves through core.charts.finish: no inline script (our CSP refuses it), a safe label."""

from __future__ import annotations

import datetime as dt

from closeknit.assessments import progress
from closeknit.core import charts
from closeknit.insights.charts import valence_chart

DAYS = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(3)]


def test_no_chart_carries_a_script_and_labels_are_escaped():
    title = 'Us & "them" <b>'
    svgs = [
        charts.closeness_chart(
            title=title, dates=DAYS, mine=[1, 2, 3], partner=[3, None, 4], me_label="Me", partner_label="Sam"
        ),
        progress.render(title, 0, 10, ("a", "b"), (("x", (1, 2)),)),
        valence_chart(title=title, weeks=DAYS, lines=[("Me", [0.1, None, -0.2])]),
    ]
    for svg in svgs:
        assert svg.startswith("<svg")
        assert "<script" not in svg.lower()
        assert 'aria-label="Us &amp; &quot;them&quot; &lt;b&gt;"' in svg
