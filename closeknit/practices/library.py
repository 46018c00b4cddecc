"""The practice library: one YAML file per practice, a few decks, and the matcher's vocabulary.

Why content and not code: a clinician edits the words, the flows only know the *kind* of a practice.
Loading is strict (an unknown field is an error, not ignored) so a typo shows up when the tests run,
not on someone's phone in the middle of a hard conversation. Every problem in every file is collected
and reported at once, each naming its file, field and, for steps and deck items, their number.

Pure Python on purpose: no Django, no database, so `python -m closeknit.practices.library` checks the
content anywhere in milliseconds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from closeknit.core import content
from closeknit.core.content import ContentError, Problem

CONTENT_DIR = content.path("practices")


def gettext_noop(message: str) -> str:
    """Marks an English label for the catalog (makemessages reads the name) without importing Django."""
    return message


# The seven distance drivers (issue 3 measures them); labels are what a person reads, in English here and
# translated where shown (gettext(DRIVERS[slug]), or Practice.driver_labels).
DRIVERS: dict[str, str] = {
    "unresolved-conflict": gettext_noop("conflict that doesn't get resolved"),
    "stress-busy": gettext_noop("stress and busy lives"),
    "broken-trust": gettext_noop("trust that was hurt"),
    "stopped-talking": gettext_noop("conversations that have stopped"),
    "fear-of-vulnerability": gettext_noop("fear of being open"),
    "poor-listening": gettext_noop("not feeling heard"),
    "little-time-together": gettext_noop("too little time together"),
}
MODES = ("together", "apart", "solo")
# The guided flow a practice runs in; a new kind needs a new flow in code, a new practice does not.
KINDS = (
    "hard-conversation",
    "active-listening",
    "eye-contact",
    "emotional-map",
    "mindfulness",
    "gratitude",
    "touch",
    "quality-time",
    "vulnerability-questions",
    "reminiscing",
    "fear-of-closeness",
    "plain-steps",
)
ROLES = ("speaker", "listener", "both")
VISIBILITIES = ("private", "partner")
DECK_KINDS = ("questions", "prompts", "gestures", "date-ideas", "phrases")
# Flows that cannot run without a deck of this kind.
DECK_FOR_KIND = {"vulnerability-questions": "questions", "touch": "gestures", "reminiscing": "prompts"}
BUDGETS = ("free", "low", "medium")
TIMES = ("30-min", "evening", "day", "weekend")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_TIMER, MAX_TIMER = 5, 3600
MAX_DURATION = 600


@dataclass(frozen=True)
class Step:
    text: str
    timer_seconds: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class Reflection:
    prompt: str
    visibility: str = "private"


@dataclass(frozen=True)
class Practice:
    slug: str
    title: str
    purpose: str
    drivers: tuple[str, ...]
    duration_minutes: int
    modes: tuple[str, ...]
    kind: str
    steps: tuple[Step, ...]
    if_heated: str
    reflection: Reflection
    conflict: bool = False
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    deck: str | None = None
    source: str = ""

    @property
    def driver_labels(self) -> tuple[str, ...]:
        from django.utils.translation import gettext  # at request time, in the reader's language

        return tuple(gettext(DRIVERS[d]) for d in self.drivers)

    @property
    def timed_seconds(self) -> int:
        """Seconds of timed steps: a flow shows this next to the overall duration."""
        return sum(s.timer_seconds or 0 for s in self.steps)


@dataclass(frozen=True)
class DeckItem:
    id: str
    text: str
    budget: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class DeckSet:
    slug: str
    title: str
    items: tuple[DeckItem, ...]
    intro: str = ""


@dataclass(frozen=True)
class Deck:
    slug: str
    title: str
    kind: str
    sets: tuple[DeckSet, ...]
    intro: str = ""
    source: str = ""

    def item(self, item_id: str) -> DeckItem | None:
        return next((i for s in self.sets for i in s.items if i.id == item_id), None)

    @property
    def items(self) -> tuple[DeckItem, ...]:
        return tuple(i for s in self.sets for i in s.items)


@dataclass(frozen=True)
class Vocabulary:
    """What the "What's on your mind?" matcher knows beyond the practices' own tags and keywords."""

    synonyms: Mapping[str, tuple[str, ...]]  # term -> the other ways people say it
    drivers: Mapping[str, tuple[str, ...]]  # driver -> terms that point to it
    fallback: tuple[str, ...]  # practice slugs offered when nothing fits
    safety: tuple[str, ...]  # phrases that hide conflict practices at once
    source: str = ""


