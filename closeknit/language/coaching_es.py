"""The gentle start-up coach's reading of Spanish: what coaching.py needs beyond the cues of
content/language/coach.es.yaml.

- negation: Spanish says "no eres egoísta" and "nunca te diría idiota"; a judgment denied in its own
  clause is not one (for the patterns the file marks `negatable`).
- aim: a bare insult counts only when its sentence speaks to the partner ("te", "eres", "fuiste"...),
  the writer is not saying it of themselves ("qué estúpido fui", "me siento tonta"), and it does not
  describe someone or something else ("el jefe fue ridículo").
- the rewrite's parse: from "nunca me ayudas con los platos", about "de los platos" and need "que me
  ayudes con los platos". The verb goes back into the subjunctive only when coach.es.yaml lists it
  (`rewrite.que`): a wrong conjugation reads worse than the pattern's own general need, so nothing is
  guessed.

Works on text folded with accents dropped (crisis.fold(text, accents=True)), same offsets as the text.
No learned model reads Spanish: the English harshness model never scores a Spanish text.
"""

from __future__ import annotations

import re

_CLAUSE_BREAK = re.compile(r"[.!?;:,\n¿¡]|\b(?:pero|aunque|sino)\b")
_SENTENCE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"[a-z]+")
NEGATORS = frozenset({"no", "nunca", "jamas", "tampoco", "ni"})
_DENIED = re.compile(
    r"(?<![a-z])(?:no|nunca|jamas|tampoco|ni)\s+(?:(?:te|lo|la|le)\s+)?"
    r"(?:(?:digo|dije|estoy diciendo|quiero decir|creo|pienso|pense|es|era|fue)\s+que|diria|dije|llamaria|llame|"
    r"eres|sos|es|estas|fuiste|fue|seas|pareces)(?:\s+[a-z]+){0,2}\s*$"
)

# Said to the partner: second-person pronouns and verbs ("eres", "sos", "fuiste", "dijiste").
_AT_YOU = re.compile(
    r"(?<![a-z])(?:tu|tus|te|ti|contigo|vos|usted|eres|sos|estas|fuiste|tuyo|tuya|[a-z]{2,}(?:aste|iste))(?![a-z])"
)
# The writer of themselves, right before or after the insult: "me siento tonta", "qué estúpido fui".
_ME_BEFORE = re.compile(
    r"(?:soy|fui|era|estoy|estaba|me siento|me senti|me sentia|me veo|me vi|me puse|me quede|me hice)"
    r"(?:\s+(?:un|una|tan|muy|bien|super|re|medio|bastante|algo|como)){0,2}\s*$"
)
_ME_AFTER = re.compile(r"^\s*(?:soy|fui|era|me senti|me siento|me sentia|me vi|me veo)(?![a-z])")
# Someone or something else described: "el jefe fue ridículo", "la película es estúpida".
_THEM_BEFORE = re.compile(
    r"(?<![a-z])(?:es|fue|era|esta|estuvo|estaba|parece|parecia|se ve|se veia)"
    r"(?:\s+(?:un|una|tan|muy|bien|super|re|medio|bastante|algo|un poco)){0,2}\s*$"
)


def negated(folded: str, start: int) -> bool:
    """The judgment is denied in its clause: a negator right before it ("no eres egoísta"), or a denied
    saying or being just before it ("no digo que nunca me ayudes", "nunca te diría idiota", "no eres un
    inútil"). A negation further off is not one: "no soporto que nunca me ayudes" still is criticism."""
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    before = folded[cut:start]
    words = _WORD.findall(before)
    return bool(words and words[-1] in NEGATORS) or bool(_DENIED.search(before))


def wish(folded: str, match: re.Match[str], subjunctives: frozenset[str]) -> bool:
    """ "Nunca cambies", "nunca te olvides de que te quiero": a subjunctive that no "que" introduces is a
    wish or a gentle command, not a complaint ("no soporto que siempre llegues tarde" still is one)."""
    verb = match.groupdict().get("verb")
    if not verb or verb not in subjunctives:
        return False
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, match.start())), default=0)
    words = _WORD.findall(folded[cut : match.start()])
    return not (words and words[-1] == "que")


def not_aimed(folded: str, start: int, end: int) -> bool:
    """A bare insult word is contempt only when aimed at the partner."""
    before = folded[max(0, start - 40) : start]
    if _ME_BEFORE.search(before) or _THEM_BEFORE.search(before) or _ME_AFTER.match(folded[end : end + 20]):
        return True
    begin = max((m.end() for m in _SENTENCE_END.finditer(folded, 0, start)), default=0)
    stop = _SENTENCE_END.search(folded, end)
    sentence = folded[begin:start] + " " + folded[end : stop.start() if stop else len(folded)]
    return not _AT_YOU.search(sentence)


# --- the rewrite's parse --------------------------------------------------------------------------
_CUT = re.compile(r"\s+(?:y|e|pero|porque|cuando|si|aunque|mientras|ni|o|u|pues|ya que|como)\s+", re.I)
_FILLER = re.compile(
    r"(?<![\wáéíóúñ])(?:nunca|jam[aá]s|nada|ya|m[aá]s|otra vez|de nuevo|siempre|todo el tiempo|ni una vez|"
    r"ni siquiera|tampoco)(?![\wáéíóúñ])",
    re.I,
)
_DANGLING = re.compile(r"(?:^|\s+)(?:con|en|de|a|al|del|para|por|sobre|el|la|los|las|un|una|que)$", re.I)
_DETERMINED = re.compile(
    r"^(?:(?:con|en|de|sobre|para|a|por)\s+)?(al|del|el|la|los|las|mi|mis|tu|tus|nuestro|nuestra|nuestros|"
    r"nuestras|este|esta|estos|estas|ese|esa|esos|esas)\s+(\S.*)$",
    re.I,
)
_NEVER = re.compile(r"^(?:no\s)|(?<![a-z])(?:nunca|jamas)(?![a-z])")
MAX_ABOUT_WORDS = 5


def about_and_need(text: str, match: re.Match[str], que: dict[str, str]) -> tuple[str | None, str | None]:
    """From a criticism cue with `verb` and `rest`: about ("de los platos", for "por lo {about}") and need
    ("que me ayudes con los platos"), each None when the words do not allow it."""
    groups = match.groupdict()
    if not groups.get("verb"):
        return None, None
    rest = _clean(text[match.start("rest") : match.end("rest")]) if groups.get("rest") is not None else ""
    about = _about(rest)
    subjunctive = que.get(groups["verb"])
    clitics = text[match.start("cl") : match.end("cl")].strip().lower() if groups.get("cl") else ""
    if not (_NEVER.search(match.group(0)) and subjunctive and (clitics or rest)):
        return about, None  # "siempre llegas tarde": no verb to ask back; the pattern's own need serves
    return about, " ".join(part for part in ("que", clitics, subjunctive, rest) if part)


def _clean(rest: str) -> str:
    rest = _CUT.split(rest.strip(), maxsplit=1)[0]
    rest = re.sub(r"\s+", " ", _FILLER.sub(" ", rest)).strip()
    while _DANGLING.search(rest):
        rest = _DANGLING.sub("", rest).strip()
    return rest


def _about(rest: str) -> str | None:
    """ "con los platos" -> "de los platos"; "en el celular" -> "del celular"; no determiner, no about."""
    m = _DETERMINED.match(rest)
    if not m or len(m.group(2).split()) > MAX_ABOUT_WORDS:
        return None
    det, words = m.group(1).lower(), m.group(2)
    return f"del {words}" if det in ("al", "del", "el") else f"de {det} {words}"
