"""Crisis safety net: suicidal thoughts, self-harm, and violence or control by a partner.

Recall comes first. Every phrase in content/language/crisis.yaml that matches produces a finding,
whatever else is said; the learned model can only add a finding the lexicon missed. Context never
removes a finding, it only changes how it is worded and how confident it is:

- negated ("I'm not going to hurt myself") -> still a finding, `negated=True`, lower confidence:
  people often deny in the same breath as they disclose, and a quiet offer costs little;
- about someone else or quoted ("my friend said she wants to die") -> still a finding,
  `subject="other"`: the writer may be the one who can help, and may need support themselves;
- idioms ("I'd die for a coffee", "this traffic is killing me") are masked before matching, word
  by word, so an idiom never hides a real phrase elsewhere in the same text;
- framing only lowers the tone, never removes a finding: hyperbole ("I'd rather die than drive that
  car again", "... lol"), a quote or lyric (quote marks, or a "the song goes:" line), and a topic
  named with no person in its sentence ("domestic violence calls rose", "suicide rates") are gentle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re import _constants as sre_c  # type: ignore[attr-defined]  # re's private modules have no stubs
from re import _parser as sre_parse  # type: ignore[attr-defined]  # re's private modules have no stubs
from typing import Any, Literal

from closeknit.core import content
from closeknit.language.features import load_model, sentences, tokens

LEXICON = content.path("language", "crisis.yaml")
# One lexicon per language, same syntax (see the header of each file); a text is read with the lexicon of
# its language (closeknit.language.detect decides, per text), and Spanish text with the English one too,
# for the English words people mix in.
LEXICONS = {"en": LEXICON, "es": content.path("language", "crisis.es.yaml")}
Language = Literal["en", "es"]
Category = Literal["suicidal_ideation", "self_harm", "partner_violence", "coercive_control"]
Subject = Literal["self", "other"]

_STRENGTH = {"high": 0.95, "medium": 0.8, "low": 0.6}
_NEGATED = 0.6
_OTHER = 0.75
_NEGATION_WINDOW = 4  # tokens before the phrase, within its clause
_MACROS = {
    "{refl}": r"(?P<who>myself|my self|himself|herself|themselves|themself|yourself|ourselves)",
    "{refl3}": r"(?P<who>myself|my self|himself|herself|themselves|themself)",
    "{partner}": (
        r"(?:(?:my|his|her|their|your|our|[a-z]+'s) )?(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|"
        r"fianc[eé]e?|spouse|ex|ex-husband|ex-wife|ex-boyfriend|ex-girlfriend|ex-partner|hubby|wifey|"
        r"significant other|other half)"
    ),
    "{adv}": (
        r"(?:(?:just|really|even|always|still|then|also|once|literally|sometimes|often|actually|has|had|have|"
        r"would|will|'ll|'d|did|does|keeps|kept|[a-z]+ly) ){0,2}"
    ),
}
_MACROS["{they}"] = r"(?:he|she|they|" + _MACROS["{partner}"] + ")"
# Whose experience a coercion phrase is: "me"/"my"/"I" later in the same sentence ("he threatens to
# take the kids from me"), even when "he" comes first; optional, so the phrase matches without it.
_MACROS["{victim}"] = r"(?:(?=[^.!?\n]*?(?<![a-z])(?P<who>me|my|i|myself|we|us|our)(?![a-z])))?"
_WORD = re.compile(r"[a-z0-9']+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\bbut\b|\band\b")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_QUOTES = '"\u201c\u201d'
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_FOLD_ACCENTS = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'}
)
_WHO_SELF = re.compile(r"(?:myself|me|my|i|we|us|our)")


@dataclass(frozen=True)
class CrisisFinding:
    """One reason to show crisis resources. `start`/`end` index the original text."""

    category: Category
    resource_kind: str  # "crisis" or "violence": which list in content/crisis_resources.yaml
    start: int
    end: int
    evidence: str
    confidence: float
    subject: Subject
    negated: bool
    source: Literal["lexicon", "model"]
    hyperbole: bool = False  # "I'd rather die than …" about a car, "… lol": still shown, gently

    @property
    def level(self) -> Literal["urgent", "gentle"]:
        """urgent: a clear first-person phrase -> resources up front, at once. gentle: negated, about
        someone else, quoted, hyperbole, or the model's guess -> a quiet offer of support in the same
        flow. Both show resources; the difference is tone, so a gentle finding costs little when it
        is wrong, and an urgent one that is wrong teaches people to ignore it."""
        clear = self.source == "lexicon" and self.subject == "self" and not self.negated and not self.hyperbole
        return "urgent" if clear and self.confidence >= _STRENGTH["medium"] else "gentle"


@dataclass(frozen=True)
class _Pattern:
    category: Category
    resource_kind: str
    regex: re.Pattern[str]
    strength: str
    needs: re.Pattern[str] | None
    # The gate: every match holds a string of each group, so a text missing a whole group cannot match
    # (see `anchors`); None when nothing can be derived, and the pattern always runs.
    anchors: tuple[frozenset[str], ...] | None = field(default=None)


@dataclass(frozen=True)
class _Lexicon:
    patterns: tuple[_Pattern, ...]
    idioms: tuple[re.Pattern[str], ...]
    negators: frozenset[str]
    negation_exceptions: tuple[re.Pattern[str], ...]
    subject_self: frozenset[str]
    subject_other: frozenset[str]
    examples: dict[str, dict[str, list[str]]]
    # The gate's index: each anchor string of a pattern's most telling group -> the patterns it admits
    # (positions in `patterns`); `ungated` lists patterns with no anchors, which always run.
    by_anchor: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ungated: tuple[int, ...] = ()
    # Each idiom's anchors and their index, like the patterns': an idiom that cannot match is not run.
    idiom_anchors: tuple[tuple[frozenset[str], ...] | None, ...] = ()
    idiom_index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    idiom_ungated: tuple[int, ...] = ()
    pattern_anchors: tuple[tuple[frozenset[str], ...] | None, ...] = ()  # each pattern's, in order
    # What finds the anchors in a text (see `_present`): every anchor string of the patterns and idioms,
    # their lengths (ascending), a run of the characters they are made of, and a cache run -> strings.
    known: frozenset[str] = frozenset()
    lengths: tuple[int, ...] = ()
    runs: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))
    seen: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # What differs by language; the defaults are English and are what crisis.yaml uses. A lexicon file
    # may set them under `framing:` (regexes) and `fold_accents:` (match "está" and "esta" alike).
    language: str = "en"
    fold_accents: bool = False
    who_self: re.Pattern[str] = field(default_factory=lambda: _WHO_SELF)
    clause_break: re.Pattern[str] = field(default_factory=lambda: _CLAUSE_BREAK)
    first_person: re.Pattern[str] = field(default_factory=lambda: _FIRST_PERSON)
    theirs: re.Pattern[str] = field(default_factory=lambda: _THEIRS)
    topic: re.Pattern[str] = field(default_factory=lambda: _TOPIC)
    reported: re.Pattern[str] = field(default_factory=lambda: _REPORTED)
    media: re.Pattern[str] = field(default_factory=lambda: _MEDIA)
    said: re.Pattern[str] = field(default_factory=lambda: _SAID)
    laugh: re.Pattern[str] = field(default_factory=lambda: _LAUGH)
    rather_end: re.Pattern[str] = field(default_factory=lambda: _RATHER_END)
    rather_than: re.Pattern[str] = field(default_factory=lambda: _RATHER_THAN)
    life: re.Pattern[str] = field(default_factory=lambda: _LIFE)
    trivial_if: re.Pattern[str] = field(default_factory=lambda: _TRIVIAL_IF)
    people: re.Pattern[str] = field(default_factory=lambda: _PEOPLE)


_GATE_GROUPS = 2  # the most telling groups a pattern is gated on (more groups cost more than they save)


def anchors(regex: re.Pattern[str]) -> tuple[frozenset[str], ...] | None:
    """Groups of strings such that every match of `regex` contains at least one string of each group,
    read from the regex's own parse tree (None if it cannot tell). Checking them before running the
    regex is a gate that loses nothing by construction: a literal run inside a sequence is in every
    match, and so is what each part of the sequence needs; an alternation needs one of its branches (the
    union of one group from each); a repeat of at least once needs its body; anything else (a character
    class, an optional part, a look-around) is "could be anything" and never narrows the gate."""
    groups = sorted({_minimal(g) for g in _required(sre_parse.parse(regex.pattern, regex.flags))}, key=_telling)
    return tuple(groups[:_GATE_GROUPS]) or None


def _minimal(group: frozenset[str]) -> frozenset[str]:
    """The same test with fewer strings: a text holding "illed" holds "ill", so {ill, illed} is {ill}."""
    return frozenset(a for a in group if not any(b != a and b in a for b in group))


def _telling(group: frozenset[str]) -> tuple[int, int, str]:
    """Longer strings are rarer in everyday text, and fewer of them rarer still."""
    return (-min(map(len, group)), len(group), min(group))


def _required(items: Any) -> list[frozenset[str]]:
    """A sequence: every literal run and every part's groups are needed together."""
    groups: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            groups.append(frozenset(["".join(run)]))
            run = []
        groups.extend(_node(op, arg))
    if run:
        groups.append(frozenset(["".join(run)]))
    return groups


