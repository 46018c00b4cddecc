""" "What's on your mind?": a person's own words in, the three most fitting practices out, each with why.

Transparent on purpose: every suggestion names the words that matched, the term they matched, and the
distance driver the practice serves, so a person (and a clinician) can see the reasoning and disagree
with it. The vocabulary lives in content (content/practices/matching/vocabulary.yaml) so a clinician can
teach it new words.

Two scorers share that vocabulary. "keyword" (the first) adds up weighted terms. "ranked" (the
default since issue 7, because it measured better on real relationship questions: see
docs/language.md) is BM25 over each practice's own words (title, purpose, tags, keywords and their
synonyms, and example phrasings in content/practices/matching/examples.yaml), with each word
weighted by how telling it is in everyday writing (closeknit.language.rarity) and the opening of
the text (where people put their question) counting double; the keyword score still adds in, and
still supplies the terms and drivers a reason names. When even the best practice scores low,
nothing fits well and the gentle fallback is offered instead.

Each text is read in its own language (closeknit.language.detect): English (english_words.py, the
GoEmotions rarity table) or Spanish (spanish_words.py: accents folded, a light stemmer, two tiers
of everyday words), against that language's practices, vocabulary (vocabulary.es.yaml) and examples
(examples.es.yaml). The practices come back in the reader's language.

Safety comes before fit: conflict practices are never returned when the couple's screen is positive,
or when the words themselves suggest someone may be unsafe (then `safety_concern` is set, so the page
can show support resources privately).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from closeknit.core import content
from closeknit.language import detect, rarity

from . import spanish_words
from .english_words import GENERIC, STOPWORDS, key, stem, tokens
from .library import DRIVERS, Library, Practice, gettext_noop, library

__all__ = ["Hit", "Suggestion", "Suggestions", "Words", "key", "stem", "suggest", "tokens"]


def _t(message: str) -> str:
    """`message` in the reader's language once Django runs; as written when the matcher runs alone."""
    try:
        from django.utils.translation import gettext  # noqa: PLC0415 (the matcher stays usable without Django)

        return gettext(message)
    except Exception:  # noqa: BLE001 (Django not configured: a script checking the matcher)
        return message


# Weights: a tag is what a practice is *about*; a keyword is a way people may describe it; a driver is
# the broader reason. The first driver a practice lists is its main one.
TAG_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
MAIN_DRIVER_WEIGHT = 1.5
OTHER_DRIVER_WEIGHT = 0.75
DRIVER_HITS_COUNTED = 2  # a driver's pull stops growing after two matching terms
MIN_SCORE = 3.0  # below this a practice does not "fit"; the gentle fallback fills in
MAX_PER_KIND = 2  # three suggestions of one flow are less useful than a small spread
PHRASE_GAP = 2  # words allowed between the words of a phrase ("don't really talk" ~ "don't talk")


@dataclass(frozen=True)
class Words:
    """How the matcher reads one language: english_words.py and spanish_words.py say how."""

    language: str
    tokens: Callable[[str], list[tuple[str, str]]]  # (stem, the word as written) for each word
    stopwords: frozenset[str]  # never a term on their own, never counted in the ranked score
    generic: frozenset[str]  # say little about which practice fits: left out of the ranked score
    everyday_idf: Callable[[str], float]  # stem -> how rare in everyday writing (the English table's scale)

    def key(self, phrase: str) -> tuple[str, ...]:
        return tuple(s for s, _ in self.tokens(phrase))

    @cached_property
    def uncounted(self) -> frozenset[str]:
        return self.stopwords | self.generic


@lru_cache(maxsize=1)
def _english_df() -> dict[str, int]:
    by_stem: dict[str, int] = {}
    for word, count in rarity.table().df.items():
        s = stem(word)
        by_stem[s] = by_stem.get(s, 0) + count  # an upper bound on the comments holding the stem
    return by_stem