@dataclass(frozen=True, eq=False)
class Library:
    """Compared by identity, so caches may key on it."""

    practices: Mapping[str, Practice]
    decks: Mapping[str, Deck]
    vocabulary: Vocabulary
    directory: Path
    language: str = content.SOURCE_LANGUAGE  # of its words, and so of how the matcher reads them

    def get(self, slug: str) -> Practice | None:
        return self.practices.get(slug)

    def safe_for(self, *, screen_positive: bool) -> tuple[Practice, ...]:
        """Practices a couple may be offered: conflict work is never offered after a positive screen."""
        return tuple(p for p in self.practices.values() if not (screen_positive and p.conflict))

    def for_driver(self, driver: str, *, screen_positive: bool) -> tuple[Practice, ...]:
        return tuple(p for p in self.safe_for(screen_positive=screen_positive) if driver in p.drivers)


def _library_error(problems: list[Problem]) -> ContentError:
    """Every problem found, so a clinician fixes them in one pass."""
    return ContentError(problems, heading=f"{len(problems)} problem(s) in the practice library:")


class _Reader:
    """Reads fields from one YAML mapping, recording problems instead of stopping at the first."""

    def __init__(self, file: str, problems: list[Problem], raw: Any, where: str = ""):
        self.file, self.problems, self.where = file, problems, where
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if not isinstance(raw, dict):
            self.fail("", "should be a set of 'field: value' lines")

    def fail(self, name: str, message: str) -> None:
        where = ", ".join(x for x in (self.where, name) if x)
        self.problems.append(Problem(self.file, where, message))

    def only(self, allowed: set[str]) -> None:
        for key in self.raw:
            if key not in allowed:
                hint = f"; known fields: {', '.join(sorted(allowed))}"
                self.fail(str(key), f"is not a known field{hint}")

    def text(self, name: str, *, required: bool = True, max_len: int = 2000) -> str:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, "is missing; write a few words here")
            return ""
        if not isinstance(value, str):
            self.fail(name, f"should be text, not {type(value).__name__}")
            return ""
        value = " ".join(value.split())
        if len(value) > max_len:
            self.fail(name, f"is {len(value)} characters long; keep it under {max_len}")
        return value

    def slug(self, name: str) -> str:
        value = self.text(name)
        if value and not SLUG.match(value):
            self.fail(name, f"{value!r} should be lower-case words joined by hyphens, like 'small-touches'")
        return value

    def choice(
        self, name: str, options: tuple[str, ...], *, required: bool = True, default: str | None = None
    ) -> str | None:
        value = self.raw.get(name, default)
        if value is None:
            if required:
                self.fail(name, f"is missing; use one of: {', '.join(options)}")
            return None
        if value not in options:
            self.fail(name, f"{value!r} is not one of: {', '.join(options)}")
            return None
        return value

    def choices(self, name: str, options: tuple[str, ...], *, required: bool = True) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None or value == []:
            if required:
                self.fail(name, f"is missing; list at least one of: {', '.join(options)}")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(name, "should be a list, like [a, b]")
            return ()
        out: list[str] = []
        for v in value:
            if v not in options:
                self.fail(name, f"{v!r} is not one of: {', '.join(options)}")
            elif v in out:
                self.fail(name, f"{v!r} is listed twice")
            else:
                out.append(v)
        return tuple(out)

    def words(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
            self.fail(name, "should be a list of words or short phrases")
            return ()
        return tuple(" ".join(str(v).split()) for v in value)

    def integer(self, name: str, low: int, high: int, *, required: bool = True, unit: str = "") -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, f"is missing; give a whole number of {unit}")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(name, f"{value!r} should be a whole number of {unit} from {low} to {high}")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            self.fail(name, f"{value!r} should be true or false")
            return False
        return value


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def _source_stem(file: str) -> str:
    """The name a slug must match: `eye-contact` for eye-contact.yaml and for its eye-contact.es.yaml."""
    path = Path(file)
    return path.name.split(".")[0] if content.is_translation(path) else path.stem