def _node(op: Any, arg: Any) -> list[frozenset[str]]:
    if op is sre_c.SUBPATTERN:
        return _required(arg[-1])
    if op is sre_c.ATOMIC_GROUP:
        return _required(arg)
    if op is sre_c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            groups = _required(branch)
            if not groups:  # a branch that could match without any known string: no gate
                return []
            telling = min(groups, key=_telling)
            union |= telling
        return [frozenset(union)]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _required(arg[2])
    return []


def _candidates(masked: str, lex: _Lexicon, present: frozenset[str] | set[str] | None = None) -> list[_Pattern]:
    """The patterns that could match `masked`, in lexicon order: those whose most telling group has a
    string in the text (looked up through the index) and whose other groups do too. `present` is
    `_present(masked, lex)` when the caller has it. A text holding no pattern's first anchor at all
    (most everyday lines hold a few) gets only the ungated patterns, of which the lexicons have none."""
    if present is None:
        present = _present(masked, lex)
    return [lex.patterns[i] for i in _admit(present, lex.by_anchor, lex.pattern_anchors, lex.ungated)]


def _admit(
    present: frozenset[str] | set[str],
    index: dict[str, tuple[int, ...]],
    groups: Sequence[tuple[frozenset[str], ...] | None],
    ungated: tuple[int, ...],
) -> list[int]:
    """Positions (ascending) of the entries that could match: those with no anchors (`ungated`), and
    those the index admits by a string of their first group whose other groups have one in `present` too."""
    ids = set(ungated)
    for a in present:
        admitted = index.get(a)
        if admitted:
            ids.update(admitted)
    out = []
    for i in sorted(ids):
        need = groups[i] or ()
        # Written out for the usual two groups (the first already held): a generator per entry cost more
        # than the rest of the gate.
        if (len(need) < 2 or not need[1].isdisjoint(present)) and (
            len(need) <= 2 or all(not group.isdisjoint(present) for group in need[2:])
        ):
            out.append(i)
    return out


