"""A couples intensive in a real browser: the clinician schedules a two-day intensive; each partner,
on their own phone, sees the ask on Today and takes the pre-intensive check-ups; the clinician runs a
block from the day-of view (start, tick the checklist, finish); after the intensive the post check-up
shows for the partners; the clinician writes and signs the block's note; both progress report PDFs
(clinician and each partner's) read back with pdftotext; and the maintenance plan lands on the couple's
own plan.

The flow is a list of steps sharing one `Flow`, so another step (a block note, the PDF report) can be
slotted in where it belongs: add a function taking `flow` and put it in STEPS.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import F

from closeknit.assessments import definitions
from closeknit.assessments.models import CareStep
from closeknit.checkins import services as checkins
from closeknit.clinic.models import Intensive, IntensiveBlock, Measure, Note
from closeknit.core.time import local_today
from tests.browser.helpers import download_pdf as _download
from tests.browser.helpers import log_in as _log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)
from tests.clinic.intensive_helpers import joined_episode, today
from tests.clinic.test_reports import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS")
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Flow:
    clinic: Any
    couple: Any
    episode: Any
    desk: Any  # the clinician's desktop page
    phones: dict[str, Any]  # "a" / "b": each partner's own phone
    intensive: Intensive | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"intensive-{name}.png"), full_page=True)


def _take(page, slug: str, value: int) -> None:
    inst = definitions.get(slug)
    for n in range(0, len(inst.items), 4):
        for item in inst.items[n : n + 4]:
            page.locator(f"label.chip:has(input[name={item.id}][value='{value}'])").click()
        page.click("#next")
    page.wait_for_url("**/checkups/results/*/")


# --- the steps ---------------------------------------------------------------------------------------
def schedule_intensive(flow: Flow) -> None:
    desk = flow.desk
    desk.goto(f"/clinic/care/{flow.episode.pk}/")
    desk.click("#schedule-intensive")
    desk.locator("label.ik-choice", has_text="Two-day intensive").locator("input").check()
    start = today() + dt.timedelta(days=10)
    desk.fill("#starts-on", start.isoformat())
    _shot(desk, "01-schedule")
    desk.click("#schedule")
    desk.wait_for_url("**/clinic/intensives/*/")
    assert desk.locator("#intensive-status").inner_text() == "Scheduled"
    flow.intensive = Intensive.objects.get()
    assert flow.intensive.starts_on == start and flow.intensive.pre_due_on == start - dt.timedelta(days=7)
    assert IntensiveBlock.objects.filter(intensive=flow.intensive).count() > 10
    _shot(desk, "02-overview")


def partners_take_pre_assessments(flow: Flow) -> None:
    for key, person in (("a", flow.couple.a), ("b", flow.couple.b)):
        phone = flow.phones[key]
        _log_in(phone, person)
        ask = phone.locator("#asked-measures")
        assert "Dr. Rivera asked you both for a Closeness check before your intensive" in ask.inner_text()
        _shot(phone, f"03-today-{key}")
        to_go = (flow.intensive.starts_on - local_today(person.timezone)).days  # 9-11: their day, not the desk's
        assert f"It starts in {to_go} days" in phone.locator("#our-intensive").inner_text()
        phone.click("#see-intensive")  # the couple's own view of the days: titles and times, their zone
        days = phone.locator(f"#intensive-{flow.intensive.pk}").inner_text()
        assert "Day 1" in days and "Day 2" in days and "Your time alone with Dr. Rivera" in days
        assert "before it starts, please take the check-ups" in days.lower()
        phone.goto("/")
        phone.click("#take-asked-closeness-check")
        _take(phone, "closeness-check", 3 if key == "a" else 2)
        phone.goto("/checkups/")
        phone.click("#take-asked-distance-drivers")
        _take(phone, "distance-drivers", 1)
        phone.goto("/")
        assert phone.locator("#asked-measures").count() == 0  # nothing left to take
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    done = Measure.objects.filter(intensive=flow.intensive, phase="pre", completed_at__isnull=False)
    assert done.count() == 4 and {m.user_id for m in done} == {flow.couple.a.pk, flow.couple.b.pk}
    flow.desk.reload()
    assert flow.desk.locator("#measures").inner_text().count("Done") == 4


def the_day_arrives(flow: Flow) -> None:
    """Ten days pass: every date of the intensive moves back so that day 1 is today."""
    shift = flow.intensive.starts_on - today()
    Intensive.objects.filter(pk=flow.intensive.pk).update(
        starts_on=F("starts_on") - shift, ends_on=F("ends_on") - shift, pre_due_on=F("pre_due_on") - shift
    )
    IntensiveBlock.objects.filter(intensive=flow.intensive).update(start=F("start") - shift, end=F("end") - shift)
    Measure.objects.filter(intensive=flow.intensive).update(opens_on=F("opens_on") - shift, due_on=F("due_on") - shift)
    flow.intensive.refresh_from_db()
    flow.desk.reload()


def run_a_block(flow: Flow) -> None:
    desk = flow.desk
    desk.click("#open-day-1")
    desk.wait_for_url("**/day/1/")
    glance = desk.locator(f"#glance-{flow.couple.a.pk}").inner_text()
    assert "Closeness" in glance and "Not shared" not in glance  # A shared scores; the read is logged
    assert "Not shared with you" in desk.locator(f"#glance-{flow.couple.b.pk}").inner_text()
    block = flow.intensive.blocks.order_by("start").first()
    desk.click(f"#start-{block.pk}")
    desk.wait_for_selector(f"#timer-{block.pk}")
    desk.locator(f"#timer-{block.pk}", has_text="left").wait_for()
    desk.click(f"#tick-{block.pk}-0")  # htmx swaps the checklist in place
    desk.wait_for_selector(f"#tick-{block.pk}-0[aria-pressed=true]")
    _shot(desk, "04-day-of")
    desk.click(f"#finish-{block.pk}")
    desk.wait_for_selector(f"#block-{block.pk} .tag:has-text('Done at')")
    block.refresh_from_db()
    assert block.started_at and block.finished_at and block.checklist[0]["done"] is True
    flow.notes["block"] = block


BLOCK_NOTE = "Both named the Sunday silence as the moment they drift; Alex softened once heard."
PRIVATE_CANARY = "Blue heron canary: a private thought of mine, for no one else."


def write_the_block_note(flow: Flow) -> None:
    desk, block = flow.desk, flow.notes["block"]
    more = desk.locator(f"#block-{block.pk} details.ik-more")
    if more.get_attribute("open") is None:  # a finished block folds away; its note is one click off
        more.locator("summary").click()
    body = desk.locator(f"#block-note-body-{block.pk}")
    assert body.input_value().strip()  # starts from the block's note template
    body.fill(BLOCK_NOTE)
    with desk.expect_navigation():
        desk.click(f"#block-note-save-{block.pk}")
    assert "/day/1/" in desk.url, desk.locator("main").inner_text()[:400]
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    assert desk.locator(f"#block-note-body-{block.pk}").input_value() == BLOCK_NOTE
    desk.check(f"#block-note-confirm-{block.pk}")
    with desk.expect_navigation():
        desk.click(f"#block-note-sign-{block.pk}")
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    desk.wait_for_selector(f"#block-note-text-{block.pk}")
    assert desk.locator(f"#block-note-text-{block.pk}").inner_text() == BLOCK_NOTE
    assert desk.locator(f"#block-note-body-{block.pk}").count() == 0  # signed means locked
    note = Note.objects.get(block=block)
    assert note.locked and note.kind == "block" and note.body == BLOCK_NOTE
    _shot(desk, "04b-block-note")


def post_assessment_after_the_intensive(flow: Flow) -> None:
    phone = flow.phones["a"]
    phone.goto("/")
    if local_today(flow.couple.a.timezone) < flow.intensive.ends_on:  # (A's zone may be a day ahead)
        assert phone.locator("#asked-measures").count() == 0  # the post check-up waits for the end
    post = Measure.objects.filter(intensive=flow.intensive, phase="post")
    assert post.count() == 2 and all(m.opens_on == flow.intensive.ends_on for m in post)
    # Time passes: the intensive is over, so its post check-up opens today.
    post.update(opens_on=today())
    phone.goto("/")
    assert "for a Closeness check now that your intensive is over" in phone.locator("#asked-measures").inner_text()


def progress_report_pdfs(flow: Flow) -> None:
    # A takes the post check-up (much closer than before); B keeps a private note that no report may carry.
    phone = flow.phones["a"]
    phone.goto("/")
    phone.click("#take-asked-closeness-check")
    _take(phone, "closeness-check", 4)
    checkins.save_today(
        user=flow.couple.b,
        answers={"feelings": ["calm"], "emotional_closeness": 5, "physical_closeness": 5, "stress": 4,
                 "note": PRIVATE_CANARY, "shared": ["feelings"]},
    )  # fmt: skip
    desk = flow.desk
    desk.goto(f"/clinic/care/{flow.episode.pk}/")
    clinician = pdf_text(_download(desk, "#report-download"))
    for words in (flow.couple.a.name, flow.couple.b.name, "Dr. Rivera", "Closeness check", "Two-day intensive"):
        assert words in clinician, words
    assert any(v in clinician for v in ("Reliably better", "No reliable change", "Can't tell yet"))
    assert PRIVATE_CANARY not in clinician and BLOCK_NOTE not in clinician  # no check-in text, no notes
    for key in ("a", "b"):
        phone = flow.phones[key]
        phone.goto("/care/")
        mine = pdf_text(_download(phone, f"#report-pdf-{flow.episode.pk}"))
        assert flow.couple.a.name in mine and "Closeness check" in mine
        assert PRIVATE_CANARY not in mine and BLOCK_NOTE not in mine
        assert "Fear of closeness" not in mine or key == "b"


def the_last_day_arrives(flow: Flow) -> None:
    """A day passes: every date of the intensive moves back so that its last day is today."""
    shift = flow.intensive.ends_on - today()
    Intensive.objects.filter(pk=flow.intensive.pk).update(
        starts_on=F("starts_on") - shift, ends_on=F("ends_on") - shift, pre_due_on=F("pre_due_on") - shift
    )
    IntensiveBlock.objects.filter(intensive=flow.intensive).update(start=F("start") - shift, end=F("end") - shift)
    flow.intensive.refresh_from_db()


def maintenance_plan_on_the_couples_plan(flow: Flow) -> None:
    desk = flow.desk
    desk.goto(f"/clinic/intensives/{flow.intensive.pk}/")
    if today() < flow.intensive.ends_on:  # day 1 of two: the plan is handed over from the last day
        assert desk.locator("#to-finish").count() == 0 and "from its last day" in desk.inner_text("#finish-wait")
        the_last_day_arrives(flow)
        desk.reload()
    desk.click("#to-finish")
    assert desk.locator("#pick-turning-toward").is_checked()  # pre-ticked from the blocks
    desk.locator("#pick-weekly-look-back").uncheck()
    desk.select_option("select[name='how_often_turning-toward']", "twice a week")
    desk.fill("#plan-note", "Keep your Sunday walks, phones at home.")
    _shot(desk, "05-finish")
    desk.click("#finish-intensive")
    desk.wait_for_url(f"**/clinic/intensives/{flow.intensive.pk}/")
    assert desk.locator("#intensive-status").inner_text() == "Done"
    steps = CareStep.objects.filter(couple_id=flow.couple.couple_id, ended_at__isnull=True)
    assert "weekly-look-back" not in {s.practice for s in steps} and "turning-toward" in {s.practice for s in steps}
    for key in ("a", "b"):
        phone = flow.phones[key]
        phone.goto("/plan/")
        card = phone.locator("#care-steps").inner_text()
        assert "From your intensive with Dr. Rivera" in card and "twice a week" in card
        assert "Keep your Sunday walks" in card
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(flow.phones["b"], "06-plan")


STEPS: list[Callable[[Flow], None]] = [
    schedule_intensive,
    partners_take_pre_assessments,
    the_day_arrives,
    run_a_block,
    write_the_block_note,
    post_assessment_after_the_intensive,
    progress_report_pdfs,
    maintenance_plan_on_the_couples_plan,
]


def test_intensive_from_scheduling_to_the_plan_at_home(browser, new_phone, live_server, clinic, make_couple):  # noqa: F811
    from closeknit.clinic.services import care

    couple = make_couple()
    episode = joined_episode(clinic, couple)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="scores", granted=True)
    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        desk = ctx.new_page()
        _log_in(desk, clinic.rivera.user)
        flow = Flow(
            clinic=clinic, couple=couple, episode=episode, desk=desk, phones={"a": new_phone(), "b": new_phone()}
        )
        for step in STEPS:
            step(flow)
    finally:
        ctx.close()
