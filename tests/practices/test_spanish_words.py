"""How the matcher reads Spanish: accents folded letter for letter, a light stemmer that lets the forms
people type meet, and a few look-alikes kept apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeknit.practices.spanish_words import EVERYDAY, STOPWORDS, everyday_idf, fold, stem, tokens


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (["peleamos", "peleas", "pelea", "pelear", "peleando", "peleábamos", "peleaban", "peleó"], True),
        (["hablamos", "hablar", "habla", "hablaba", "hablándole", "hablarle"], True),
        (["escucha", "escuchar", "escuchas", "escucharme", "escuchada", "escuchado"], True),
        (["discusión", "discusion", "discusiones"], True),
        (["celular", "celulares"], True),
        (["celos", "celoso", "celosa", "celosos"], True),
        (["mentira", "mentiras", "miente", "mintió", "mentir"], True),
        (["siento", "sientes", "sentir"], True),
        (["cansado", "cansada", "cansadísimos"], True),
        (["estrés", "estres", "estresado", "estresada"], True),
        (["comunicación", "comunicar", "comunicamos"], True),
        (["celos", "celular"], False),  # jealousy is not a phone
        (["cuento", "cuentas"], False),  # "le cuento" tells; "las cuentas" are bills
        (["sentimientos", "siento"], False),  # as "feelings" and "feel" in English
    ],
)
def test_the_forms_people_type_meet(words, same):
    stems = {stem(w) for w in words}
    assert (len(stems) == 1) is same, stems


def test_accents_fold_letter_for_letter_so_the_words_quoted_back_are_the_persons_own():
    text = "Ya no HABLAMOS, sólo de los niños y el estrés"
    assert fold(text) == "ya no hablamos, solo de los ninos y el estres"
    assert [w for _, w in tokens(text)] == ["Ya", "no", "HABLAMOS", "sólo", "de", "los", "niños", "y", "el", "estrés"]
    assert tokens("ya no hablámos") == [("ya", "ya"), ("no", "no"), ("habl", "hablámos")]


def test_little_words_are_stopwords_and_everyday_words_weigh_less():
    assert {stem(w) for w in ("que", "q", "los", "porque", "xq")} <= STOPWORDS
    assert stem("no") not in STOPWORDS  # "no me escucha" needs its "no"
    assert stem("trabajo") in EVERYDAY and everyday_idf(stem("trabajo")) < everyday_idf(stem("infidelidad"))


@given(st.text(max_size=80))
def test_any_text_folds_to_the_same_length_and_tokens_quote_the_text(text):
    assert len(fold(text)) == len(text)
    for s, written in tokens(text):
        assert written in text and (s == stem(written) or (s, stem(written)) == ("sol", "solo"))


def test_solo_is_alone_after_a_verb_of_feeling_or_being_and_only_elsewhere():
    assert tokens("me siento solo")[-1] == tokens("me siento sola")[-1][:1] + ("solo",)
    assert tokens("solo hablamos de los niños")[0][0] in STOPWORDS
    assert tokens("me siento sólo")[-1][0] in STOPWORDS  # the accent writes "only"
