"""The shipped note templates (content/note-templates/*.yaml), read strictly.

A template is only a starting text: the clinician edits it before signing. The loader refuses
anything it does not understand and names the file and the field, so a content editor can fix a
typo without reading Python. A block of an intensive that carries its own note template uses that
one instead (see `for_block`).

Each template has a Spanish copy (`x.es.yaml`); the loader reads the one in the active language (the
clinician's own). What a clinician writes from a template is their note, stored as written: a template
in another language never rewrites a saved note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from closeknit.core import content
from closeknit.core.content import ContentError

CONTENT_DIR = content.path("note-templates")
KEYS = {"slug", "name", "kinds", "title", "body"}
NOTE_KINDS = ("session", "individual", "block", "other")
BLOCK_DEFAULT = "intensive-block"
MAX_TITLE = 160
MAX_BODY = 20_000


@dataclass(frozen=True)
class NoteTemplate:
    slug: str
    name: str
    kinds: tuple[str, ...]
    title: str
    body: str


def _text(raw: dict[str, Any], key: str, where: str, limit: int) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be some text")
    if len(value) > limit:
        raise ContentError(f"{where}: '{key}' is longer than {limit} characters")
    return value


def parse(raw: Any, where: str, *, expected_slug: str | None = None) -> NoteTemplate:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping of {sorted(KEYS)}")
    unknown = set(raw) - KEYS
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {sorted(unknown)}")
    kinds = raw.get("kinds")
    if not isinstance(kinds, list) or not kinds or any(k not in NOTE_KINDS for k in kinds):
        raise ContentError(f"{where}: 'kinds' must list some of {list(NOTE_KINDS)}")
    slug = _text(raw, "slug", where, 64)
    if (expected_slug or Path(where).stem) != slug:
        raise ContentError(f"{where}: 'slug' must match the file name")
    return NoteTemplate(
        slug=slug,
        name=_text(raw, "name", where, 80),
        kinds=tuple(kinds),
        title=_text(raw, "title", where, MAX_TITLE),
        body=_text(raw, "body", where, MAX_BODY).rstrip() + "\n",
    )


def load(language: str | None = None) -> dict[str, NoteTemplate]:
    """The shipped templates by slug, in `language` (by default the active one: the person's own)."""
    return _load(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _load(language: str) -> dict[str, NoteTemplate]:
    out: dict[str, NoteTemplate] = {}
    for source in content.sources(CONTENT_DIR, "*.yaml"):
        path = content.localized(source, language)
        t = parse(content.read_yaml(path), path.name, expected_slug=source.stem)
        out[t.slug] = t
    if BLOCK_DEFAULT not in out:
        raise ContentError(f"{CONTENT_DIR}: the default block template '{BLOCK_DEFAULT}.yaml' is missing")
    return out


def get(slug: str) -> NoteTemplate | None:
    return load().get(slug)


def for_kind(kind: str) -> list[NoteTemplate]:
    return [t for t in load().values() if kind in t.kinds]


def default_for(kind: str) -> NoteTemplate | None:
    found = for_kind(kind)
    return found[0] if found else None


def for_block(block: Any) -> str:
    """The block's own template wins when it has one; else our default block template."""
    own = (getattr(block, "note_template", "") or "").strip()
    return (own + "\n") if own else load()[BLOCK_DEFAULT].body
