"""How the matcher reads Spanish: accents folded, a light stemmer, stopwords, and which words are everyday.

People type Spanish on phones without accents ("como esta", "discusion") and with them: both meet
once accents are folded (á→a, ü→u, ñ→n), letter for letter, so the words a reason quotes back are
still the person's own. The stemmer is deliberately light and deterministic, a table and a list of
endings, not a full morphology: plural and gender endings go ("celosa", "celosos"), and the common
verb endings ("peleamos", "pelean", "peleando", "peleábamos" all meet "pelear"), with a pronoun glued
to an infinitive or gerund ("escucharme", "hablándole") dropped first. A few irregular verbs people
use about a relationship (siento, quiero, miente, dijo...) are listed by hand; anything else the
vocabulary lists in the forms people write (content/practices/matching/vocabulary.es.yaml).

Everyday words: the English matcher pushes down words that turn up in every comment ("work",
"kids") by their frequency in 43,410 English Reddit comments. There is no Spanish corpus of the
kind offline, so Spanish uses two tiers instead (docs/decisions.md): the everyday words listed
below count as "work" does in English, every other word as a typical relationship word does.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of `text`, so offsets hold."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        low = ch.lower()
        if len(low) != 1:
            low = ch
        if not low.isascii():
            base = unicodedata.normalize("NFD", low)[0]
            low = base if base.isascii() else low
        out.append(low)
    return "".join(out)


# Written without accents: they are compared after folding. "q", "xq", "pq" as people type them.
_STOPWORDS = """a al algo algun alguna algunas alguno algunos aqui ahi asi aun cada como con contra cual
    cuales cuando de del desde donde el ella ellas ello ellos en entre era eran eres es esa esas ese eso esos
    esta estaba estaban estamos estan estar estas este esto estos estoy fue fueron ha habia han has hasta hay
    he la las le les lo los me mi mis mio mia muy nos nosotros nuestra nuestro nuestras nuestros o os otra
    otras otro otros para pero por porque pues que quien se sea ser si sido sobre son soy su sus tambien te
    ti tu tus un una unas uno unos usted ustedes vos y ya yo q xq pq x tb mas tan tanto tanta
    mucho mucha muchos muchas todo toda todos todas"""

# Irregular forms a stemmer would send elsewhere, to the stem of their infinitive (or noun).
_IRREGULAR = {
    "sent": "siento sientes siente sienten sintio senti sentimos",
    "quer": "quiero quieres quiere quieren quiso quise",
    "pod": "puedo puedes puede pueden pudo pude",
    "pens": "pienso piensas piensa piensan",
    "entend": "entiendo entiendes entiende entienden entendio",
    "ten": "tengo tienes tiene tienen tuvo tuve",
    "dec": "digo dice dices dicen dijo dije dijiste diciendo",
    "hac": "hago hace haces hacen hizo hice",
    "ment": "miento mientes miente mienten mintio minti mintiendo mentira mentiras mentiroso mentirosa",
    "volv": "vuelvo vuelves vuelve vuelven",
    "perd": "pierdo pierdes pierde pierden",
    "dorm": "duermo duerme duermen durmio",
    "cost": "cuesta cuestan costo",
    "solt": "suelto suelta sueltan",
    "empez": "empiezo empieza empiezan",
    "record": "recuerdo recuerdos recuerda recuerdan",
    "encontr": "encuentro encuentra encuentran",
    "ped": "pido pide piden pidio",
    "segu": "sigo sigue siguen siguio",
    "vez": "veces vez",
    "conoc": "conozco conozca conozcas",
    "cont": "cuento cuentan cuente cuentes",  # contar (to tell); "cuenta(s)" is also a bill
    "celos": "celos celoso celosa celosos celosas",  # not "cel" (celular)
    "estres": "estres",  # not "estr": meets "estresado", "estresada"
    "solo": "solo",  # "only", a stopword; "alone" after a verb of feeling or being (see tokens)
    "fue": "fue",  # ser and ir: left alone
}
EXCEPTIONS = {form: stem_ for stem_, forms in _IRREGULAR.items() for form in forms.split()}

_CLITIC = re.compile(r"(?<=[a-z]{3})(ar|er|ir|ando|iendo)(me|te|se|le|les|lo|la|los|las|nos)$")
_SUPERLATIVE = re.compile(r"isim[oa]s?$")
# Longest first: the first that leaves a stem of three letters or more is taken.
_ENDINGS = sorted(
    """ariamos eriamos iriamos ieramos iesemos aramos abamos aremos eremos iremos aciones acion ieron
    iendo arian erian irian ares eres ires aban aran aron ando aste iste aria eria iria abas aras amos
    emos imos ados adas idos idas aba ara iera ieras ieran ado ada ido ida ian ias ia ar er ir an en as
    es os a e o s""".split(),  # noqa: SIM905 (easier to edit)
    key=len,
    reverse=True,
)
MIN_STEM = 3


def stem(word: str) -> str:
    """A light stemmer: "peleamos", "peleas", "pelea" and "pelear" meet; "celulares" meets "celular"."""
    word = fold(word)
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if len(word) <= MIN_STEM:
        return word
    if word.endswith("mente") and len(word) - 5 >= MIN_STEM + 1:
        word = word[:-5]  # "realmente" -> "real", then the usual endings
    word = _CLITIC.sub(r"\1", word)
    if (sup := _SUPERLATIVE.search(word)) and sup.start() >= MIN_STEM:
        word = word[: sup.start()] + "o"  # "cansadísimos" -> "cansado"
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, the word as the person wrote it) for each word."""
    out: list[tuple[str, str]] = []
    for m in WORD.finditer(fold(text)):
        s = stem(m.group())
        written = text[m.start() : m.end()]
        if s == "solo" and out and out[-1][0] in _ALONE_AFTER and written.lower() != "sólo":
            s = "sol"  # "me siento solo" is alone, like "sola"; "solo hablamos de..." is only
        out.append((s, written))
    return out


