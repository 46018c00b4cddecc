"""Check-ups in Spanish: our own scales read in the person's language, score exactly as in English (the same
ids, scales, keys and bands), and say plainly to a Spanish reader that they are not yet validated in Spanish;
the note follows each instrument's `validated_in` list, not the template. A reader sees a partner's shared
answers, or a clinician a Spanish-speaking couple's scores, with the words in the reader's own language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from closeknit.assessments import definitions, scoring
from closeknit.assessments import services as assessments
from closeknit.clinic.reports import data
from closeknit.clinic.services import care
from closeknit.core import content
from tests.assessments.conftest import full_answers

NOTE_ES = "Estas preguntas todavía no se han validado en español"
NOTE_EN = "have not yet been validated in"
SLUGS = ("closeness-check", "distance-drivers", "fear-of-closeness", "session-check", "weekly-pulse")


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- the definitions ------------------------------------------------------------------------------
def test_every_scale_has_its_spanish_and_scores_exactly_as_in_english():
    english, spanish = definitions.load_all(language="en"), definitions.load_all(language="es")
    assert set(english) == set(spanish) == set(SLUGS)
    for slug in SLUGS:
        en, es = english[slug], spanish[slug]
        assert (en.language, es.language) == ("en", "es")
        assert definitions._scoring(en) == definitions._scoring(es), slug
        assert en.title != es.title and en.items[0].text != es.items[0].text
        assert en.is_ours and es.is_ours and en.validated_in == es.validated_in == ()
        answers = full_answers(slug, 3)
        with_en, with_es = scoring.score(en, answers), scoring.score(es, answers)
        assert {k: r.value for k, r in with_en.subscales.items()} == {k: r.value for k, r in with_es.subscales.items()}
        assert (with_en.total.value if with_en.total else None) == (with_es.total.value if with_es.total else None)


def test_the_loader_follows_the_active_language():
    with translation.override("es"):
        assert definitions.get("weekly-pulse").title == "Pulso de la semana"
    with translation.override("en"):
        assert definitions.get("weekly-pulse").title == "Weekly pulse"
    assert definitions.get("weekly-pulse", language="es-MX").language == "es"


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


SOURCE = """slug: tiny
title: Tiny
version: "1"
label: closeknit scale, not yet validated
validated_in: []
instructions: Answer both.
respondent: individual
privacy: {results: private}
direction: higher_is_better
response_scales:
  two: {anchors: [{value: 0, text: "No"}, {value: 1, text: "Yes"}]}
scoring: {method: mean}
total: {title: Tiny total}
items:
  - {id: t1, scale: two, text: "First question"}
  - {id: t2, scale: two, text: "Second question"}