_SEEN_MAX = 50_000  # runs remembered per lexicon (a word and the anchors inside it: a few MB at most)
_SEEN_LONGEST = 40  # longer runs are looked at each time, never remembered


def _present(text: str, lex: _Lexicon) -> set[str]:
    """Which of the lexicon's anchor strings (`lex.known`) occur in `text`: the same answer as testing
    `a in text` for each of them, found from the text's side. Every anchor is made only of characters
    that `lex.runs` matches a run of, so each occurrence lies inside one maximal run; a run's substrings
    of each anchor length are looked up in a set, and a run's answer is remembered (words repeat)."""
    known, lengths, seen = lex.known, lex.lengths, lex.seen
    found: set[str] = set()
    for run in lex.runs.findall(text):
        hit = seen.get(run)
        if hit is None:
            inside = set()
            size = len(run)
            for i in range(size):
                for n in lengths:
                    if i + n > size:
                        break
                    if run[i : i + n] in known:
                        inside.add(run[i : i + n])
            hit = frozenset(inside)
            if size <= _SEEN_LONGEST and len(seen) < _SEEN_MAX:
                seen[run] = hit
        found |= hit
    return found


def _gate_strings(
    groups: Iterable[tuple[frozenset[str], ...] | None],
) -> tuple[frozenset[str], tuple[int, ...], re.Pattern[str]]:
    """(every anchor string, their lengths, a regex for a maximal run of the characters they use)."""
    known = frozenset(a for anchors_ in groups for group in anchors_ or () for a in group)
    chars = sorted({ch for a in known for ch in a})
    if any(ch.isspace() for ch in chars):  # masking an idiom writes spaces; `_match` relies on none here
        raise ValueError("an anchor string holds a space")
    runs = re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]+") if chars else re.compile(r"(?!)")
    return known, tuple(sorted({len(a) for a in known})), runs


