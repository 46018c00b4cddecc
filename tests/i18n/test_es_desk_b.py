"""The clinician's desk, part B, in Spanish: a clinician whose language is "es" reads the care page, an
intensive day and the progress report (preview and PDF) in Spanish; an English clinician's stay English.
Names, numbers and scores are the same in both."""

from __future__ import annotations

import re

import pytest

from closeknit import access
from tests.clinic.conftest import clinic  # noqa: F401  # the clinic fixture: Dr. Rivera at Harbor Couples Care
from tests.clinic.intensive_helpers import joined_episode, schedule
from tests.clinic.test_reports import answers_for, pdf_text

pytestmark = pytest.mark.django_db


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
    access.forget(user)


@pytest.fixture
def desk(clinic, couple):  # noqa: F811
    """An episode both partners joined, sharing their scores; each took the closeness check twice; a
    two-day intensive is scheduled."""
    from closeknit.assessments import services as assessments

    episode = joined_episode(clinic, couple, consent_scores=True)
    for person, first, last in ((couple.a, 1, 4), (couple.b, 1, 0)):
        assessments.take(user=person, slug="closeness-check", answers=answers_for("closeness-check", first))
        assessments.take(user=person, slug="closeness-check", answers=answers_for("closeness-check", last))
    intensive = schedule(clinic, episode)
    return episode, intensive


def _get(client, user, path: str):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize("language", ["es", "en"])
def test_episode_page_and_intensive_day_follow_the_clinicians_language(client, clinic, couple, desk, language):  # noqa: F811
    episode, intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, language)
    page = _get(client, rivera, f"/clinic/care/{episode.pk}/").content.decode()
    day = _get(client, rivera, f"/clinic/intensives/{intensive.pk}/day/1/").content.decode()
    overview = _get(client, rivera, f"/clinic/intensives/{intensive.pk}/").content.decode()
    spanish = {
        "page": ("Notas clínicas", "Escribir una nota", "Informe de avance", "Programar un intensivo"),
        "day": ("Día 1", "Agenda", "Puntajes de un vistazo", "Empezar el bloque", "Objetivos, pasos y nota"),
        "overview": ("Chequeos", "Cancelar este intensivo", "Agregar a tu calendario"),
    }
    english = {
        "page": ("Clinical notes", "Write a note", "Progress report", "Schedule an intensive"),
        "day": ("Day 1", "Agenda", "Scores at a glance", "Start block", "Goals, checklist and note"),
        "overview": ("Check-ups", "Cancel this intensive", "Add to your calendar"),
    }
    expected, other = (spanish, english) if language == "es" else (english, spanish)
    for text, name in ((page, "page"), (day, "day"), (overview, "overview")):
        for words in expected[name]:
            assert words in text, (name, words)
        for words in other[name]:
            if words not in expected[name] and words != "Agenda":
                assert words not in text, (name, words)
    assert couple.a.name in page and couple.b.name in page


def test_report_preview_and_pdf_are_in_spanish_for_a_spanish_clinician(client, clinic, couple, desk):  # noqa: F811
    episode, _intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, "es")
    preview = _get(client, rivera, f"/clinic/care/{episode.pk}/report/").content.decode()
    for words in ("Informe de avance", "Copia del terapeuta · confidencial", "Qué comparte cada integrante",
                  "Plan de mantenimiento", "Cómo leer estos resultados", "Descargar PDF", "Veredicto"):  # fmt: skip
        assert words in preview, words
    assert "Progress report" not in preview and "Maintenance plan" not in preview
    response = _get(client, rivera, f"/clinic/care/{episode.pk}/report.pdf")
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    for words in (couple.a.name, couple.b.name, "Dr. Rivera", "Harbor Couples Care", "Informe de avance",
                  "Terapeuta", "Plan de mantenimiento", "Jacobson-Truax", "no es un diagnóstico"):  # fmt: skip
        assert words in text, words
    for words in ("Progress report", "Maintenance plan", "Reading these results", "not a diagnosis"):
        assert words not in text, words


def test_an_english_clinicians_report_pdf_stays_english(client, clinic, couple, desk):  # noqa: F811
    episode, _intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, "en")
    response = _get(client, rivera, f"/clinic/care/{episode.pk}/report.pdf")
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    for words in ("Progress report", "Clinician", "Maintenance plan", "not a diagnosis"):
        assert words in text, words
    assert "Informe de avance" not in text and "Plan de mantenimiento" not in text


