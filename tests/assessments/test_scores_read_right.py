"""Scores that read right: bar colours follow each scale's direction (a high "Broken trust" is never
the good colour), the check-up's progress bar fills by answers, not pages, and couples read change
in words while the statistics stay with clinicians."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from closeknit.assessments import definitions, progress
from closeknit.assessments.models import Administration

pytestmark = pytest.mark.django_db
STATISTICS = ("Jacobson", "Truax", "RC", "1.96", "Cronbach", "S_diff", "reference SD")


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def bar_tone(html: str, title: str) -> str:
    """The tone class of the first score bar labelled with this scale's title."""
    m = re.search(rf'class="scorebar tone-(\w+)"[^>]*aria-label="{re.escape(title)}"', html)
    assert m, f"no bar for {title}"
    return m.group(1)


def test_bar_colours_follow_the_scales_direction(couple, take):
    # Strongly agreeing with every driver: broken trust is high, and high is the hard end here.
    drivers = take(couple.a, "distance-drivers", 4, dd03=0, dd09=0, dd18=0, dd21=0)
    closeness = take(couple.a, "closeness-check", 4)
    c = client_for(couple.a)
    html = c.get(f"/checkups/results/{drivers.pk}/").content.decode()
    assert bar_tone(html, "Broken trust") == "care"
    assert "(lower is better)" in html and "<meter" not in html
    html = c.get(f"/checkups/results/{closeness.pk}/").content.decode()
    assert bar_tone(html, "Closeness overall") == "steady" and "(lower is better)" not in html
    # The report's side-by-side bars use the same colours.
    take(couple.b, "distance-drivers", 0)
    html = c.get("/checkups/report/").content.decode()
    assert "<meter" not in html
    assert set(re.findall(r'aria-valuetext="You: [^"]*" aria-label="Broken trust"', html)), "my bar is labelled"
    assert re.search(r'class="scorebar tone-care"[^>]*aria-valuetext="You: ', html)
    assert re.search(rf'class="scorebar tone-steady"[^>]*aria-valuetext="{re.escape(couple.b.name)}: ', html)


def test_progress_bar_fills_by_answers_not_pages(couple):
    c = client_for(couple.a)
    inst = definitions.get("closeness-check")
    total = len(inst.items)
    html = c.get("/checkups/closeness-check/take/").content.decode()
    assert "<progress" not in html and "Page 1 of " in html
    assert f"0 of {total} answered" in html and 'aria-valuenow="0"' in html and "width:0%" in html
    first = inst.items[:4]
    assert c.post("/checkups/closeness-check/take/?page=1", {i.id: "3" for i in first}).status_code == 302
    html = c.get("/checkups/closeness-check/take/?page=2").content.decode()
    assert f"4 of {total} answered" in html and f"width:{round(400 / total)}%" in html

    # A check-up of one page: "Page 1 of 1", and still empty until answered.
    pulse = definitions.get("weekly-pulse")
    html = c.get("/checkups/weekly-pulse/take/").content.decode()
    assert len(pulse.items) <= 4 and "Page 1 of 1" in html
    assert f"0 of {len(pulse.items)} answered" in html and "width:0%" in html


def test_couples_read_words_and_clinicians_keep_the_numbers(couple, make_user, take):
    for n in range(40):  # enough people for closeknit to learn the pulse's SD and alpha
        take(make_user(), "weekly-pulse", n % 11, wp4=(n + 2) % 11)
    cache.clear()
    first = take(couple.a, "weekly-pulse", 1)
    Administration.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - dt.timedelta(days=30))
    take(couple.a, "weekly-pulse", 10)
    verdict = progress.track(couple.a, "weekly-pulse").verdicts[0]
    assert verdict.words.startswith("Better: a real change, bigger than day-to-day ups and downs")
    assert "Jacobson-Truax RC" in verdict.change.detail  # the clinician's numbers are kept

    c = client_for(couple.a)
    page = c.get("/progress/").content.decode()
    api = c.get("/api/assessments/progress").content.decode()
    assert "a real change, bigger than day-to-day ups and downs" in page
    assert "a real change, bigger than day-to-day ups and downs" in api
    for body in (page, api):
        found = [w for w in STATISTICS if re.search(rf"\b{re.escape(w)}", body)]
        assert found == []
    assert re.search(r"a change of more than \d+\.\d points", api)


def test_couple_words_for_each_direction():
    from closeknit.assessments import change

    drivers = definitions.get("distance-drivers")
    trust = next(s for s in drivers.scores if s.key == "broken_trust")
    went_down = change.classify_change(3.5, 0.5, direction=trust.direction, sd=0.8, reliability=0.85)
    went_up = change.classify_change(0.5, 3.5, direction=trust.direction, sd=0.8, reliability=0.85)
    assert progress.for_couple(went_down, trust).startswith("Better: a real change")
    assert progress.for_couple(went_up, trust).startswith("Harder than before: a real change")
    same = change.classify_change(2.0, 2.1, direction=trust.direction, sd=0.8, reliability=0.85)
    assert progress.for_couple(same, trust).startswith("About the same")
    assert progress.together_words(went_down, went_down).startswith("You both changed for the better")
    assert "harder stretch" in progress.together_words(went_down, went_up)