def compile_phrase(phrase: str, macros: dict[str, str] | None = None) -> re.Pattern[str]:
    """Turn a lexicon phrase (see the header of crisis.yaml) into a whole-word regex."""
    for macro, expansion in (macros or _MACROS).items():
        phrase = phrase.replace(macro, expansion)
    phrase = re.sub(r"(?<!\\)'", "'?", phrase).replace("\\'", "'").replace(" ", r"\s+")
    return re.compile(r"(?<![a-z0-9])(?:" + phrase + r")(?![a-z0-9])")


_FRAMING_FIELDS = (
    "who_self", "clause_break", "first_person", "theirs", "topic", "reported", "media", "said", "laugh",
    "rather_end", "rather_than", "life", "trivial_if", "people",
)  # fmt: skip


def _macros(raw: dict) -> dict[str, str]:
    """The file's own shorthands (`macros:`), expanded in order after the shared ones they may use."""
    macros = dict(_MACROS)
    for name, expansion in (raw.get("macros") or {}).items():
        for macro, earlier in macros.items():
            expansion = expansion.replace(macro, earlier)
        macros["{" + name + "}"] = expansion
    return dict(reversed(list(macros.items())))  # the file's own first: they may contain shared names


@lru_cache(maxsize=4)
def lexicon(path: Path = LEXICON) -> _Lexicon:
    raw = content.read_yaml(path)
    macros = _macros(raw)
    patterns = []
    examples = {}
    for category, spec in raw["categories"].items():
        for entry in spec["patterns"]:
            regex = compile_phrase(entry["p"], macros)
            patterns.append(
                _Pattern(
                    category=category,
                    resource_kind=spec["resource_kind"],
                    regex=regex,
                    strength=entry.get("strength", "high"),
                    needs=re.compile(r"\b(?:" + entry["needs"] + r")\b") if entry.get("needs") else None,
                    anchors=anchors(regex),
                )
            )
        examples[category] = spec.get("examples", {})
    framing: dict[str, Any] = {k: re.compile(v) for k, v in (raw.get("framing") or {}).items() if k in _FRAMING_FIELDS}
    idioms = tuple(compile_phrase(p, macros) for p in raw.get("idioms", []))
    idiom_anchors = tuple(anchors(i) for i in idioms)
    known, lengths, runs = _gate_strings([*(p.anchors for p in patterns), *idiom_anchors])
    return _Lexicon(
        patterns=tuple(patterns),
        idioms=idioms,
        idiom_anchors=idiom_anchors,
        idiom_index=_index(idiom_anchors),
        idiom_ungated=tuple(i for i, a in enumerate(idiom_anchors) if not a),
        pattern_anchors=tuple(p.anchors for p in patterns),
        known=known,
        lengths=lengths,
        runs=runs,
        negators=frozenset(w.replace("'", "") for w in raw.get("negators", [])),
        negation_exceptions=tuple(compile_phrase(p, macros) for p in raw.get("negation_exceptions", [])),
        subject_self=frozenset(w.replace("'", "") for w in raw.get("subject_self", [])),
        subject_other=frozenset(w.replace("'", "") for w in raw.get("subject_other", [])),
        examples=examples,
        by_anchor=_index(p.anchors for p in patterns),
        ungated=tuple(i for i, p in enumerate(patterns) if not p.anchors),
        language=str(raw.get("language", "en")),
        fold_accents=bool(raw.get("fold_accents", False)),
        **framing,
    )


