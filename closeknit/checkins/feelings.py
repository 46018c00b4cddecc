"""The feelings vocabulary, loaded once from content/feelings.yaml and checked on load."""

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


def _path() -> Path:
    return content.path("feelings.yaml")


@lru_cache(maxsize=1)
def _raw() -> dict:
    return content.read_yaml(_path())


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    path = _path()
    raw = _raw()
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


@lru_cache(maxsize=1)
def common() -> tuple[Feeling, ...]:
    """The short list the check-in shows first, so most days take a tap or two; the rest stay one
    "More words" away. A slug the vocabulary lacks fails on load, like a duplicate does."""
    known = by_slug()
    slugs = _raw().get("common") or []
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ValueError(f"{_path()}: common lists {missing[0]!r}, which no family has")
    return tuple(known[s] for s in dict.fromkeys(slugs))


@lru_cache(maxsize=1)
def by_slug() -> dict[str, Feeling]:
    return {f.slug: f for fam in families() for f in fam.feelings}


def tone_of(slug: str) -> str:
    feeling = by_slug().get(slug)
    if feeling is None:
        return "mixed"
    return next(f.tone for f in families() if f.slug == feeling.family)


def label(slug: str) -> str:
    feeling = by_slug().get(slug)
    return feeling.label if feeling else slug
