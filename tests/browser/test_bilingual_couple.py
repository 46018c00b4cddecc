"""A bilingual couple on two phones: Sam reads closeknit in Spanish, Alex in English. Through the check-in,
the reveal and the hard conversation each phone speaks its own person's language, and what the other
wrote is shown as written (never translated), marked with the writer's language; the coach reads Sam's
Spanish words in Spanish."""

from __future__ import annotations

import pytest

from tests.browser.helpers import check_in, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_phone_in_spanish_one_in_english(new_phone, make_couple):
    pair = make_couple()
    pair.a.language = "es"
    pair.a.save(update_fields=["language"])
    es, en = new_phone(), new_phone()
    log_in(es, pair.a)
    log_in(en, pair.b)

    # Each phone speaks its person's language from the first page after signing in.
    assert es.get_attribute("html", "lang") == "es" and en.get_attribute("html", "lang") == "en"
    assert es.inner_text("#get-help") == "Pedir ayuda"
    assert en.inner_text("#get-help") == "Get help now"

    # The Spanish phone checks in; its form is in Spanish, the feelings in Spanish words.
    es.goto("/checkin/")
    assert "Con gratitud" in es.inner_text("form")
    check_in(es, feelings=["grateful", "hopeful"], appreciation="Gracias por el café de esta mañana")

    # Answer-then-reveal holds across languages: the English phone sees that Sam answered, nothing more.
    en.goto("/")
    assert "Answered, waiting for you" in en.inner_text("#partner-card")
    assert "café" not in en.content()
    es.goto("/")
    assert "Aún no hace su check-in de hoy" in es.inner_text("#partner-card")

    # Alex answers in English; now each sees the other's shared words as written, in the writer's language,
    # and the feelings each picked in the reader's own words.
    check_in(en, feelings=["calm"], appreciation="Thank you for the walk")
    en.goto("/")
    card = en.locator("#partner-card")
    assert "Grateful" in card.inner_text() and "Con gratitud" not in card.inner_text()
    said = card.locator("blockquote", has_text="Gracias por el café de esta mañana")
    assert said.get_attribute("lang") == "es"
    es.goto("/")
    card = es.locator("#partner-card")
    assert "En calma" in card.inner_text()
    assert card.locator("blockquote", has_text="Thank you for the walk").get_attribute("lang") == "en"

    # The hard conversation: Sam opens it in Spanish; Alex joins in English.
    es.goto("/practices/hard-conversation/")
    es.click("#start-talk")
    # The coach reads Sam's own Spanish words and answers in Spanish, with a Spanish rewrite.
    es.fill("#own", "Nunca me ayudas con los platos.")
    es.click("#coach-check-own")
    es.locator("#coach-card-own").wait_for()
    assert "Crítica" in es.inner_text("#coach-card-own")
    assert es.input_value("#rewrite-own").startswith("Siento frustración por lo de los platos.")
    es.fill("#own", "")
    es.check("input[value=feel-worried]")
    es.check("input[value=about-chores]")
    es.check("input[value=need-hug]")
    opener = es.inner_text("#opener-preview")
    assert opener.startswith("Siento") and "Necesito" in opener
    es.click("#begin-talk")
    assert es.inner_text("#floor-holder") == "Tienes la palabra"

    en.goto("/")
    en.locator("#join-talk").click()
    en.wait_for_url("**/practices/talk/*/")
    assert en.inner_text("#floor-holder") == f"{pair.a.name} has the floor"
    shown = en.locator("#opener")
    assert shown.inner_text() == opener and shown.get_attribute("lang") == "es"  # as written, never translated

    # The floor passes; each phone says so in its own language.
    es.locator("#timer-clock").wait_for()
    es.click("#done-speaking")
    en.wait_for_selector("#said-back")
    en.click("#said-back")
    es.wait_for_selector("#felt-heard")
    es.click("#felt-heard")
    en.wait_for_selector("text=You have the floor")
    assert es.inner_text("#floor-holder") == f"{pair.b.name} tiene la palabra"

    # Quick exit and help stay one tap away on both, in both languages.
    assert es.is_visible("#quick-exit") and es.inner_text("#quick-exit") == "Salir"
    assert en.is_visible("#quick-exit") and en.inner_text("#quick-exit") == "Exit"