def _index(groups: Iterable[tuple[frozenset[str], ...] | None]) -> dict[str, tuple[int, ...]]:
    """Each string of an entry's first (most telling) anchor group -> the entries it admits."""
    index: dict[str, list[int]] = {}
    for i, anchors_ in enumerate(groups):
        for a in anchors_[0] if anchors_ else ():
            index.setdefault(a, []).append(i)
    return {a: tuple(ids) for a, ids in index.items()}


def fold(text: str, *, accents: bool = False) -> str:
    """Lower-case with straight quotes, one character for one: offsets stay those of the original.
    accents=True also drops accents ("está" -> "esta", "ñ" -> "n") and reads «» as quote marks."""
    folded = text.translate(_FOLD_ACCENTS if accents else _FOLD)
    low = folded.lower()
    # Most text: lower-cased whole, it is ASCII and no longer, so each character became one ASCII
    # character, exactly what the loop below would give (str.lower's only rule that looks at
    # neighbours, a final sigma, gives a Greek letter). Anything else goes character by character.
    if len(low) == len(folded) and low.isascii():
        return low
    return _fold_each(folded, accents)


def _fold_each(folded: str, accents: bool) -> str:
    out = []
    for ch in folded:
        low = ch.lower()
        if accents and not low.isascii() and len(low) == 1:
            base = unicodedata.normalize("NFD", low)[0]
            low = base if base.isascii() else low
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def mask_idioms(folded: str, lex: _Lexicon, present: frozenset[str] | set[str] | None = None) -> str:
    """Blank out every idiom (same length, so offsets hold). With `present` (`_present(folded, lex)`), an
    idiom missing one of its anchor groups is not run: it could not match, and blanking only ever takes
    characters away, so no later idiom can gain a string the folded text did not hold."""
    if present is None:
        chosen: Iterable[int] = range(len(lex.idioms))
    else:
        chosen = _admit(present, lex.idiom_index, lex.idiom_anchors, lex.idiom_ungated)
    for i in chosen:
        folded = lex.idioms[i].sub(_blank, folded)
    return folded


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _read(text: str, lex: _Lexicon, gate: bool = True) -> tuple[str, str, set[str] | None]:
    """(folded, idiom-masked, the anchors in the masked text or None without the gate): what both the
    lexicon and the learned model read, worked out once per text and lexicon."""
    folded = fold(text, accents=lex.fold_accents)
    if not gate:
        return folded, mask_idioms(folded, lex), None
    present = _present(folded, lex)
    masked = mask_idioms(folded, lex, present)
    if masked != folded:  # an idiom took words away: what is left may hold fewer anchors
        present = _present(masked, lex)
    return folded, masked, present


def check(
    text: str,
    *,
    use_model: bool = True,
    sensitivity: Literal["recall", "balanced"] = "recall",
    gate: bool = True,
    language: str = "en",
    english: bool = True,
) -> list[CrisisFinding]:
    """Every reason in `text` to offer crisis resources, strongest first. Empty means none found.

    sensitivity only moves the learned model's threshold: "recall" (the default, the product's
    policy) catches ~95% of suicidal posts and adds a gentle offer to ~7% of everyday comments and
    ~15% of questions about a relationship; "balanced" adds one to ~2%. Lexicon findings are the same in both.

    language: the text's language ("en" or "es"; see closeknit.language.detect). Spanish text is read
    with the Spanish lexicon and with the English one (people mix English in), never with the learned
    model, which only ever read English. english=False leaves the English lexicon out of a Spanish
    reading, for a caller that has just read the same text in English (safety.net, for a short text).

    gate=False runs every idiom and every pattern: the gate (see `anchors`) only skips those that
    cannot match, and tests compare the two on every dev set.
    """
    if language == "es":
        found = _match(text, lexicon(LEXICONS["es"]), gate)
        for mixed in _match(text, lexicon(), gate) if english else ():
            if not any(f.category == mixed.category and f.start < mixed.end and mixed.start < f.end for f in found):
                found.append(mixed)
        return sorted(found, key=lambda f: (-f.confidence, f.start))
    lex = lexicon()
    read = _read(text, lex, gate)
    found = _match(text, lex, gate, read)
    if use_model and not any(f.resource_kind == "crisis" for f in found):
        extra = _model_finding(text, read[1], sensitivity)
        if extra:
            found.append(extra)
    return sorted(found, key=lambda f: (-f.confidence, f.start))