def _english_idf(s: str) -> float:
    return rarity.table().idf(_english_df().get(s, 0))


WORDS = {
    "en": Words("en", tokens, STOPWORDS, GENERIC, _english_idf),
    "es": Words("es", spanish_words.tokens, spanish_words.STOPWORDS, spanish_words.GENERIC, spanish_words.everyday_idf),
}


@dataclass(frozen=True)
class Hit:
    """One term found in the person's words: `term` as the vocabulary names it, `words` as they wrote it."""

    term: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    practice: Practice
    score: float
    hits: tuple[Hit, ...]  # the person's words that matched this practice's tags and keywords
    drivers: tuple[str, ...]  # drivers this practice serves that the words pointed to
    reason: str
    fallback: bool = False


@dataclass(frozen=True)
class Suggestions:
    items: tuple[Suggestion, ...]
    hits: tuple[Hit, ...]  # every term found in the words
    drivers: tuple[str, ...]  # drivers the words pointed to, strongest first
    used_fallback: bool
    safety_concern: bool

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s.practice.slug for s in self.items)


@dataclass(frozen=True)
class _Index:
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (stems, term)
    practice_terms: dict[str, dict[str, float]]  # slug -> term -> weight
    driver_terms: dict[str, frozenset[str]]  # driver -> terms
    safety: tuple[tuple[str, ...], ...]
    words: Words


def _words(lib: Library) -> Words:
    return WORDS.get(lib.language) or WORDS[content.SOURCE_LANGUAGE]


@lru_cache(maxsize=4)
def _index(lib: Library) -> _Index:
    """Everything the matcher compares against, as stems, built once per library."""
    reading = _words(lib)
    key, stopwords = reading.key, reading.stopwords
    canon: dict[tuple[str, ...], set[str]] = {}
    for term, variants in lib.vocabulary.synonyms.items():
        for v in (term, *variants):
            k = key(v)
            if k and not (len(k) == 1 and k[0] in stopwords):
                canon.setdefault(k, set()).add(term)
    own: dict[tuple[str, ...], str] = {}

    def terms_for(phrase: str) -> set[str]:
        k = key(phrase)
        if not k or (len(k) == 1 and k[0] in stopwords):
            return set()
        if k in canon:
            return canon[k]
        own.setdefault(k, phrase)  # a practice's own word, matched as itself
        return {own[k]}

    practice_terms: dict[str, dict[str, float]] = {}
    for p in lib.practices.values():
        weights: dict[str, float] = {}
        for words, weight in ((p.keywords, KEYWORD_WEIGHT), (p.tags, TAG_WEIGHT)):
            for w in words:
                for t in terms_for(w):
                    weights[t] = max(weights.get(t, 0.0), weight)
        practice_terms[p.slug] = weights
    driver_terms = {d: frozenset(t for w in ws for t in terms_for(w)) for d, ws in lib.vocabulary.drivers.items()}
    phrases = [(k, t) for k, ts in canon.items() for t in sorted(ts)] + [(k, t) for k, t in own.items()]
    return _Index(
        phrases=tuple(phrases),
        practice_terms=practice_terms,
        driver_terms=driver_terms,
        safety=tuple(k for k in (key(s) for s in lib.vocabulary.safety) if k),
        words=reading,
    )


def _find(phrase: tuple[str, ...], stems: list[str]) -> tuple[int, int] | None:
    """First (start, end) where the phrase's words appear in order, at most PHRASE_GAP words apart."""
    for start, s in enumerate(stems):
        if s != phrase[0]:
            continue
        pos = start
        for word in phrase[1:]:
            window = stems[pos + 1 : pos + 2 + PHRASE_GAP]
            if word not in window:
                break
            pos = pos + 1 + window.index(word)
        else:
            return start, pos
    return None