"""


def test_a_translation_that_would_score_differently_is_refused(tmp_path):
    _write(tmp_path, "tiny.yaml", SOURCE)
    spanish = (
        SOURCE.replace("label: closeknit scale, not yet validated", "label: escala de closeknit, aún no validada")
        .replace("Tiny total", "Total")
        .replace("First question", "Primera pregunta")
        .replace("Second question", "Segunda pregunta")
    )
    _write(tmp_path, "tiny.es.yaml", spanish)
    assert definitions.get("tiny", tmp_path, "es").items[0].text == "Primera pregunta"
    assert definitions.get("tiny", tmp_path, "en").items[0].text == "First question"
    definitions.clear_cache()
    _write(tmp_path, "tiny.es.yaml", spanish.replace("{id: t2, scale: two,", "{id: t2, scale: two, reverse: true,"))
    try:
        with pytest.raises(definitions.DefinitionError, match="scores differently from tiny.yaml"):
            definitions.load_all(tmp_path, "es")
        assert definitions.get("tiny", tmp_path, "en").title == "Tiny"  # English is unaffected
    finally:
        definitions.clear_cache()


def test_validated_in_is_data_and_our_scales_may_not_claim_it(tmp_path):
    _write(tmp_path, "tiny.yaml", SOURCE.replace("validated_in: []", "validated_in: [en]"))
    try:
        with pytest.raises(definitions.DefinitionError, match="validated_in"):
            definitions.load_all(tmp_path)
    finally:
        definitions.clear_cache()
    licensed = definitions.load_file(Path("tests/assessments/fixtures/example-licensed-scale.yaml"))
    assert licensed.validated_in == ("en",) and not licensed.is_ours  # an outside scale: its source language


# --- what a person sees ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_spanish_speaker_takes_a_check_up_in_spanish_and_is_told_it_is_not_validated_in_spanish(make_couple):
    pair = make_couple(language="es")
    c = client_for(pair.a)
    page = c.get("/checkups/closeness-check/take/").content.decode()
    spanish = definitions.get("closeness-check", language="es")
    assert spanish.items[0].text in page and spanish.instructions in page and "Nada cierto" in page
    assert NOTE_ES in page and 'id="validation-note"' in page
    assert "take-title" in page and "Chequeo de cercanía" in page
    adm = assessments.take(user=pair.a, slug="closeness-check", answers=full_answers("closeness-check", 3))
    result = c.get(f"/checkups/results/{adm.pk}/").content.decode()
    assert NOTE_ES in result and spanish.items[0].text in result and "escala de closeknit, aún no validada" in result


@pytest.mark.django_db
def test_an_english_speaker_sees_no_spanish_note(couple):
    c = client_for(couple.a)
    page = c.get("/checkups/weekly-pulse/take/").content.decode()
    assert "How close did you feel" in page and NOTE_EN not in page and "validation-note" not in page
    adm = assessments.take(user=couple.a, slug="weekly-pulse", answers=full_answers("weekly-pulse", 7))
    assert "validation-note" not in c.get(f"/checkups/results/{adm.pk}/").content.decode()


def test_the_note_follows_the_instruments_data_not_the_template():
    """An instrument validated in Spanish gets no note: the same template tag, different data."""
    from closeknit.assessments.templatetags.assessment_tags import validation_note

    with translation.override("en"):
        assert validation_note(definitions.get("weekly-pulse"))["show"] is False  # English: the label says it
    with translation.override("es"):
        inst = definitions.get("weekly-pulse")
        assert validation_note(inst)["show"] is True
        object.__setattr__(inst, "validated_in", ("es",))  # as a file with validated_in: [es] would load
        try:
            assert validation_note(inst)["show"] is False
        finally:
            object.__setattr__(inst, "validated_in", ())


@pytest.mark.django_db
def test_shared_answers_read_in_the_readers_language_with_the_same_values(make_user, make_couple):
    pair = make_couple()
    pair.a.language = "es"
    pair.a.save(update_fields=["language"])
    adm = assessments.take(user=pair.a, slug="closeness-check", answers=full_answers("closeness-check", 3))
    assessments.take(user=pair.b, slug="closeness-check", answers=full_answers("closeness-check", 1))
    assessments.share_answers(user=pair.a, administration_id=adm.pk, shared=True)
    english_reader = client_for(pair.b).get(f"/checkups/results/{adm.pk}/").content.decode()
    spanish_author = client_for(pair.a).get(f"/checkups/results/{adm.pk}/").content.decode()
    en_item = definitions.get("closeness-check", language="en").items[0].text
    es_item = definitions.get("closeness-check", language="es").items[0].text
    assert en_item in english_reader and es_item not in english_reader and NOTE_ES not in english_reader
    assert es_item in spanish_author and en_item not in spanish_author
    assert "Mostly true (3)" in english_reader and "Casi siempre cierto (3)" in spanish_author


# --- the clinician ---------------------------------------------------------------------------------
def _clinician_and_couple(make_user, make_couple, clinician_language: str):
    """A clinician speaking `clinician_language` caring for a couple who both speak Spanish and share scores."""
    from closeknit.clinic.services import practice as practice_services

    owner = make_user(display_name="Sam Owner")
    practice = practice_services.create_practice(owner=owner, name="Harbor", timezone="America/New_York")
    clinician = practice_services.create_clinician(
        practice=practice, user=make_user(display_name="Dr. Rivera", language=clinician_language),
        credentials="PhD", languages=["en", "es"], specialties=["distance"], cultural_competencies=[],
        modalities=["eft"], fee_min=100, fee_max=120, sliding_scale=False, online=True, in_person=False,
        meeting_link="https://meet.example.test/r", bio="Bio.", hours=[],
    )  # fmt: skip
    pair = make_couple(language="es")
    episode = care.start_episode(user=clinician.user, policy="no_secrets")
    for p in (pair.a, pair.b):
        care.join_episode(user=p, token=episode.join_token)
        care.acknowledge(user=p, episode_id=episode.pk, policy="no_secrets")
        care.set_consent(user=p, episode_id=episode.pk, category="scores", granted=True)
    return clinician, pair, episode


@pytest.mark.django_db
@pytest.mark.parametrize("clinician_language", ["en", "es"])
def test_a_clinician_reads_a_spanish_speaking_couples_scores_in_their_own_language(
    clinician_language, make_couple, make_user
):
    clinician, pair, episode = _clinician_and_couple(make_user, make_couple, clinician_language)
    assessments.take(user=pair.a, slug="closeness-check", answers=full_answers("closeness-check", 3))
    assessments.take(user=pair.b, slug="closeness-check", answers=full_answers("closeness-check", 1))
    c = client_for(clinician.user)
    page = c.get(f"/clinic/care/{episode.pk}/report/")
    assert page.status_code == 200
    body = page.content.decode()
    title = definitions.get("closeness-check", language=clinician_language).title
    assert title in body
    with translation.override(clinician_language):
        report = data.clinician_report(clinician.user, episode.pk)
    section = report.sections[0]
    assert not section.validated, "our own scale stays 'not yet validated' whatever the reader's language"
    english = definitions.get("closeness-check", language="en")
    expected = sorted(scoring.score(english, full_answers("closeness-check", v)).total.value for v in (1, 3))
    assert sorted(p.total.points[0].value for p in section.people) == pytest.approx(expected)  # either language
    assert c.get(f"/clinic/care/{episode.pk}/measures.fhir.json").status_code == 200
    assert content.language(clinician_language) == clinician_language


# --- intensives and note templates ----------------------------------------------------------------
def test_intensives_and_note_templates_load_in_spanish_with_the_same_shape():
    from closeknit.clinic import intensive_content, note_templates

    en, es = intensive_content.shipped("en"), intensive_content.shipped("es")
    assert en.keys() == es.keys() == {"two-day", "three-day"}
    for slug in en:
        shape = [[(b.kind, b.minutes, b.with_partner, b.practices) for b in day] for day in en[slug].days]
        assert shape == [[(b.kind, b.minutes, b.with_partner, b.practices) for b in day] for day in es[slug].days]
        assert en[slug].name != es[slug].name
    assert es["two-day"].days[0][0].title == "Su historia juntos"
    with translation.override("es"):
        assert note_templates.get("joint-session").title == "Sesión conjunta"
        assert intensive_content.shipped()["two-day"].name == "Intensivo de dos días"
    with translation.override("en"):
        assert note_templates.get("joint-session").title == "Joint session"
    assert {t.slug: t.kinds for t in note_templates.load("en").values()} == {
        t.slug: t.kinds for t in note_templates.load("es").values()
    }


@pytest.mark.django_db
def test_a_note_started_from_a_spanish_template_is_stored_as_written(make_user, make_couple):
    from closeknit.clinic.models import Note
    from closeknit.clinic.services import notes

    clinician, _pair, episode = _clinician_and_couple(make_user, make_couple, "es")
    with translation.override("es"):
        note = notes.create_note(user=clinician.user, episode_id=episode.pk, kind="session", template="joint-session")
    assert note.title == "Sesión conjunta" and "En qué trabajamos:" in note.body
    with translation.override("en"):  # the clinician switches to English: their note does not change
        again = Note.objects.get(pk=note.pk)
        assert again.title == "Sesión conjunta" and "En qué trabajamos:" in again.body
        page = client_for(clinician.user).get(f"/clinic/care/{episode.pk}/")
        assert page.status_code == 200
