"""Every page each demo person can reach, crawled at phone width in light and dark: axe-core finds no
serious or critical violation, every tap target is at least 24 px or spaced so a 24 px circle fits
(WCAG 2.2, 2.5.8), each page has one h1, nothing scrolls sideways at 320 px, and chart text is 11 px or
more. It takes about three minutes on two busy cores, so it is marked slow. A summary table is printed
(`-s` shows it) so the figures can be quoted.

axe-core comes from tests/browser/axe (package-lock.json, `npm ci` in `make test`), never from the
network at run time. It is added as an init script: that goes through the DevTools protocol, so our CSP
(script-src 'self') does not apply to it.
"""

from __future__ import annotations

import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "closeknit-demo"
PEOPLE = [
    None,  # someone not logged in: the landing page, sign-up, the directory
    "sam@demo.closeknit.test",
    "alex@demo.closeknit.test",
    "jordan@demo.closeknit.test",
    "dr.rivera@demo.closeknit.test",
    "owner@demo.closeknit.test",
]
MAX_PAGES = 45  # per person; one page per URL shape (digits folded), breadth first from Today or the desk
MAX_DEPTH = 3
# Links the crawl never follows: they end the session, download a file, or are not pages.
SKIP = re.compile(
    r"/exit|logout|/accounts/delete|/delete/|/leave/|export|\.pdf|\.ics|/feed|/api/|/admin/|/static/|/media/"
    r"|/_allauth/|download|healthz|/join/[^/]+/$|\.(json|csv|zip|txt|xml|svg|png)$"
)