def _hits(text: str, index: _Index) -> tuple[dict[str, Hit], bool]:
    toks = index.words.tokens(text)
    stems = [s for s, _ in toks]
    found: dict[str, list[str]] = {}
    for phrase, term in index.phrases:
        span = _find(phrase, stems)
        if span is None:
            continue
        words: list[str] = []
        for _, original in toks[span[0] : span[1] + 1]:
            if not words or words[-1] != original:
                words.append(original)
        shown = " ".join(words)
        if shown not in found.setdefault(term, []):
            found[term].append(shown)
    unsafe = any(_find(p, stems) for p in index.safety)
    return {t: Hit(term=t, words=tuple(ws)) for t, ws in found.items()}, unsafe


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + _t(gettext_noop(" and ")) + items[-1]


def _reason(hits: Iterable[Hit], drivers: Iterable[str]) -> str:
    parts = []
    shown = []
    for h in hits:
        said = [w for w in h.words if w.lower() != h.term.lower()]
        shown.append(f"{h.term} (\u201c{said[0]}\u201d)" if said else h.term)
    if shown:
        parts.append(_t(gettext_noop("You mentioned %(words)s.")) % {"words": _join(shown)})
    labels = [_t(DRIVERS[d]) for d in drivers]
    if labels:
        joined = _t(gettext_noop(", and with ")).join(labels)
        parts.append(_t(gettext_noop("This practice helps with %(drivers)s.")) % {"drivers": joined})
    return " ".join(parts)


# --- the ranked scorer ------------------------------------------------------------------------
FIELD_WEIGHTS = {"title": 2.0, "purpose": 1.0, "tags": 3.0, "keywords": 2.0, "synonyms": 0.5, "examples": 2.0}
BM25_K1 = 1.2
BM25_B = 0.75
HEAD_CHARS = 300  # people put the question first: the opening's words count double
HEAD_WEIGHT = 2.0
RARITY_POWER = 3.0  # how hard everyday words ("work", "kids") are pushed down
KEYWORD_SHARE = 0.3  # the keyword score's part in the ranked score
RANKED_MIN_BEST = 300.0  # below this, nothing fits well: the gentle fallback instead (scale: see docs)
RANKED_MIN = 150.0  # a practice below this does not fit, whatever the others score
RANKED_SHARE_OF_BEST = 0.35  # nor one far behind the best fit
TELLING_IDF = 6.0  # a word in fewer than about 1 in 400 everyday comments is worth naming in a reason


@dataclass(frozen=True)
class _Ranked:
    docs: dict[str, Counter[str]]  # slug -> stem -> weighted count
    weight: dict[str, float]  # stem -> how telling it is (across practices x in everyday writing)
    lengths: dict[str, float]
    avg_length: float
    telling: frozenset[str]  # stems rare enough in everyday writing to quote back in a reason
    words: Words


def _content_stems(text: str, words: Words) -> list[tuple[str, str]]:
    return [(s, w) for s, w in words.tokens(text) if len(s) > 1 and s not in words.uncounted]


def _examples(lib: Library) -> dict[str, list[str]]:
    path = content.localized(lib.directory / "matching" / "examples.yaml", lib.language)
    if not path.is_file():
        return {}
    raw = content.read_yaml(path) or {}
    return {str(k): [str(x) for x in v or ()] for k, v in raw.items() if k in lib.practices}