PRACTICE_FIELDS = {
    "slug",
    "title",
    "purpose",
    "drivers",
    "duration_minutes",
    "modes",
    "kind",
    "steps",
    "if_heated",
    "reflection",
    "conflict",
    "tags",
    "keywords",
    "deck",
}


def parse_practice(raw: Any, file: str, problems: list[Problem]) -> Practice | None:
    before = len(problems)
    r = _Reader(file, problems, raw)
    if not isinstance(raw, dict):
        return None
    r.only(PRACTICE_FIELDS)
    slug = r.slug("slug")
    if slug and _source_stem(file) != slug:
        r.fail("slug", f"{slug!r} should match the file name ({slug}.yaml), so each practice is easy to find")
    purpose = r.text("purpose", max_len=400)
    if purpose and _sentences(purpose) > 2:
        r.fail("purpose", "should be one or two sentences")
    steps_raw = r.raw.get("steps")
    steps: list[Step] = []
    if not isinstance(steps_raw, list) or not steps_raw:
        r.fail("steps", "is missing; list at least one step, each with a 'text'")
    else:
        for n, s in enumerate(steps_raw, start=1):
            sr = _Reader(file, problems, s if not isinstance(s, str) else {"text": s}, where=f"step {n}")
            sr.only({"text", "timer_seconds", "role"})
            steps.append(
                Step(
                    text=sr.text("text", max_len=600),
                    timer_seconds=sr.integer("timer_seconds", MIN_TIMER, MAX_TIMER, required=False, unit="seconds"),
                    role=sr.choice("role", ROLES, required=False),
                )
            )
    refl_raw = r.raw.get("reflection")
    rr = _Reader(file, problems, {"prompt": refl_raw} if isinstance(refl_raw, str) else refl_raw, where="reflection")
    rr.only({"prompt", "visibility"})
    reflection = Reflection(
        prompt=rr.text("prompt", max_len=300),
        # None only after a problem is recorded, and then the whole practice is dropped
        visibility=rr.choice("visibility", VISIBILITIES, default="private"),  # type: ignore[arg-type]
    )
    deck = r.raw.get("deck")
    if deck is not None and (not isinstance(deck, str) or not SLUG.match(deck)):
        r.fail("deck", f"{deck!r} should be the slug of a deck in decks/")
        deck = None
    practice = Practice(
        slug=slug,
        title=r.text("title", max_len=80),
        purpose=purpose,
        drivers=r.choices("drivers", tuple(DRIVERS)),
        duration_minutes=r.integer("duration_minutes", 1, MAX_DURATION, unit="minutes") or 0,
        modes=r.choices("modes", MODES),
        kind=r.choice("kind", KINDS) or "",
        steps=tuple(steps),
        if_heated=r.text("if_heated", max_len=800),
        reflection=reflection,
        conflict=r.flag("conflict"),
        tags=r.words("tags"),
        keywords=r.words("keywords"),
        deck=deck,
        source=file,
    )
    if not practice.tags and not practice.keywords:
        r.fail("tags", "give a few tags or keywords so 'What's on your mind?' can find this practice")
    return practice if len(problems) == before else None