def _match(
    text: str, lex: _Lexicon, gate: bool = True, read: tuple[str, str, set[str] | None] | None = None
) -> list[CrisisFinding]:
    """The lexicon's findings in `text` (unsorted); `read` is `_read(text, lex, gate)` if the caller has it."""
    folded, masked, present = read or _read(text, lex, gate)
    found: list[CrisisFinding] = []
    taken: list[tuple[str, int, int]] = []
    # The gate (see `anchors`) skips only patterns that cannot match; gate=False runs every one.
    for pat in lex.patterns if present is None else _candidates(masked, lex, present):
        for m in pat.regex.finditer(masked):
            start, end = m.span()
            if any(c == pat.category and s < end and start < e for c, s, e in taken):
                continue  # one finding per stretch of text and category
            if pat.needs and not pat.needs.search(_sentence_before(masked, start)):
                continue
            subject = _subject(folded, start, m, lex)
            if subject == "self" and (
                _quoted(text, folded, start, lex)
                or _unowned_topic(folded, start, end, lex)
                or pat.resource_kind == "crisis"
                and _theirs(folded[start:end], lex)
            ):
                subject = "other"
            negated = _negated(folded, start, lex)
            hyperbole = subject == "self" and pat.resource_kind == "crisis" and _hyperbole(folded, end, lex)
            confidence = (
                _STRENGTH[pat.strength]
                * (_NEGATED if negated else 1.0)
                * (_OTHER if subject == "other" or hyperbole else 1.0)
            )
            found.append(
                CrisisFinding(
                    category=pat.category,
                    resource_kind=pat.resource_kind,
                    start=start,
                    end=end,
                    evidence=text[start:end],
                    confidence=round(confidence, 3),
                    subject=subject,
                    negated=negated,
                    source="lexicon",
                    hyperbole=hyperbole,
                )
            )
            taken.append((pat.category, start, end))
    return found


def _sentence_before(folded: str, start: int) -> str:
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(folded, 0, start)), default=0)
    return folded[cut:start]


def _clause_before(folded: str, start: int, clause_break: re.Pattern[str] = _CLAUSE_BREAK) -> str:
    cut = max((m.end() for m in clause_break.finditer(folded, 0, start)), default=0)
    return folded[cut:start]


def _subject(folded: str, start: int, m: re.Match[str], lex: _Lexicon) -> Subject:
    """Whose thought or experience: the phrase's own pronoun, else the nearest subject before it."""
    who = m.groupdict().get("who")
    if who and not lex.who_self.fullmatch(who.replace(" ", "")):
        return "other"
    before = _sentence_before(folded, start)
    if _inside_quote(before):
        return _speaker(before[: max(before.rfind(q) for q in _QUOTES)], lex)
    if who:
        return "self"
    for word in reversed(_WORD.findall(before)):
        word = word.replace("'", "")
        if word in lex.subject_self:
            return "self"
        if word in lex.subject_other:
            return "other"
    return "self"


def _speaker(said_before: str, lex: _Lexicon) -> Subject:
    """Whose words a quotation is: the sayer comes first ("I told him", "my friend said"); a
    quotation with no speaker named is a lyric, a line from a show: someone else's."""
    for word in _WORD.findall(said_before):
        word = word.replace("'", "")
        if word in lex.subject_other:
            return "other"
        if word in lex.subject_self and word not in ("my", "mine", "me", "myself"):
            return "self"
    return "other"