@lru_cache(maxsize=4)
def _ranked_index(lib: Library) -> _Ranked:
    words = _words(lib)
    key = words.key
    synonyms = lib.vocabulary.synonyms
    canon: dict[tuple[str, ...], set[str]] = {}
    for term, variants in synonyms.items():
        for v in (term, *variants):
            canon.setdefault(key(v), set()).add(term)
    examples = _examples(lib)
    docs: dict[str, Counter[str]] = {}
    for p in lib.practices.values():
        doc: Counter[str] = Counter()

        def add(text: str, weight: float, doc: Counter[str] = doc) -> None:
            for s, _ in _content_stems(text, words):
                doc[s] += weight  # type: ignore[assignment]  # float weights in a Counter

        add(p.title, FIELD_WEIGHTS["title"])
        add(p.purpose, FIELD_WEIGHTS["purpose"])
        for field in ("tags", "keywords"):
            for word in getattr(p, field):
                add(word, FIELD_WEIGHTS[field])
                for term in sorted(canon.get(key(word), ())):
                    for v in (term, *synonyms[term]):
                        add(v, FIELD_WEIGHTS["synonyms"])
        for e in examples.get(p.slug, ()):
            add(e, FIELD_WEIGHTS["examples"])
        docs[p.slug] = doc
    n = len(docs)
    df = Counter(s for d in docs.values() for s in d)
    weight = {s: math.log(1 + (n - k + 0.5) / (k + 0.5)) * words.everyday_idf(s) ** RARITY_POWER for s, k in df.items()}
    lengths = {slug: float(sum(d.values())) for slug, d in docs.items()}
    telling = frozenset(s for s in df if words.everyday_idf(s) >= TELLING_IDF)
    return _Ranked(
        docs=docs,
        weight=weight,
        lengths=lengths,
        avg_length=sum(lengths.values()) / max(n, 1),
        telling=telling,
        words=words,
    )


def _ranked_scores(text: str, index: _Ranked) -> dict[str, tuple[float, list[tuple[str, str]]]]:
    """slug -> (BM25 score, (stem, word as written) of the words that counted most, most first)."""
    query: Counter[str] = Counter()
    written: dict[str, str] = {}
    head = len(text[:HEAD_CHARS])
    pos = 0
    lower = text.lower()
    for s, w in _content_stems(text, index.words):
        at = lower.find(w.lower(), pos)
        pos = at + len(w) if at >= 0 else pos
        query[s] += HEAD_WEIGHT if 0 <= at < head else 1.0  # type: ignore[assignment]  # float weights in a Counter
        written.setdefault(s, w)
    out: dict[str, tuple[float, list[tuple[str, str]]]] = {}
    for slug, doc in index.docs.items():
        norm = BM25_K1 * (1 - BM25_B + BM25_B * index.lengths[slug] / index.avg_length)
        parts = []
        for s, qtf in query.items():
            tf = doc.get(s)
            if tf:
                parts.append((index.weight[s] * (2 * qtf / (qtf + 1)) * tf * (BM25_K1 + 1) / (tf + norm), s))
        parts.sort(reverse=True)
        out[slug] = (sum(v for v, _ in parts), [(s, written[s]) for _, s in parts[:6]])
    return out


FALLBACK_REASON = gettext_noop(
    "Nothing you wrote matched closely, so here is a gentle place to start that suits most couples."
)
FILL_REASON = gettext_noop("A gentle extra that suits most couples.")