def parse_deck(raw: Any, file: str, problems: list[Problem]) -> Deck | None:
    before = len(problems)
    r = _Reader(file, problems, raw)
    if not isinstance(raw, dict):
        return None
    r.only({"slug", "title", "kind", "intro", "sets"})
    slug = r.slug("slug")
    if slug and _source_stem(file) != slug:
        r.fail("slug", f"{slug!r} should match the file name ({slug}.yaml)")
    kind = r.choice("kind", DECK_KINDS) or ""
    sets_raw = r.raw.get("sets")
    sets: list[DeckSet] = []
    seen_ids: set[str] = set()
    seen_text: set[str] = set()
    if not isinstance(sets_raw, list) or not sets_raw:
        r.fail("sets", "is missing; list at least one set, each with a slug, a title and items")
        sets_raw = []
    set_slugs: set[str] = set()
    for n, s in enumerate(sets_raw, start=1):
        sr = _Reader(file, problems, s, where=f"set {n}")
        sr.only({"slug", "title", "intro", "items"})
        set_slug = sr.slug("slug")
        if set_slug in set_slugs:
            sr.fail("slug", f"{set_slug!r} is used by another set in this deck")
        set_slugs.add(set_slug)
        items_raw = sr.raw.get("items")
        items: list[DeckItem] = []
        if not isinstance(items_raw, list) or not items_raw:
            sr.fail("items", "is missing; list at least one item, each with an id and a text")
            items_raw = []
        for m, it in enumerate(items_raw, start=1):
            ir = _Reader(file, problems, it, where=f"set {n} ({set_slug or '?'}), item {m}")
            extra = {"budget", "time"} if kind == "date-ideas" else set()
            ir.only({"id", "text"} | extra)
            item_id = ir.slug("id")
            if item_id in seen_ids:
                ir.fail("id", f"{item_id!r} is used twice in this deck; ids must stay unique and never change")
            seen_ids.add(item_id)
            text = ir.text("text", max_len=300)
            if text.lower() in seen_text:
                ir.fail("text", "repeats another item in this deck")
            seen_text.add(text.lower())
            items.append(
                DeckItem(
                    id=item_id,
                    text=text,
                    budget=ir.choice("budget", BUDGETS) if kind == "date-ideas" else None,
                    time=ir.choice("time", TIMES) if kind == "date-ideas" else None,
                )
            )
        sets.append(
            DeckSet(
                slug=set_slug,
                title=sr.text("title", max_len=80),
                intro=sr.text("intro", required=False),
                items=tuple(items),
            )
        )
    deck = Deck(
        slug=slug,
        title=r.text("title", max_len=80),
        kind=kind,
        intro=r.text("intro", required=False),
        sets=tuple(sets),
        source=file,
    )
    return deck if len(problems) == before else None