def _inside_quote(before: str) -> bool:
    return before.count('"') % 2 == 1


# --- framing: whose words these are, and whether they are meant --------------------------------
_FIRST_PERSON: re.Pattern[str] = re.compile(
    r"(?<![a-z0-9'])(?:i|i'm|im|i've|ive|i'd|i'll|me|my|myself|mine|kms)(?![a-z0-9])"
)
# Phrases that name a topic and carry no person: whose it is comes from the rest of the sentence.
_THEIRS: re.Pattern[str] = re.compile(r"\b(?:his|her|their|your|himself|herself|themselves|themself|yourself)\b")
_TOPIC: re.Pattern[str] = re.compile(
    r"(?:suicid|sucid|suicd|suiced)\w*|self[- ]?\w+|domestic \w+|(?:abusive|violent) [a-z-]+|rape|raped|raping|"
    r"sexual assault|sexually assaulted|molested|(?:suicide|goodbye) (?:note|letter)|"
    r"(?:a|the|another) (?:suicide )?attempt"
)
_REPORTED: re.Pattern[str] = re.compile(
    r"\b(?:news|article|report|reported|reports|study|studies|statistics|stats|rates?|cases|calls|documentary|"
    r"podcast|headline|police|court|charged|sentenced|arrested|according to|survey|percent|awareness|prevention)\b|%"
)
_MEDIA: re.Pattern[str] = re.compile(
    r"\b(?:song|songs|lyric|lyrics|chorus|verse|poem|quote|line|lines|sings|sang|singing|movie|film|show|episode|"
    r"book|novel|character|scene)\b"
)
_SAID: re.Pattern[str] = re.compile(r"\b(?:says|said|told|tells|wrote|writes|texted|screamed|yelled)\b")
_LAUGH: re.Pattern[str] = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|kidding|joking)\b|[\U0001F602\U0001F923\U0001F480\U0001F605\U0001F643\U0001F644]"
)
_RATHER_THAN: re.Pattern[str] = re.compile(r"^\s*than\b(?P<rest>.*)")
_RATHER_END: re.Pattern[str] = re.compile(r"rather (?:die|be dead)$")
_LIFE: re.Pattern[str] = re.compile(
    r"\b(?:live|living|go on|going on|keep going|wake up|face|feel|feeling|be here|exist|existing|stay|this pain|"
    r"hurt|suffer|alone|back to (?:him|her|them)|with (?:him|her|them)|go home)\b"
)
_TRIVIAL_IF: re.Pattern[str] = re.compile(r"\bif\b.*\b(?:again|one more|another)\b")
_PEOPLE: re.Pattern[str] = re.compile(
    r"\b(?:he|she|they|him|her|them|his|their|partner|husband|wife|boyfriend|girlfriend|ex)\b"
)


def _sentence_after(folded: str, end: int) -> str:
    m = _SENTENCE_BREAK.search(folded, end)
    return folded[end : m.start() if m else len(folded)]


def _theirs(phrase: str, lex: _Lexicon) -> bool:
    """ "took his own life", "cut her wrists": the phrase names its owner, and it is not the writer."""
    return bool(lex.theirs.search(phrase)) and not lex.first_person.search(phrase)


def _unowned_topic(folded: str, start: int, end: int, lex: _Lexicon) -> bool:
    """A topic word ("domestic violence", "suicide") in reported writing (news, statistics, a
    documentary), or in a sentence about other people with no first person in it: about the world,
    not a disclosure. With no one named at all ("Attempted suicide last spring.") it stays the
    writer's: people drop the "I" when they disclose."""
    if not lex.topic.fullmatch(re.sub(r"\s+", " ", folded[start:end])):
        return False
    sentence = _sentence_before(folded, start) + " " + _sentence_after(folded, end)
    if lex.reported.search(sentence):
        return True
    if lex.first_person.search(sentence):
        return False
    return any(w.replace("'", "") in lex.subject_other for w in _WORD.findall(sentence))