def test_the_intensive_reminder_reaches_each_partner_in_their_own_language(clinic, couple):  # noqa: F811
    import datetime as dt

    from django.core import mail

    from closeknit.clinic import emails
    from tests.clinic.intensive_helpers import today

    _speaks(couple.a, "es")
    intensive = schedule(clinic, joined_episode(clinic, couple), starts_on=today() + dt.timedelta(days=2))
    mail.outbox.clear()
    emails.intensive_reminder(intensive_id=intensive.pk)
    sent = {m.to[0]: m for m in mail.outbox}
    spanish, english = sent[couple.a.email], sent[couple.b.email]
    assert spanish.subject.startswith("closeknit: Tu intensivo con Dr. Rivera empieza el ")
    assert (
        "Día 1:" in spanish.body
        and re.search(r"\d+ de [a-z]+", spanish.subject)
        and "Te recordamos" in spanish.body
        and "Day 1:" not in spanish.body
    )
    assert english.subject.startswith("closeknit: Your intensive with Dr. Rivera starts")
    assert "Day 1:" in english.body and "A reminder that your" in english.body


def test_the_numbers_behind_a_verdict_read_in_spanish(client, clinic, couple, desk, make_user):  # noqa: F811
    """change.py's words for a clinician (the detail after each verdict) reach the report page and its PDF
    in Spanish: the method keeps its name (Jacobson-Truax RC), the sentence around it and the decimal mark
    are Spanish. Norms learnt from use make the verdicts real, so the numbers are there to read."""
    from tests.clinic.test_reports import learn_norms

    learn_norms(make_user)
    episode, _intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, "es")
    preview = _get(client, rivera, f"/clinic/care/{episode.pk}/report/").content.decode()
    detail = re.search(r'<span class="detail">(Jacobson-Truax RC = [^<]*)</span>', preview)
    assert detail is not None, "no detail for the clinician"
    sentence = detail.group(1)
    assert "indica un cambio confiable" in sentence and "DE de referencia" in sentence, sentence
    assert "alfa de Cronbach" in sentence and re.search(r"confiabilidad 0,\d\d", sentence), sentence
    for english in ("is reliable", "reference SD", "a reliable change is more than", "Cronbach's alpha"):
        assert english not in sentence, english
    response = _get(client, rivera, f"/clinic/care/{episode.pk}/report.pdf")
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "indica un cambio confiable" in text and "DE de referencia" in text
    assert "is reliable" not in text


def test_without_norms_the_clinician_reads_why_in_spanish(client, clinic, couple, desk):  # noqa: F811
    episode, _intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, "es")
    preview = _get(client, rivera, f"/clinic/care/{episode.pk}/report/").content.decode()
    assert "Esta escala todavía no tiene DE de referencia ni confiabilidad" in preview
    assert "No reference SD" not in preview


_ES_DAYS = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]
_ES_MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
_ES_MONTH_NAMES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                   "octubre", "noviembre", "diciembre"]  # fmt: skip
_CAPITAL_MONTH = re.compile(r"\d (Ene|Feb|Mar|Abr|May|Jun|Jul|Ago|Sep|Oct|Nov|Dic)\b")


def test_desk_dates_read_as_spanish_writes_them(client, clinic, couple, desk):  # noqa: F811
    """Django's "M" capitalises the month ("5 Dic"); Spanish writes it small mid-sentence ("sáb 5 dic"),
    and a long date takes "de" ("sábado 5 de diciembre de 2026"). The English desk keeps "Sat 5 Dec"."""
    episode, intensive = desk
    rivera = clinic.rivera.user
    _speaks(rivera, "es")
    first = intensive.starts_on
    overview = _get(client, rivera, f"/clinic/intensives/{intensive.pk}/").content.decode()
    page = _get(client, rivera, f"/clinic/care/{episode.pk}/").content.decode()
    short = f"{_ES_DAYS[first.weekday()]} {first.day} {_ES_MONTHS[first.month - 1]}"
    assert f"Día 1 · {short}" in overview, short
    assert f"{first.day} de {_ES_MONTH_NAMES[first.month - 1]} de {first.year}" in overview
    assert f"{short} {first.year}" in page  # the episode's intensives table
    for text in (overview, page):
        assert not _CAPITAL_MONTH.search(text), _CAPITAL_MONTH.search(text)
    _speaks(rivera, "en")
    english = _get(client, rivera, f"/clinic/intensives/{intensive.pk}/").content.decode()
    assert f"Day 1 · {first:%a} {first.day} {first:%b}" in english


def test_a_spanish_clinician_is_told_in_spanish_to_hand_over_their_leads(client, clinic):  # noqa: F811
    from tests.clinic.helpers import reach
    from tests.conftest import PASSWORD

    reach(clinic.rivera)
    rivera = clinic.rivera.user
    _speaks(rivera, "es")
    client.force_login(rivera)
    refused = client.post("/settings/delete/", {"password": PASSWORD})
    page = refused.content.decode()
    assert refused.status_code == 409 and "Una persona que te escribió sigue a tu cargo" in page
    assert "still in your hands" not in page