TARGETS_JS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label';
  const els = [...document.querySelectorAll(sel)].filter((el) => {
    if (el.tagName === 'LABEL' && !el.control) return false;
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    if (r.width < 1 || r.height < 1 || st.visibility === 'hidden') return false;
    if (r.right < 0 || r.bottom + scrollY < 0) return false;  // the skip link waits off screen
    return true;
  });
  // WCAG's inline exception: a link inside a sentence is sized by the line of text around it.
  const inline = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const p = el.parentElement;
    return p && (p.textContent || '').trim().length > (el.textContent || '').trim().length + 1;
  };
  const labelled = (a, b) => (a.control && a.control === b) || (a.labels && [...a.labels].includes(b));
  const related = (a, b) => a.contains(b) || b.contains(a) || labelled(a, b) || labelled(b, a);
  const rects = els.map((el) => el.getBoundingClientRect());
  const out = { count: 0, under44: 0, failing: [] };
  els.forEach((el, i) => {
    const r = rects[i];
    out.count += 1;
    if (Math.min(r.width, r.height) < 44) out.under44 += 1;
    if ((r.width >= 24 && r.height >= 24) || inline(el)) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clash = els.some((other, j) => {
      if (j === i || related(el, other)) return false;
      const o = rects[j];
      const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
      return dx * dx + dy * dy < 144;
    });
    if (clash) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 30);
      out.failing.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  });
  return out;
}"""

PAGE_JS = """() => {
  const small = [];
  document.querySelectorAll('svg text').forEach((t) => {
    const svg = t.ownerSVGElement; const vb = svg && svg.viewBox && svg.viewBox.baseVal;
    const r = svg.getBoundingClientRect();
    if (!r.width) return;
    const scale = vb && vb.width ? r.width / vb.width : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < 11) small.push(`${(t.textContent || '').trim().slice(0, 20)} ${px.toFixed(1)}px`);
  });
  return {
    h1: document.querySelectorAll('h1').length,
    links: [...document.querySelectorAll('a[href]:not([data-quick-exit])')].map((a) => a.href),
    smallChartText: small,
  };
}"""

AXE_JS = """async () => {
  const r = await axe.run(document, { resultTypes: ['violations'] });
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length,
                   nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 4) }));
}"""


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def _check_page(page, url: str, problems: list[str], stats: dict) -> list[str]:
    """Check one loaded page in light and dark, then at 320 px; return the links on it."""
    info = page.evaluate(PAGE_JS)
    if info["h1"] != 1:
        problems.append(f"{url}: {info['h1']} h1 elements")
    if info["smallChartText"]:
        problems.append(f"{url}: chart text under 11 px: {info['smallChartText'][:3]}")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for v in page.evaluate(AXE_JS):
            stats["violations"] += v["count"]
            problems.append(f"{url} [{scheme}] {v['impact']} {v['id']} x{v['count']}: {v['nodes']}")
    page.emulate_media(color_scheme="light")
    targets = page.evaluate(TARGETS_JS)
    stats["targets"] += targets["count"]
    stats["under44"] += targets["under44"]
    stats["under24"] += len(targets["failing"])
    for f in targets["failing"]:
        problems.append(f"{url}: tap target under 24 px without spacing: {f}")
    page.set_viewport_size({"width": 320, "height": 700})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size(PHONE)
    if width > 320:
        problems.append(f"{url}: scrolls sideways at 320 px ({width} px wide)")
    return info["links"]


def _crawl(browser, base: str, email: str | None, problems: list[str]) -> dict:
    ctx = browser.new_context(viewport=PHONE, base_url=base)
    ctx.add_init_script(path=str(AXE))
    page = ctx.new_page()
    stats = {"pages": 0, "violations": 0, "targets": 0, "under44": 0, "under24": 0}
    try:
        start = ["/"]
        if email:
            _log_in(page, email)
            start = [urlsplit(page.url).path]
        else:
            start += ["/therapists/", "/accounts/login/", "/accounts/signup/", "/help/"]
        seen: set[str] = set()
        queue = deque((path, 0) for path in start)
        while queue and stats["pages"] < MAX_PAGES:
            path, depth = queue.popleft()
            if _shape(path) in seen:
                continue
            seen.add(_shape(path))
            try:
                response = page.goto(path)
            except PlaywrightError as exc:  # a link to a file: not a page
                if "Download is starting" in str(exc):
                    continue
                raise
            final = urlsplit(page.url)
            if response is None or response.status >= 400 or final.netloc != urlsplit(base).netloc:
                if response is not None and response.status >= 500:
                    problems.append(f"{email}: {path} answered {response.status}")
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            stats["pages"] += 1
            label = f"{(email or 'visitor').split('@')[0]} {path}"
            links = _check_page(page, label, problems, stats)
            if depth >= MAX_DEPTH:
                continue
            for href in links:
                href = urldefrag(href)[0]
                parts = urlsplit(href)
                if parts.netloc != urlsplit(base).netloc or SKIP.search(href):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if _shape(target) not in seen:
                    queue.append((target, depth + 1))
    finally:
        ctx.close()
    return stats


def test_every_page_each_demo_person_reaches_is_accessible(browser, live_server, capsys):
    assert AXE.exists(), "axe-core is missing: `npm ci --prefix tests/browser/axe` (make test does it)"
    devnull = open("/dev/null", "w")  # noqa: SIM115
    call_command("seed_demo", days=21, stdout=devnull)
    call_command("seed_assessments", stdout=devnull)
    call_command("seed_clinic", stdout=devnull)
    problems: list[str] = []
    rows = []
    only = os.environ.get("A11Y_ONLY", "")  # e.g. A11Y_ONLY=dr.rivera to crawl as one person while fixing
    for email in [e for e in PEOPLE if only in (e or "visitor")]:
        stats = _crawl(browser, live_server.url, email, problems)
        assert stats["pages"] >= 3, (email, stats)
        rows.append(((email or "visitor").split("@")[0], stats))
    with capsys.disabled():
        print("\n\nperson       pages  serious+critical  targets  <44px  <24px unspaced")
        total = {k: sum(s[k] for _, s in rows) for k in rows[0][1]}
        for who, s in [*rows, ("all", total)]:
            print(f"{who:<12} {s['pages']:>5}  {s['violations']:>16}  {s['targets']:>7}  ", end="")
            print(f"{s['under44']:>5}  {s['under24']:>5}")
        print()
        for p in problems:
            print("  -", p)
    assert not problems, f"{len(problems)} accessibility problems (listed above)"
