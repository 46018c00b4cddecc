"""Which language a short text is in, English or Spanish, offline: counts of function words.

    detect.language_of("Ya no quiero vivir")   -> "es"
    detect.language_of("I can't do this")      -> "en"
    detect.language_of("ok")                   -> None   (cannot tell: use the person's setting)

No model and no download: a text is scored by the everyday little words each language cannot do without
(articles, pronouns, prepositions, common verbs), plus the marks only Spanish writes (¿ ¡ ñ and accented
vowels). Words both languages share ("me", "no", "a", "con"... ) count for neither. A text with too little
evidence, or an even split, is None, and the caller falls back to the person's language setting.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Lang = Literal["en", "es"]

# Words frequent in one language and rare or absent in the other (Spanish without accents too, as people type).
_SPANISH_WORDS = """el la los las un una unos unas del al lo le les y o pero porque que qué quien quién cuando cuándo
    donde dónde como cómo mas más muy ya también tambien aunque sobre entre hasta desde para por
    es está esta estoy estás estas están soy eres era fue ser estar hay tengo tiene tienes tienen
    tenía tenia quiero quiere quieres puedo puede puedes voy vas va vamos hace hago dijo hoy
    mi mis tu tus su sus yo él ella ellos ellas nosotros usted nada nadie algo todo todos siempre
    nunca otra otro ahora aquí aqui bien mal sí gracias hola pues solo sólo mucho mucha poco de en se te
    con esto eso esa ese esos esas vez día dia días dias noche anoche ayer mañana manana casa miedo vivir
    morir mejor ganas pareja esposo esposa novio novia marido amigas amigos hijos niños ninos dinero
    celular todas porqué también ningún ninguna cada después despues antes mientras nos"""
_ENGLISH_WORDS = """the an and or but because that what who when where how why very also although without about
    between until from for of to in on at with is are am was were be been being have had do does
    did i i'm im you he she it we they my your his her our their this these those there here not
    don't dont can't cant won't wont just really so if then than all some any nothing nobody
    anything always never now want wants going gonna can could would should will it's its i've i'd
    get got feel felt know think go went like one more out up him them us off again last night today
    tomorrow day time home said told anymore who's what's doesn't didn't isn't i'll you're we're"""
SPANISH: Final = frozenset(_SPANISH_WORDS.split())
ENGLISH: Final = frozenset(_ENGLISH_WORDS.split())
SPANISH_MARKS: Final = re.compile(r"[¿¡ñÑáéíóúÁÉÍÓÚü]")
_WORDS: Final = re.compile(r"[a-záéíóúüñ']+", re.IGNORECASE)
MIN_EVIDENCE: Final = 2  # at least this many telling words (or marks) before we say anything
MARGIN: Final = 1.5  # and one language this many times the other


def scores(text: str) -> tuple[float, float]:
    """(english, spanish): telling words of each, a Spanish mark counting as one Spanish word."""
    words = [w.lower() for w in _WORDS.findall(text)]
    en = sum(1 for w in words if w in ENGLISH)
    es = sum(1 for w in words if w in SPANISH) + len(SPANISH_MARKS.findall(text))
    return float(en), float(es)


def language_of(text: str) -> Lang | None:
    """ "en", "es", or None when the text says too little to tell."""
    en, es = scores(text)
    if max(en, es) < MIN_EVIDENCE:
        return None
    if es >= en * MARGIN and es > en:
        return "es"
    if en >= es * MARGIN and en > es:
        return "en"
    return None


def language_for(text: str, fallback: str | None) -> Lang:
    """The text's language; where it cannot tell, the person's setting ("es..." is Spanish), else English."""
    return language_of(text) or setting_language(fallback)


def setting_language(setting: str | None) -> Lang:
    """What a person's language setting means here: "es..." is Spanish, anything else English."""
    return "es" if (setting or "").lower().startswith("es") else "en"
