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
from django.utils.translation import gettext, ngettext

from closeknit.clinic.selectors.caseload import Case, Partner


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _words() -> dict[str, str]:
    """The fixed words of a row, translated and escaped once per page, not once per row."""
    return {
        k: _e(v)
        for k, v in {
            "nothing": gettext("Nothing stands out"),
            "not_shared": gettext("Not shared"),
            "no_check": gettext("No closeness check yet"),
            "checkins_private": gettext("Check-ins not shared"),
            "practices_private": gettext("Practices not shared"),
            "caught_up": gettext("All caught up"),
            "nobody": gettext("No one in the couple right now"),
            "nothing_booked": gettext("Nothing booked yet"),
            "needs": gettext("Needs a look"),
            "closeness": gettext("Closeness check"),
            "last7": gettext("Last 7 days"),
            "overdue": gettext("Overdue measures"),
        }.items()
    } | {"since": gettext("In care since %(date)s"), "due": gettext("%(name)s: %(instrument)s, due %(date)s")}


def _flags(c: Case, w: dict[str, str]) -> str:
    if not c.flags:
        return f'<span class="muted small">{w["nothing"]}</span>'
    return "".join(
        f'<details class="cl-flag {_e(f.key)}"><summary title="{_e(f.why)}">{_e(f.label)}</summary>'
        f'<p class="small">{_e(f.why)}</p></details>'
        for f in c.flags
    )


def _score(p: Partner, w: dict[str, str]) -> str:
    who = f'<span class="cl-who">{_e(p.name)}</span> '
    if not p.scores_shared:
        return who + f'<span class="muted small cl-private">{w["not_shared"]}</span>'
    k = p.closeness
    if k is None:
        return who + f'<span class="muted small">{w["no_check"]}</span>'
    out = who + f'<span class="cl-line"><span class="cl-value">{_e(k.value_text)}</span>'
    if k.step_text:
        out += f' <span class="cl-trend {_e(k.trend)}" title="{_e(k.trend_title)}">{_e(k.step_text)}</span>'
    out += f' <span class="muted small">{_e(k.on_text)}</span></span>'
    if summary := k.summary:
        worse = " worse" if k.worse else ""
        out += f'<div class="small cl-verdict{worse}" title="{_e(k.detail)}">{_e(summary)}</div>'
    return out


def _activity(p: Partner, w: dict[str, str]) -> str:
    out = f'<span class="cl-who">{_e(p.name)}</span> '
    if p.checkin_days is None:
        out += f'<span class="muted small cl-private">{w["checkins_private"]}</span>'
    else:
        out += f'<span class="cl-days">{_e(p.checkin_text)}</span>'
    out += ", "
    if p.practices is None:
        out += f'<span class="muted small cl-private">{w["practices_private"]}</span>'
    else:
        out += f'<span class="cl-practices">{_e(p.practices_text)}</span>'
    return out


def _overdue(c: Case, w: dict[str, str]) -> str:
    if not c.overdue:
        return f'<span class="muted small">{w["caught_up"]}</span>'
    items = "".join(
        f"<li>{_e(w['due'] % {'name': o.name, 'instrument': o.instrument, 'date': o.due_text})}</li>" for o in c.overdue
    )
    n = len(c.overdue)
    tag = _e(ngettext("%(n)s overdue", "%(n)s overdue", n) % {"n": n})
    return (
        f'<details class="cl-due"><summary><span class="tag warn">{tag}</span> '
        f'<span class="small">{_e(c.overdue_instruments)}</span></summary><ul class="small">{items}</ul></details>'
    )


def _partners(c: Case, cell: Callable[[Partner, dict[str, str]], str], w: dict[str, str]) -> str:
    if not c.partners:
        return f'<span class="muted small">{w["nobody"]}</span>'
    return "".join(f'<div class="cl-partner">{cell(p, w)}</div>' for p in c.partners)


def rows(cases: list[Case], episode_base: str) -> SafeString:
    """One <tr> per case; every value escaped."""
    w = _words()
    out = []
    for c in cases:
        nxt = "".join(f'<div class="small cl-next">{_e(line)}</div>' for line in c.next_lines) or (
            f'<div class="muted small">{w["nothing_booked"]}</div>'
        )
        since = _e(w["since"] % {"date": c.since_text})
        out.append(
            f'<tr class="cl-row{" flagged" if c.flags else ""}" id="case-{int(c.episode.pk)}">'
            f'<td class="cl-couple"><a href="{_e(episode_base)}{int(c.episode.pk)}/" class="cl-names">'
            f'{_e(c.names)}</a><div class="muted small">{since}</div>{nxt}</td>'
            f'<td class="cl-flags" data-label="{w["needs"]}">{_flags(c, w)}</td>'
            f'<td class="cl-scores" data-label="{w["closeness"]}">{_partners(c, _score, w)}</td>'
            f'<td class="cl-activity" data-label="{w["last7"]}">{_partners(c, _activity, w)}</td>'
            f'<td class="cl-overdue" data-label="{w["overdue"]}">{_overdue(c, w)}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308  (every value above went through html.escape)
