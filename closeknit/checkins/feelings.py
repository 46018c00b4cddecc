"""The feelings vocabulary, loaded once per language from content/feelings.yaml (and its translations)
and checked on load. Slugs are the same in every language: a stored check-in keeps its slug, and each
reader sees the word in their own language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from closeknit.core import content


@dataclass(frozen=True)
class Feeling:
    slug: str
    label: str
    family: str


@dataclass(frozen=True)
class Family:
    slug: str
    label: str
    tone: str
    hint: str
    feelings: tuple[Feeling, ...]


TONES = {"pleasant", "mixed", "unpleasant"}


def _path(language: str = content.SOURCE_LANGUAGE) -> Path:
    return content.localized(content.path("feelings.yaml"), language)


@lru_cache(maxsize=len(content.LANGUAGES))
def _raw(language: str) -> dict:
    return content.read_yaml(_path(language))


def families(language: str | None = None) -> tuple[Family, ...]:
    """Every family and its feelings, in `language` (by default the active one)."""
    return _families(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _families(language: str) -> tuple[Family, ...]:
    path = _path(language)
    raw = _raw(language)
    out: list[Family] = []
    seen: set[str] = set()
    for fam in raw["families"]:
        if fam["tone"] not in TONES:
            raise ValueError(f"{path}: family {fam['slug']!r} has tone {fam['tone']!r}; use one of {sorted(TONES)}")
        feelings = []
        for f in fam["feelings"]:
            if f["slug"] in seen:
                raise ValueError(f"{path}: feeling slug {f['slug']!r} appears twice")
            seen.add(f["slug"])
            feelings.append(Feeling(slug=f["slug"], label=f["label"], family=fam["slug"]))
        out.append(
            Family(
                slug=fam["slug"],
                label=fam["label"],
                tone=fam["tone"],
                hint=fam.get("hint", ""),
                feelings=tuple(feelings),
            )
        )
    return tuple(out)


def common(language: str | None = None) -> tuple[Feeling, ...]:
    """The short list the check-in shows first, so most days take a tap or two; the rest stay one
    "More words" away. A slug the vocabulary lacks fails on load, like a duplicate does."""
    return _common(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _common(language: str) -> tuple[Feeling, ...]:
    known = by_slug(language)
    slugs = _raw(language).get("common") or []
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ValueError(f"{_path(language)}: common lists {missing[0]!r}, which no family has")
    return tuple(known[s] for s in dict.fromkeys(slugs))


def by_slug(language: str | None = None) -> dict[str, Feeling]:
    return _by_slug(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _by_slug(language: str) -> dict[str, Feeling]:
    return {f.slug: f for fam in _families(language) for f in fam.feelings}


def tone_of(slug: str) -> str:
    feeling = _by_slug(content.SOURCE_LANGUAGE).get(slug)
    if feeling is None:
        return "mixed"
    return next(f.tone for f in _families(content.SOURCE_LANGUAGE) if f.slug == feeling.family)


def label(slug: str, language: str | None = None) -> str:
    """The feeling's word in `language` (by default the reader's); an unknown slug is shown as stored."""
    feeling = by_slug(language).get(slug)
    return feeling.label if feeling else slug