def suggest(
    text: str,
    *,
    screen_positive: bool,
    mode: str | None = None,
    limit: int = 3,
    lib: Library | None = None,
    scorer: str = "ranked",
    language: str | None = None,
) -> Suggestions:
    """The `limit` practices that best fit `text`, each with a reason.

    `screen_positive` is the couple's private violence/coercion screen: it has no default, so every
    caller has to think about it. `mode` ("together", "apart", "solo") keeps only practices that can
    run that way, e.g. "solo" while a partner has not joined. `scorer` is "ranked" or "keyword" (the
    evaluation compares both).

    The words are read in their own language (closeknit.language.detect), with that language's
    vocabulary and examples; `language`, the person's setting (else the language Django has active),
    decides only a text too short to tell. The practices come back in the reader's language, so a
    Spanish concern typed by someone reading English gets English titles and a reason quoting their
    Spanish words. A given `lib` is used for both (tests and the evaluation pin one).
    """
    reader = lib or library()
    if lib is None:
        lib = library(detect.language_for(text or "", language or content.language()))
    index = _index(lib)
    found, unsafe = _hits(text or "", index)
    no_conflict = screen_positive or unsafe
    candidates = [p for p in lib.safe_for(screen_positive=no_conflict) if mode is None or mode in p.modes]

    driver_hits = {d: ts & found.keys() for d, ts in index.driver_terms.items()}
    pointed = sorted((d for d, ts in driver_hits.items() if ts), key=lambda d: (-len(driver_hits[d]), d))

    ranked = _ranked_scores(text or "", _ranked_index(lib)) if scorer == "ranked" else {}
    best = max((ranked[p.slug][0] for p in candidates if p.slug in ranked), default=0.0)
    scored: list[Suggestion] = []
    for p in candidates:
        weights = index.practice_terms[p.slug]
        hits = [found[t] for t in weights if t in found]
        score = sum(weights[h.term] for h in hits)
        served = []
        for i, d in enumerate(p.drivers):
            n = min(len(driver_hits.get(d, ())), DRIVER_HITS_COUNTED)
            if n:
                score += n * (MAIN_DRIVER_WEIGHT if i == 0 else OTHER_DRIVER_WEIGHT)
                served.append(d)
        hits.sort(key=lambda h: -weights[h.term])
        if scorer == "ranked":
            fit, words = ranked.get(p.slug, (0.0, []))
            if best < RANKED_MIN_BEST or fit < max(RANKED_MIN, RANKED_SHARE_OF_BEST * best):
                continue
            # The reason names what counted: the vocabulary's terms whose words carried the score,
            # then the person's other telling words as they wrote them.
            counted = {st for st, _ in words}
            for h in sorted(found.values(), key=lambda h: h.term):
                if h not in hits and any(st in counted for w in h.words for st, _ in index.words.tokens(w)):
                    hits.append(h)
            covered = {st for h in hits for w in h.words for st, _ in index.words.tokens(w)}
            telling = _ranked_index(lib).telling
            hits += [Hit(term=w, words=(w,)) for st, w in words if st not in covered and st in telling][:2]
            if not hits and not served:
                continue  # it fits only through everyday words: nothing to show, so no fit
            score = fit + KEYWORD_SHARE * score
        elif score < MIN_SCORE:
            continue
        scored.append(Suggestion(p, round(score, 3), tuple(hits), tuple(served), _reason(hits, served)))
    # Higher score first; on a tie the more specific practice (fewer terms) first; then by slug.
    scored.sort(key=lambda s: (-s.score, len(index.practice_terms[s.practice.slug]), s.practice.slug))

    chosen: list[Suggestion] = []
    per_kind: dict[str, int] = {}
    for s in scored:
        if len(chosen) == limit:
            break
        if per_kind.get(s.practice.kind, 0) < MAX_PER_KIND:
            chosen.append(s)
            per_kind[s.practice.kind] = per_kind.get(s.practice.kind, 0) + 1
    for s in scored:  # the spread rule gives way if there is nothing else that fits
        if len(chosen) < limit and s not in chosen:
            chosen.append(s)

    used_fallback = not chosen
    if len(chosen) < limit:
        taken = {s.practice.slug for s in chosen}
        allowed = {p.slug for p in candidates}
        extra = [slug for slug in lib.vocabulary.fallback if slug in allowed and slug not in taken]
        extra += [p.slug for p in candidates if not p.conflict and p.slug not in taken and p.slug not in extra]
        reason = _t(FALLBACK_REASON if used_fallback else FILL_REASON)
        for slug in extra[: limit - len(chosen)]:
            chosen.append(Suggestion(lib.practices[slug], 0.0, (), (), reason, fallback=True))

    if reader is not lib:  # the reader's titles and steps; the reason already quotes their words
        chosen = [replace(s, practice=reader.practices[s.practice.slug]) for s in chosen]
    all_hits = tuple(sorted(found.values(), key=lambda h: h.term))
    return Suggestions(
        items=tuple(chosen),
        hits=all_hits,
        drivers=tuple(pointed),
        used_fallback=used_fallback,
        safety_concern=unsafe,
    )