STOPWORDS = frozenset(stem(w) for w in _STOPWORDS.split()) | {"solo"}
_ALONE_AFTER = frozenset(stem(w) for w in ["siento", "sentirme", "estoy", "quedo", "quede", "dejo", "dejas", "vivo"])
# Say little about which practice fits, as "partner", "feel" and "time" in English.
GENERIC = frozenset(
    stem(w)
    for w in """no sentir siento pareja esposo esposa marido novio novia querer saber pensar ir hacer cosa cosas
    decir manera forma vez tiempo el ella persona relacion""".split()  # noqa: SIM905 (easier to edit)
)

# Everyday Spanish: words common in any talk, about anything. Ours, from what people say every day;
# they count as little as "work" or "kids" do in English.
_EVERYDAY = """dia dias semana semanas mes meses ano anos hoy ayer manana noche tarde rato momento vida casa
    trabajo trabajar hijo hijos hija hijas nino ninos nina ninas familia mama papa gente mundo parte lado
    cosa algo nada nadie siempre nunca ahora antes despues luego otra otro mismo misma bien mal mejor peor
    bueno buena malo mala grande pequeno nuevo viejo primero ultimo poco bastante casi demasiado
    dar dejar llegar pasar poner quedar creer llevar seguir llamar venir salir tomar conocer vivir tratar
    mirar ver esperar buscar entrar perder pedir recibir terminar empezar volver sacar necesitar cambiar
    abrir ganar traer estar tener haber poder deber parecer hablar gustar comer dormir ayudar sentirse
    veces vez dos tres uno mas menos igual asi tal cual ademas entonces aunque mientras todavia aun""".split()  # noqa: SIM905
EVERYDAY = frozenset(stem(w) for w in _EVERYDAY)
EVERYDAY_IDF = 4.0  # about "work" (4.0) or "kids" (4.5) in the English table
TYPICAL_IDF = 7.0  # about "lonely" (7.3), "stress" (7.2), "trust" (6.3) in the English table


def everyday_idf(stem_: str) -> float:
    """How telling a Spanish stem is in everyday writing, on the English table's scale."""
    return EVERYDAY_IDF if stem_ in EVERYDAY else TYPICAL_IDF
