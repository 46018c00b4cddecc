"""The desires deck: items, the words of the result and the guided conversation, all content a
clinician edits in content/practices/desires/wishes.yaml (and its translations, wishes.es.yaml).
Loaded strictly (an unknown or missing field is an error), so a typo fails a test rather than showing
a blank on someone's phone. Ids are the same in every language: a stored mark keeps its item, and each
partner reads the item in their own language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from closeknit.core import content
from closeknit.core.content import ContentError

FILE = content.path("practices", "desires", "wishes.yaml")
VALUES = ("yes", "maybe", "no")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    section: str


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Deck:
    slug: str
    title: str
    intro: str
    adults: str
    answers: dict[str, str]
    sections: tuple[Section, ...]
    result: dict[str, str]
    boundaries: dict[str, str]
    conversation_title: str
    pause_word: str
    pause_intro: str
    paused: str
    steps: tuple[str, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def order(self) -> dict[str, int]:
        return {i.id: n for n, i in enumerate(self.items)}

    def item(self, item_id: object) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{FILE.name}: {where}{key} should be some text")
    return value.strip()


def _only(raw: Any, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ContentError(f"{FILE.name}: {where or 'the file'} should be a set of 'field: value' lines")
    unknown = set(raw) - keys
    if unknown:
        raise ContentError(f"{FILE.name}: {where}unknown field(s) {sorted(unknown)}")
    return raw


def parse(raw: Any) -> Deck:
    top = _only(
        raw, {"slug", "title", "intro", "adults", "answers", "sections", "result", "boundaries", "conversation"}, ""
    )
    answers = _only(top.get("answers"), set(VALUES), "answers: ")
    sections: list[Section] = []
    seen: set[str] = set()
    for n, s in enumerate(top.get("sections") or [], 1):
        s = _only(s, {"slug", "title", "intro", "items"}, f"section {n}: ")
        items = []
        for m, i in enumerate(s.get("items") or [], 1):
            i = _only(i, {"id", "text"}, f"section {n} item {m}: ")
            item_id = _text(i, "id", f"section {n} item {m}: ")
            if not ID.match(item_id) or item_id in seen:
                raise ContentError(f"{FILE.name}: section {n} item {m}: id {item_id!r} is not a new lowercase slug")
            seen.add(item_id)
            items.append(Item(item_id, _text(i, "text", f"section {n} item {m}: "), s.get("slug", "")))
        if not items:
            raise ContentError(f"{FILE.name}: section {n}: needs items")
        sections.append(
            Section(_text(s, "slug", f"section {n}: "), _text(s, "title", ""), _text(s, "intro", ""), tuple(items))
        )
    if not sections:
        raise ContentError(f"{FILE.name}: needs sections")
    result_keys = {"shared", "maybe", "maybe_hint", "nothing", "why", "differences", "helps"}
    result = _only(top.get("result"), result_keys, "result: ")
    bounds = _only(top.get("boundaries"), {"intro", "empty"}, "boundaries: ")
    talk = _only(top.get("conversation"), {"title", "pause_word", "pause_intro", "paused", "steps"}, "conversation: ")
    steps = []
    for n, st in enumerate(talk.get("steps") or [], 1):
        steps.append(_text(_only(st, {"text"}, f"conversation step {n}: "), "text", f"conversation step {n}: "))
    if not steps:
        raise ContentError(f"{FILE.name}: conversation: needs steps")
    return Deck(
        slug=_text(top, "slug", ""),
        title=_text(top, "title", ""),
        intro=_text(top, "intro", ""),
        adults=_text(top, "adults", ""),
        answers={k: _text(answers, k, "answers: ") for k in VALUES},
        sections=tuple(sections),
        result={k: _text(result, k, "result: ") for k in sorted(result_keys)},
        boundaries={k: _text(bounds, k, "boundaries: ") for k in ("intro", "empty")},
        conversation_title=_text(talk, "title", "conversation: "),
        pause_word=_text(talk, "pause_word", "conversation: "),
        pause_intro=_text(talk, "pause_intro", "conversation: "),
        paused=_text(talk, "paused", "conversation: "),
        steps=tuple(steps),
    )


def deck(language: str | None = None) -> Deck:
    """The deck in `language`, by default the active one (the person's own, set per request)."""
    return _deck(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _deck(language: str) -> Deck:
    path = content.localized(FILE, language)
    try:
        return parse(content.read_yaml(path))
    except ContentError as exc:
        if path == FILE:
            raise
        # parse() names the English file; a problem in a translation names the file that has it.
        raise ContentError(str(exc).replace(FILE.name, path.name)) from None
