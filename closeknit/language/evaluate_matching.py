""" "What's on your mind?" matching on real relationship questions: the ranked scorer against the
keyword scorer it replaced, on the same data (rows of `python -m closeknit.language.evaluate`).

Data: r/divorce posts from construct-tracker's Reddit set, labelled by hand with the practice
families that fit (closeknit/language/evaldata/matching_real.tsv: keys and labels only, never the
text). The matcher was tuned on the train half; the dev half was held out. A post passes when any
of the top three suggestions belongs to a labelled family (content/practices/matching/families.yaml).
Posts we left unlabelled fit no practice (legal steps, custody, grief, abuse): for those the row
reports how often the matcher says nothing fits well.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from closeknit.language import data

LABELS = Path(__file__).resolve().parent / "evaldata" / "matching_real.tsv"
PAGE_CHARS = 1000  # the /practices/mind/ page reads at most this much of what a person typed


@dataclass(frozen=True)
class Question:
    key: str
    half: str  # "train" (tuned on) or "dev" (held out)
    text: str
    families: tuple[str, ...]  # empty: no practice fits


def families() -> dict[str, frozenset[str]]:
    from closeknit.core import content
    from closeknit.practices.library import CONTENT_DIR

    raw = content.read_yaml(Path(CONTENT_DIR) / "matching" / "families.yaml")
    return {name: frozenset(slugs) for name, slugs in raw.items()}


def questions() -> list[Question] | None:
    """Every r/divorce post of both halves, labelled or not; None before the data is fetched."""
    labels: dict[str, tuple[str, ...]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, fams, _ = line.split("\t", 2)
            labels[key] = tuple(fams.split(","))
    out = []
    for half in ("train", "dev"):
        posts = data.reddit_posts(half)
        if posts is None:
            return None
        for p in posts:
            if p.subreddit == "divorce":
                key = f"{half[0]}{zlib.crc32(p.text.encode()):08x}"
                out.append(Question(key, half, p.text[:PAGE_CHARS], labels.pop(key, ())))
    if labels:
        raise ValueError(f"labelled posts not found in the data: {sorted(labels)}")
    return out


def hit(slugs: tuple[str, ...], wanted: tuple[str, ...], fams: dict[str, frozenset[str]]) -> bool:
    return bool(set(slugs) & frozenset().union(*(fams[f] for f in wanted)))


@dataclass(frozen=True)
class Score:
    hits: int
    n: int
    misses: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.hits / self.n if self.n else 0.0


def score(scorer: str, qs: list[Question]) -> Score:
    from closeknit.practices.matching import suggest

    fams = families()
    misses = []
    hits = 0
    for q in qs:
        got = suggest(q.text, screen_positive=False, scorer=scorer)
        if hit(got.slugs, q.families, fams):
            hits += 1
        else:
            misses.append(q.key)
    return Score(hits, len(qs), tuple(misses))


def fallback_rate(scorer: str, qs: list[Question]) -> float:
    from closeknit.practices.matching import suggest

    return sum(suggest(q.text, screen_positive=False, scorer=scorer).used_fallback for q in qs) / len(qs)


def matching_rows(row) -> list[str]:  # noqa: ANN001 - evaluate._row, passed in to keep one format
    qs = questions()
    if qs is None:
        return [row("matching", "construct-tracker r/divorce", 0, None, None, None, None, "not fetched: --fetch")]
    out = []
    for scorer in ("ranked", "keyword"):
        name = f"matching [{scorer}]" + (" *" if scorer == "ranked" else "")
        for half, label in (("dev", "held out"), ("train", "tuned on")):
            labelled = [q for q in qs if q.half == half and q.families]
            s = score(scorer, labelled)
            out.append(
                row(
                    name,
                    f"r/divorce questions, {half} half ({label})",
                    s.n,
                    None,
                    s.rate,
                    None,
                    None,
                    f"right family in top 3: {s.hits}/{s.n}; target >= 0.80",
                )
            )
        if scorer == "ranked":
            out.append(safety_row(row, qs))
        unfit = [q for q in qs if not q.families]
        out.append(
            row(
                name,
                "r/divorce posts no practice fits (both)",
                len(unfit),
                None,
                None,
                None,
                None,
                f"says nothing fits well: {fallback_rate(scorer, unfit):.3f} (no target; legal, custody, grief)",
            )
        )
    return out


def safety_row(row, qs: list[Question]) -> str:  # noqa: ANN001 - evaluate._row
    """Posts where the crisis net finds violence or coercion, through the concern route as the page
    and API run it (closeknit.practices.concern.route): how many still get a conflict practice."""
    from closeknit.practices.concern import route
    from closeknit.practices.library import library

    conflict = {p.slug for p in library().practices.values() if p.conflict}
    unsafe, offered, first = 0, 0, 0
    for q in qs:
        got = route(q.text, screen_positive=False)
        if not any(s["kind"] == "violence" for s in got.support):
            continue
        unsafe += 1
        offered += bool(set(got.suggestions.slugs) & conflict)
        first += got.safety_first
    return row(
        "matching [ranked] *",
        "r/divorce posts with violence or control (both)",
        unsafe,
        None,
        None,
        None,
        None,
        f"safety route first {first}/{unsafe}; conflict practice offered {offered}/{unsafe}; target 0",
    )