def _term_list(raw: Any, r: _Reader, name: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        r.fail(name, "should be a list of words or short phrases")
        return ()
    return tuple(" ".join(v.split()) for v in raw)


def parse_vocabulary(raw: Any, file: str, problems: list[Problem]) -> Vocabulary:
    r = _Reader(file, problems, raw)
    r.only({"synonyms", "drivers", "fallback", "safety"})
    synonyms: dict[str, tuple[str, ...]] = {}
    syn_raw = r.raw.get("synonyms")
    if not isinstance(syn_raw, dict) or not syn_raw:
        r.fail("synonyms", "is missing; map each term to the other ways people say it")
        syn_raw = {}
    for term, variants in syn_raw.items():
        synonyms[str(term)] = _term_list(variants, r, f"synonyms, {term}")
    drivers: dict[str, tuple[str, ...]] = {}
    drv_raw = r.raw.get("drivers")
    if not isinstance(drv_raw, dict):
        r.fail("drivers", "is missing; map each driver to the terms that point to it")
        drv_raw = {}
    for driver, terms in drv_raw.items():
        if driver not in DRIVERS:
            r.fail(f"drivers, {driver}", f"is not a driver; use one of: {', '.join(DRIVERS)}")
            continue
        drivers[driver] = _term_list(terms, r, f"drivers, {driver}")
    for driver in DRIVERS:
        if driver not in drivers:
            r.fail("drivers", f"gives no terms for {driver!r}")
    fallback = _term_list(r.raw.get("fallback"), r, "fallback")
    safety = _term_list(r.raw.get("safety", []), r, "safety") if r.raw.get("safety") is not None else ()
    return Vocabulary(synonyms=synonyms, drivers=drivers, fallback=fallback, safety=safety, source=file)


_UNREADABLE = object()


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    """The parsed file, or _UNREADABLE after recording why (an empty file parses to None)."""
    rel = str(path.relative_to(root))
    try:
        return content.read_yaml(path, shown=rel)
    except content.DuplicateKey as exc:
        problems.append(Problem(rel, f"line {exc.problem_mark.line + 1}", str(exc.problem)))
    except ContentError as exc:
        problems.extend(exc.problems)
    return _UNREADABLE


def _each(
    folder: Path,
    root: Path,
    problems: list[Problem],
    parse: Callable[[Any, str, list[Problem]], Any],
    language: str = content.SOURCE_LANGUAGE,
) -> list[Any]:
    out: list[Any] = []
    if not folder.is_dir():
        return out
    for source in content.sources(folder, "*.y*ml"):
        path = content.localized(source, language)
        raw = _read_yaml(path, root, problems)
        if raw is not _UNREADABLE:
            parsed = parse(raw, str(path.relative_to(root)), problems)
            if parsed is not None:
                out.append(parsed)
    return out


def load(directory: Path | str = CONTENT_DIR, language: str = content.SOURCE_LANGUAGE) -> Library:
    """Read and check every file under `directory`, each in `language` where it has a translation (the
    matcher's vocabulary has its own words in each language); raise ContentError listing all problems."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise _library_error([Problem(str(root), "", "folder not found")])
    practices: dict[str, Practice] = {}
    for p in _each(root, root, problems, parse_practice, language):
        if p.slug in practices:
            problems.append(Problem(p.source, "slug", f"{p.slug!r} is already used by {practices[p.slug].source}"))
        else:
            practices[p.slug] = p
    decks: dict[str, Deck] = {}
    for d in _each(root / "decks", root, problems, parse_deck, language):
        if d.slug in decks:
            problems.append(Problem(d.source, "slug", f"{d.slug!r} is already used by {decks[d.slug].source}"))
        else:
            decks[d.slug] = d
    vocab_path = content.localized(root / "matching" / "vocabulary.yaml", language)
    vocab_file = str(vocab_path.relative_to(root))
    vocabulary = Vocabulary(synonyms={}, drivers={}, fallback=(), safety=())
    if not vocab_path.is_file():
        problems.append(Problem(vocab_file, "", "is missing; the matcher needs it"))
    elif (raw_vocab := _read_yaml(vocab_path, root, problems)) is not _UNREADABLE:
        vocabulary = parse_vocabulary(raw_vocab, vocab_file, problems)
    _cross_check(practices, decks, vocabulary, problems)
    if problems:
        raise _library_error(problems)
    return Library(practices=practices, decks=decks, vocabulary=vocabulary, directory=root, language=language)


def _cross_check(
    practices: dict[str, Practice], decks: dict[str, Deck], vocabulary: Vocabulary, problems: list[Problem]
) -> None:
    broken_decks = any(pr.file.startswith("decks") for pr in problems)
    hint = " (or its file has a problem listed here)" if broken_decks else ""
    for p in practices.values():
        if p.deck and p.deck not in decks:
            problems.append(Problem(p.source, "deck", f"{p.deck!r} is not a deck in decks/{hint}"))
        needed = DECK_FOR_KIND.get(p.kind)
        if needed and not p.deck:
            problems.append(Problem(p.source, "deck", f"a {p.kind} practice needs a deck of kind {needed!r}"))
        elif needed and p.deck in decks and decks[p.deck].kind != needed:
            problems.append(
                Problem(p.source, "deck", f"{p.deck!r} is a {decks[p.deck].kind} deck; {p.kind} needs {needed}")
            )
    for slug in vocabulary.fallback:
        if slug not in practices:
            problems.append(Problem(vocabulary.source, "fallback", f"{slug!r} is not a practice"))
        elif practices[slug].conflict:
            problems.append(
                Problem(vocabulary.source, "fallback", f"{slug!r} is conflict work; fallbacks must be safe")
            )


def library(language: str | None = None) -> Library:
    """The shipped library in `language`, by default the one Django has active for this request (the
    person's own). Each language is read once per process; content changes need a restart (as code does)."""
    return _library(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _library(language: str) -> Library:
    return load(CONTENT_DIR, language)


def main(argv: list[str]) -> int:
    for language in content.LANGUAGES:
        try:
            lib = load(argv[0] if argv else CONTENT_DIR, language)
        except ContentError as exc:
            print(exc, file=sys.stderr)
            return 1
        words = f"{len(lib.vocabulary.synonyms)} terms"
        print(f"OK: {len(lib.practices)} practices, {len(lib.decks)} decks, {words} ({language})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
