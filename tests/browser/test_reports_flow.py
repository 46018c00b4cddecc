"""Progress reports in a real browser: a partner downloads theirs from the Care page on a phone, the
clinician opens the preview and downloads the clinician copy; each PDF is read back with pdftotext."""

from __future__ import annotations

import os

import pytest
from fhir.resources.R4B.bundle import Bundle

from closeknit.assessments import services as assessments
from closeknit.checkins import services as checkins
from closeknit.clinic.services import care
from tests.browser.helpers import download_pdf as _download
from tests.browser.helpers import log_in as _log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)
from tests.clinic.test_reports import CANARY, answers_for, learn_norms, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("SHOTS")


def test_partner_and_clinician_download_their_reports(browser, new_phone, live_server, clinic, make_couple, make_user):  # noqa: F811
    couple = make_couple()
    learn_norms(make_user)
    episode = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=episode.join_token)
        care.acknowledge(user=p, episode_id=episode.pk, policy="no_secrets")
    care.set_consent(user=couple.a, episode_id=episode.pk, category="scores", granted=True)
    for level_a, level_b in ((1, 1), (4, 0)):
        assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", level_a))
        assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", level_b))
    assessments.take(user=couple.b, slug="fear-of-closeness", answers=answers_for("fear-of-closeness", 3))
    checkins.save_today(
        user=couple.b,
        answers={"feelings": ["calm"], "emotional_closeness": 5, "physical_closeness": 5, "stress": 4,
                 "note": CANARY, "shared": ["feelings"]},
    )  # fmt: skip

    a = new_phone()
    _log_in(a, couple.a)
    a.goto("/care/")
    assert a.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        a.screenshot(path=os.path.join(SHOTS, "report-care-phone.png"), full_page=True)
    text = pdf_text(_download(a, f"#report-pdf-{episode.pk}"))
    for words in (couple.a.name, couple.b.name, "Closeness overall", "Reliably better", "Reliably worse"):
        assert words in text, words
    assert CANARY not in text and "Fear of closeness" not in text

    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url, accept_downloads=True)
    doc = ctx.new_page()
    refused: list[str] = []
    doc.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    _log_in(doc, clinic.rivera.user)
    doc.goto(f"/clinic/care/{episode.pk}/")
    if SHOTS:
        doc.locator("#reports-panel").screenshot(path=os.path.join(SHOTS, "report-panel-desktop.png"))
    doc.click("#report-view")
    doc.wait_for_selector("#report")
    assert "Reliably better" in doc.inner_text("#report")
    assert f"{couple.b.name} does not share their assessment scores with you" in doc.inner_text("#report-sharing")
    if SHOTS:
        doc.screenshot(path=os.path.join(SHOTS, "report-preview-desktop.png"), full_page=True)
    assert refused == []
    clinician = pdf_text(_download(doc, "#download-report"))
    assert couple.a.name in clinician and "Reliably better" in clinician and "Jacobson-Truax RC" in clinician
    assert "Reliably worse" not in clinician and "Fear of closeness" not in clinician  # B shares no scores
    assert CANARY not in clinician
    # The FHIR export from the same panel: it parses back, and B (no scores consent) is not in it.
    doc.goto(f"/clinic/care/{episode.pk}/")
    with doc.expect_download() as info:
        doc.click("#measures-fhir")
    assert info.value.suggested_filename.endswith(".fhir.json")
    with open(info.value.path(), "rb") as fh:
        bundle = Bundle.model_validate_json(fh.read())
    assert [e.resource.get_resource_type() for e in bundle.entry].count("Patient") == 1
    ctx.close()