def _quoted(text: str, folded: str, start: int, lex: _Lexicon) -> bool:
    """Someone else's words: inside a quotation that opened in an earlier sentence, in single
    quotes, or on lines a cue introduces ("the chorus goes:", "she said:"). "I told him: ..." stays
    the writer's. Same-sentence double quotes are _subject's (it names the sayer the same way)."""
    if folded[:start].count('"') % 2 == 1 and not _inside_quote(_sentence_before(folded, start)):
        opened = folded.rfind('"', 0, start)
        return _speaker(_sentence_before(folded, opened), lex) == "other"
    before = text[:start]
    opening = max(
        before.rfind("\u2018"),
        *(
            m.start()
            for m in re.finditer(
                r"(?:^|(?<=[\s(:]))'(?=[A-Za-z])(?!(?:cause|cuz|em|til|till|bout|round|tis|twas|n)\b)", before, re.I
            )
        ),
        -1,
    )
    if opening >= 0 and not re.search(r"\u2019(?![a-z])|(?<=[a-z.!?,])'(?![a-z])", before[opening + 1 :], re.I):
        return _speaker(_sentence_before(folded, opening), lex) == "other"
    for line in reversed(folded[:start].split("\n")[-4:]):
        if ":" in line:
            cue = line[: line.rfind(":")]
            if lex.media.search(cue):
                return True
            return bool(lex.said.search(cue)) and _speaker(cue, lex) == "other"
    return False


def _hyperbole(folded: str, end: int, lex: _Lexicon) -> bool:
    """Said for effect: "rather die than" something that is not about living, a laugh after the
    phrase, or "if I have to … one more time" with no other person in it."""
    after = _sentence_after(folded, end)
    tail = folded[end : end + 40]
    if lex.laugh.search(after) or lex.laugh.search(tail):
        return True
    rather = lex.rather_than.match(after)
    if rather and lex.rather_end.search(folded[max(0, end - 24) : end]):
        return not lex.life.search(rather.group("rest"))
    return bool(lex.trivial_if.search(after)) and not lex.people.search(after)


def _negated(folded: str, start: int, lex: _Lexicon) -> bool:
    clause = _clause_before(folded, start, lex.clause_break)
    for exc in lex.negation_exceptions:
        clause = exc.sub(" ", clause)
    words = [w.replace("'", "") for w in _WORD.findall(clause)][-_NEGATION_WINDOW:]
    return any(w in lex.negators or w.endswith("nt") and w[:-2] in _AUX for w in words)


_AUX = {"do", "does", "did", "wo", "ca", "could", "would", "should", "is", "are", "was", "were", "have", "has", "had"}


# --- the learned model: adds what the lexicon missed, never removes -----------------------------
MODEL = "crisis"


MIN_TOKENS = 4  # an idiom masked and fewer words than this left: nothing for the model to judge
# The model learned from posts of a paragraph or more; on a line of a few words its score says little
# ("I miss how we used to talk." reads as sad, which is not a crisis). So below SHORT words only the
# lexicon speaks, and below LONG words the model needs its balanced threshold even in recall mode.
# Explicit words of crisis in a short line are the lexicon's job, and it always counts.
SHORT = 4
LONG = 15


def _model_finding(text: str, masked: str, sensitivity: str = "recall") -> CrisisFinding | None:
    """Score the idiom-masked text (same offsets as `text`); evidence is its likeliest sentence."""
    left = len(tokens(masked))
    if left < MIN_TOKENS and left < len(tokens(text)) or left < SHORT:
        return None
    model = load_model(MODEL)
    recall = sensitivity == "recall" and left >= LONG
    threshold = float(model.meta["threshold" if recall else "threshold_balanced"])
    score = model.score(masked)
    if score < threshold:
        return None
    spans = sentences(text) or [(0, len(text))]
    start, end = max(spans, key=lambda se: model.score(masked[se[0] : se[1]])) if len(spans) > 1 else spans[0]
    return CrisisFinding(
        category="suicidal_ideation",
        resource_kind="crisis",
        start=start,
        end=end,
        evidence=text[start:end],
        confidence=round(min(score, 0.9), 3),
        subject="self",
        negated=False,
        source="model",
    )
