"""Progress reports: what each version holds, who may open it, and that the PDF says it (pdftotext).

Real administrations (assessments.services.take), real consent and reveal rules, real WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess

import pytest

from closeknit.assessments import definitions
from closeknit.assessments import services as assessments
from closeknit.assessments.models import CareStep
from closeknit.checkins import services as checkins
from closeknit.clinic.models import AccessLog, Intensive, Measure
from closeknit.clinic.reports import data, render
from closeknit.clinic.services import care
from closeknit.core.errors import NotFound

CANARY = "Marigold lighthouse whispers seventeen"
NOTE = "A weekly check-in walk, phones at home."


def answers_for(slug: str, level: float, rng: random.Random | None = None) -> dict[str, int]:
    """Every item answered so each score lands near `level` (reverse-keyed items answered the other way)."""
    out = {}
    for item in definitions.get(slug).items:
        lo, hi = min(a.value for a in item.scale.anchors), max(a.value for a in item.scale.anchors)
        v = level + (rng.uniform(-0.6, 0.6) if rng else 0)
        v = max(lo, min(hi, round(v)))
        out[item.id] = int(hi + lo - v if item.reverse else v)
    return out


def learn_norms(make_user, n: int = 32) -> None:
    """Enough first results from other people for closeknit to learn an SD and alpha (progress.usage_norms)."""
    rng = random.Random(7)
    for _ in range(n):
        assessments.take(
            user=make_user(), slug="closeness-check", answers=answers_for("closeness-check", rng.uniform(0, 4), rng)
        )


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


@pytest.fixture
def episode(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="no_secrets")
    e.refresh_from_db()
    return e


def share(e, person, category="scores", granted=True):
    care.set_consent(user=person, episode_id=e.pk, category=category, granted=granted)


@pytest.fixture
def results(couple, episode):
    """Both partners take the closeness check twice: A from 1 to 4 (better), B from 1 to 0 (worse; B's
    middle result, 3, is neither first nor latest, so it is in no report). B also a fear-of-closeness result
    and a private check-in note carrying the canary."""
    a1 = assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 1))
    b1 = assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 1))
    a2 = assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 4))
    b0 = assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 3))
    b2 = assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 0))
    assessments.take(user=couple.b, slug="fear-of-closeness", answers=answers_for("fear-of-closeness", 3))
    checkins.save_today(
        user=couple.b,
        answers={"feelings": ["calm"], "emotional_closeness": 5, "physical_closeness": 5, "stress": 4,
                 "note": CANARY, "shared": ["feelings"]},
    )  # fmt: skip
    return {"a": (a1, a2), "b": (b1, b0, b2)}


def names(report: data.Report, slug: str) -> list[str]:
    section = next((s for s in report.sections if s.instrument.slug == slug), None)
    return [p.name for p in section.people] if section else []


def test_clinician_pdf_holds_names_scores_verdicts_and_logs_each_read(clinic, couple, episode, results, make_user):
    learn_norms(make_user)
    share(episode, couple.a)
    share(episode, couple.b)
    report = data.clinician_report(clinic.rivera.user, episode.pk)
    text = pdf_text(render.pdf(report))
    for words in (couple.a.name, couple.b.name, "Dr. Rivera", "Harbor Couples Care", "Closeness check",
                  "Closeness overall", "Reliably better", "Reliably worse", "Jacobson-Truax RC",
                  "One partner reliably improved; the other reliably got worse", "not yet validated",
                  "Page 1 of", "Maintenance plan"):  # fmt: skip
        assert words in text, words
    section = report.sections[0]
    a, b = section.people
    assert [p.value for p in a.total.points] == [1.0, 4.0] and a.total.difference == 3.0
    assert [p.value for p in b.total.points] == [1.0, 0.0] and b.total.latest.worse
    assert "+3.00" in text and "-1.00" in text
    assert section.chart and section.chart.startswith("<svg") and "<script" not in section.chart
    # B took fear of closeness and shares scores with the clinician: it is there, for the clinician only.
    assert names(report, "fear-of-closeness") == [couple.b.name]
    assert CANARY not in text
    logs = AccessLog.objects.filter(episode=episode, category="scores").order_by("subject_id")
    assert [(x.subject_id, x.what, x.items) for x in logs] == [
        (couple.a.pk, "progress report", 2),
        (couple.b.pk, "progress report", 3),
    ]


def test_clinician_without_b_consent_has_no_b_scores(clinic, couple, episode, results):
    share(episode, couple.a)
    share(episode, couple.b, category="checkins")  # another category opens nothing of B's scores
    report = data.clinician_report(clinic.rivera.user, episode.pk)
    assert [p.shared for p in report.partners] == [True, False]
    assert all(names(report, s.instrument.slug) == [couple.a.name] for s in report.sections)
    assert names(report, "fear-of-closeness") == []
    text = pdf_text(render.pdf(report))
    assert f"{couple.b.name} does not share their assessment scores with you" in text
    assert "Fear of closeness" not in text and "Couple pattern" not in text
    assert "-1.00" not in text  # B's change
    assert list(AccessLog.objects.values_list("subject_id", flat=True)) == [couple.a.pk]
    # Revoking A's consent takes A's scores out at once.
    share(episode, couple.a, granted=False)
    again = data.clinician_report(clinic.rivera.user, episode.pk)
    assert again.sections == () and AccessLog.objects.count() == 1


def test_partner_pdf_shows_own_and_revealed_scores_never_private_ones(clinic, couple, episode, results, make_user):
    learn_norms(make_user)
    report = data.partner_report(couple.a, episode.pk)
    assert names(report, "closeness-check") == ["You", couple.b.name]
    assert names(report, "fear-of-closeness") == []  # B's private scale: not even its existence
    text = pdf_text(render.pdf(report))
    for words in ("YOUR COPY", f"for {couple.a.name}", couple.b.name, "Closeness overall", "Reliably better",
                  "Reliably worse", "One of you reliably improved while the other reliably got worse"):  # fmt: skip
        assert words in text, words
    assert CANARY not in text and "Fear of closeness" not in text and "Fear of being let down" not in text
    assert "Jacobson-Truax RC" not in text  # the numbers behind the words are for the clinician
    assert "Reading these results" not in text
    b_text = pdf_text(render.pdf(data.partner_report(couple.b, episode.pk)))
    assert "Fear of closeness" in b_text and CANARY not in b_text  # B's own; a check-in note is in no report
    assert AccessLog.objects.count() == 0  # a partner reading their own report is not a clinician read


def test_partner_sees_other_partner_waiting_until_they_answer(clinic, couple, episode):
    assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 2))
    assessments.take(user=couple.b, slug="weekly-pulse", answers=answers_for("weekly-pulse", 6))
    report = data.partner_report(couple.a, episode.pk)
    section = report.sections[0]
    assert section.instrument.slug == "closeness-check"
    (b,) = section.people
    assert b.lines == () and b.waiting == ("First",)
    text = pdf_text(render.pdf(report))
    assert "You'll see it here once you've answered in the same round" in text
    assert "Closeness overall" not in text  # no score row of B's
    assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 3))
    opened = data.partner_report(couple.a, episode.pk).sections[0]
    assert [p.name for p in opened.people] == ["You", couple.b.name]
    assert opened.people[1].total.points[0].value == 2.0


def test_without_norms_the_verdict_is_cant_tell_yet(clinic, couple, episode, results):
    share(episode, couple.a)
    report = data.clinician_report(clinic.rivera.user, episode.pk)
    assert report.sections[0].people[0].total.verdict == "Can't tell yet"
    text = pdf_text(render.pdf(report))
    assert "Can't tell yet" in text and "no reliable-change claim is made" in text


def test_intensive_phases_and_maintenance_plan(clinic, couple, episode, make_user):
    learn_norms(make_user)
    share(episode, couple.a)
    share(episode, couple.b)
    today = dt.date.today()
    intensive = Intensive.objects.create(
        episode=episode, name="Two-day intensive", maintenance_note=NOTE, starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=59), pre_due_on=today - dt.timedelta(days=61),
    )  # fmt: skip
    levels = {couple.a: {"pre": 1, "post": 3, "follow_1m": 4}, couple.b: {"pre": 2, "post": 2, "follow_1m": 1}}
    for person, phases in levels.items():
        for phase, level in phases.items():
            adm = assessments.take(user=person, slug="closeness-check", answers=answers_for("closeness-check", level))
            Measure.objects.create(
                episode=episode, intensive=intensive, user=person, instrument="closeness-check", phase=phase,
                opens_on=today, due_on=today, administration=adm, completed_at=adm.submitted_at,
            )  # fmt: skip
    stray = assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 0))
    Measure.objects.create(
        episode=episode, intensive=intensive, user=couple.a, instrument="closeness-check", phase="follow_3m",
        opens_on=today, due_on=today, administration=stray, cancelled_at=stray.submitted_at,
    )  # fmt: skip
    CareStep.objects.create(couple_id=couple.couple_id, practice="active-listening", how_often="twice a week",
                            source="Your intensive with Dr. Rivera")  # fmt: skip
    report = data.clinician_report(clinic.rivera.user, episode.pk)
    section = report.sections[0]
    assert [label for _, label in section.phases] == ["Before", "After", "1 month on"]  # the cancelled one is out
    if os.environ.get("REPORT_SAMPLE"):  # a sample to look at: REPORT_SAMPLE=/tmp/sample.pdf
        with open(os.environ["REPORT_SAMPLE"], "wb") as fh:
            fh.write(render.pdf(report))
    a, b = section.people
    assert [st.label for st in a.total.steps] == ["After", "1 month on"]
    assert a.total.latest.improved and b.total.latest.worse
    text = pdf_text(render.pdf(report))
    for words in ("Two-day intensive", NOTE, "Before", "After", "1 month on", "Listening so your partner feels heard",
                  "twice a week", "After, compared with before"):  # fmt: skip
        assert words in text, words
    mine = data.partner_report(couple.b, episode.pk)
    assert [label for _, label in mine.sections[0].phases] == ["Before", "After", "1 month on"]


def test_unknown_or_refused_episode_is_not_found(clinic, couple, episode, make_couple):
    with pytest.raises(NotFound):
        data.clinician_report(clinic.rivera.user, episode.pk + 999)
    with pytest.raises(NotFound):
        data.clinician_report(clinic.okafor.user, episode.pk)
    with pytest.raises(NotFound):
        data.partner_report(make_couple().a, episode.pk)


def test_fetcher_serves_only_our_static_files_and_data_urls():
    fetcher = render._fetcher()
    css = fetcher.fetch(render.BASE_URL + "static/css/report.css")
    assert b"@page" in css.read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in ("https://example.com/x.png", "http://127.0.0.1:8104/static/css/report.css", "file:///etc/passwd",
                render.BASE_URL + "static/../../settings.py", render.BASE_URL + "media/clinic/x.png"):  # fmt: skip
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_names_with_markup_stay_text(clinic, make_couple, make_user):
    pair = make_couple(display_name='<img src="http://127.0.0.1:9/x.png">Kim')
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (pair.a, pair.b):
        care.join_episode(user=p, token=e.join_token)
    html = render.html(data.partner_report(pair.a, e.pk))
    assert "<img src" not in html and "&lt;img" in html


def test_after_care_ends_the_clinician_reads_no_scores(clinic, couple, episode, results):
    share(episode, couple.a)
    care.end_episode(user=clinic.rivera.user, episode_id=episode.pk)
    report = data.clinician_report(clinic.rivera.user, episode.pk)
    assert report.sections == () and report.care_to is not None
    assert "care has ended, so their scores are no longer shared with you" in pdf_text(render.pdf(report))
    assert AccessLog.objects.count() == 0
    mine = data.partner_report(couple.a, episode.pk)  # a partner keeps their own copy
    assert names(mine, "closeness-check") == ["You", couple.b.name]


def test_results_from_before_care_are_the_baseline_and_say_so(clinic, couple):
    """The desk shows a partner's latest scores whenever they were taken; the report holds the same
    results, marks the ones from before care began, and compares later ones with them. A partner who
    does not share scores still has nothing of theirs in it."""
    assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 3))
    assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 2))
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="no_secrets")
    share(e, couple.a)
    share(e, couple.b, category="checkins")
    report = data.clinician_report(clinic.rivera.user, e.pk)
    assert not report.empty and report.has_baseline
    (section,) = report.sections
    assert [label for _, label in section.phases] == ["Before care began"]
    (a,) = section.people
    assert a.name == couple.a.name and [p.value for p in a.total.points] == [3.0]
    text = pdf_text(render.pdf(report))
    assert "no results to show yet" not in text
    assert "Before care began" in text and "starting point" in text and "3 " in text.split("Closeness overall")[1]
    assert f"{couple.b.name} does not share their assessment scores with you" in text
    assert text.count("Closeness overall") == 1  # A's row only: nothing of B's
    # A later result is compared with the baseline.
    assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 1))
    later = data.clinician_report(clinic.rivera.user, e.pk).sections[0].people[0].total
    assert [p.label for p in later.points] == ["Before care began", "First"] and later.difference == -2.0
    assert "First, compared with before care began" in pdf_text(
        render.pdf(data.clinician_report(clinic.rivera.user, e.pk))
    )
    # B's own copy shows B's baseline; A's copy shows B's only once A has answered in the same round.
    mine = data.partner_report(couple.b, e.pk)
    assert mine.sections[0].people[0].name == "You" and mine.sections[0].people[0].total.points[0].phase == "baseline"
