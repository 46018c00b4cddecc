"""The caseload table's rows, written as HTML in Python.

Why not the template: a clinician with 200 couples has ~11,000 variable lookups in the row loop, and
Django's template engine spent more time on them than the whole page spends reading the database
(bench/caseload_bench.py). Here every value goes through the standard library's html.escape (the
same five characters Django's autoescape replaces, without its lazy-string wrapper, which alone cost
more than the rows); the page around the rows (filters, empty states) stays a template.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from closeknit.clinic.selectors.caseload import Case, Partner


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _flags(c: Case) -> str:
    if not c.flags:
        return '<span class="muted small">Nothing stands out</span>'
    return "".join(
        f'<details class="cl-flag {_e(f.key)}"><summary title="{_e(f.why)}">{_e(f.label)}</summary>'
        f'<p class="small">{_e(f.why)}</p></details>'
        for f in c.flags
    )


def _score(p: Partner) -> str:
    who = f'<span class="cl-who">{_e(p.name)}</span> '
    if not p.scores_shared:
        return who + '<span class="muted small cl-private">Not shared</span>'
    k = p.closeness
    if k is None:
        return who + '<span class="muted small">No closeness check yet</span>'
    out = who + f'<span class="cl-line"><span class="cl-value">{_e(k.value_text)}</span>'
    if k.step_text:
        out += f' <span class="cl-trend {_e(k.trend)}" title="{_e(k.trend_title)}">{_e(k.step_text)}</span>'
    out += f' <span class="muted small">{_e(k.on_text)}</span></span>'
    if summary := k.summary:
        worse = " worse" if k.worse else ""
        out += f'<div class="small cl-verdict{worse}" title="{_e(k.detail)}">{_e(summary)}</div>'
    return out


def _activity(p: Partner) -> str:
    out = f'<span class="cl-who">{_e(p.name)}</span> '
    if p.checkin_days is None:
        out += '<span class="muted small cl-private">Check-ins not shared</span>'
    else:
        out += f'<span class="cl-days">{_e(p.checkin_text)}</span>'
    out += ", "
    if p.practices is None:
        out += '<span class="muted small cl-private">Practices not shared</span>'
    else:
        out += f'<span class="cl-practices">{_e(p.practices_text)}</span>'
    return out


def _overdue(c: Case) -> str:
    if not c.overdue:
        return '<span class="muted small">All caught up</span>'
    items = "".join(f"<li>{_e(o.name)}: {_e(o.instrument)}, due {_e(o.due_text)}</li>" for o in c.overdue)
    return (
        f'<details class="cl-due"><summary><span class="tag warn">{len(c.overdue)} overdue</span> '
        f'<span class="small">{_e(c.overdue_instruments)}</span></summary><ul class="small">{items}</ul></details>'
    )


def _partners(c: Case, cell: Callable[[Partner], str]) -> str:
    if not c.partners:
        return '<span class="muted small">No one in the couple right now</span>'
    return "".join(f'<div class="cl-partner">{cell(p)}</div>' for p in c.partners)


def rows(cases: list[Case], episode_base: str) -> SafeString:
    """One <tr> per case; every value escaped."""
    out = []
    for c in cases:
        nxt = (
            "".join(f'<div class="small cl-next">{_e(line)}</div>' for line in c.next_lines)
            or '<div class="muted small">Nothing booked yet</div>'
        )
        out.append(
            f'<tr class="cl-row{" flagged" if c.flags else ""}" id="case-{int(c.episode.pk)}">'
            f'<td class="cl-couple"><a href="{_e(episode_base)}{int(c.episode.pk)}/" class="cl-names">'
            f'{_e(c.names)}</a><div class="muted small">In care since {_e(c.since_text)}</div>{nxt}</td>'
            f'<td class="cl-flags" data-label="Needs a look">{_flags(c)}</td>'
            f'<td class="cl-scores" data-label="Closeness check">{_partners(c, _score)}</td>'
            f'<td class="cl-activity" data-label="Last 7 days">{_partners(c, _activity)}</td>'
            f'<td class="cl-overdue" data-label="Overdue measures">{_overdue(c)}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308  (every value above went through html.escape)
