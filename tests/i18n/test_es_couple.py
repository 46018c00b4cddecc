"""A couple with one partner in Spanish and one in English: each reads Today, the check-in and the
revealed answers in their own language, and each one's words are shown as written, marked with the
writer's `lang`. Notes sent to a partner are worded in the partner's language, not the sender's."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from closeknit import access
from closeknit.checkins import services
from closeknit.nudges import push
from closeknit.nudges import services as nudges

pytestmark = pytest.mark.django_db

SPANISH_WORDS = "Hoy trajiste café sin que te lo pidiera."
ENGLISH_WORDS = "You made dinner when I was tired."


@pytest.fixture
def bilingual(bilingual):
    """The bilingual couple (tests/i18n/conftest.py), both checked in today and shared their words."""
    couple = bilingual
    access.forget(couple.a)
    shared = ["feelings", "emotional_closeness", "appreciation"]
    base = {"feelings": ["calm"], "emotional_closeness": 7, "shared": shared}
    services.create_checkin(user=couple.a, answers={**base, "appreciation": SPANISH_WORDS})
    services.create_checkin(user=couple.b, answers={**base, "appreciation": ENGLISH_WORDS})
    return couple


def _page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _quote_lang(page: str, words: str) -> str | None:
    """The `lang` of the element that shows `words` (a partner's own answer)."""
    found = re.search(r'<(?:blockquote|p)[^>]*lang="([a-z-]+)"[^>]*>' + re.escape(words), page)
    return found.group(1) if found else None


def test_the_spanish_partner_reads_today_in_spanish_and_the_english_words_as_written(client, bilingual):
    page = _page(client, bilingual.a, "/")
    assert '<html lang="es">' in page
    assert "Hiciste tu check-in de hoy" in page and "Cambiar las respuestas de hoy" in page
    assert "You checked in today" not in page
    # The partner's revealed words: as written, in English, and marked so.
    assert ENGLISH_WORDS in page and _quote_lang(page, ENGLISH_WORDS) == "en"
    assert f"{bilingual.b.name} valora" in page
    # One's own words keep their own language too.
    assert _quote_lang(page, SPANISH_WORDS) == "es"


def test_the_english_partner_reads_the_same_day_in_english(client, bilingual):
    page = _page(client, bilingual.b, "/")
    assert '<html lang="en">' in page
    assert "You checked in today" in page and "Hiciste tu check-in" not in page
    assert SPANISH_WORDS in page and _quote_lang(page, SPANISH_WORDS) == "es"
    assert f"{bilingual.a.name} appreciates" in page


def test_the_check_in_form_speaks_each_partners_language(client, bilingual):
    spanish = _page(client, bilingual.a, "/checkin/")
    assert "¿Cómo te sientes ahora?" in spanish and "¿Qué tan cerca te sientes emocionalmente?" in spanish
    assert f"¿Compartir con {bilingual.b.name}?" in spanish
    assert 'data-save-many="Guardar y compartir {n} respuestas con' in spanish  # the words checkin.js uses
    assert "How do you feel right now?" not in spanish
    english = _page(client, bilingual.b, "/checkin/")
    assert "How do you feel right now?" in english and "¿Cómo te sientes" not in english


def test_a_refused_check_in_says_why_in_spanish(client, bilingual):
    client.force_login(bilingual.a)
    page = client.post("/checkin/", {"feelings": [], "shared": []}).content.decode()
    assert "Elige al menos una palabra para decir cómo te sientes." in page


def test_the_reveal_in_history_keeps_each_writers_language(client, bilingual):
    page = _page(client, bilingual.a, "/history/")
    assert "Tu historial" in page and "Día a día" in page
    assert _quote_lang(page, ENGLISH_WORDS) == "en"
    assert "Day by day" in _page(client, bilingual.b, "/history/")


def test_the_safety_pages_read_spanish(client, make_user):
    client.force_login(make_user(language="es"))
    help_page = client.get("/help/").content.decode()
    assert "Pedir ayuda" in help_page and "Mantener tu visita en privado" in help_page
    assert "Hacer un plan de seguridad" in help_page
    plan = client.get("/help/safety-plan/").content.decode()
    assert "Un lugar seguro" in plan and "Si estás pensando en irte" in plan


def test_a_note_to_the_partner_is_in_the_partners_language(bilingual):
    spanish, english = bilingual.a, bilingual.b
    with translation.override("en"):  # the English partner's request sends it
        note = nudges._message(spanish, "nudge", lambda: "x", {"author": english})
        assert f"Hola, {spanish.name}:" in note.body and "hizo su check-in de hoy" in note.body
        assert "checked in today" not in note.body
        assert str(push.NOTES["reminder"].title) == "Time for your check-in"  # the sender's own language untouched
    with translation.override("es"):
        note = nudges._message(english, "nudge", lambda: "x", {"author": spanish})
        assert f"Hi {english.name}," in note.body and f"{spanish.name} checked in today" in note.body


def test_the_support_card_reads_spanish():
    from django.template.loader import render_to_string

    support = {"urgent": True, "resources": [{"name": "Línea", "phone": "800 000", "tel": "800000"}], "violence": True}
    support["country"] = {"emergency": "911"}
    with translation.override("es"):
        card = render_to_string("safety/_support_card.html", {"support": support})
    assert "No tienes que cargar con esto a solas" in card and "Llamar al 800 000" in card
    assert "¿Estás en peligro ahora? Llama al 911." in card and "Esto no se trata de mí" in card
