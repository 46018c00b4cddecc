"""The feelings vocabulary, loaded once from content/feelings.yaml and checked on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from django.conf import settings


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


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    path = settings.BASE_DIR / "content" / "feelings.yaml"
    raw = yaml.safe_load(path.read_text())
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
