"""The gentle start-up coach in Spanish: rows of `python -m closeknit.language.evaluate --only coach_es`.

Data: our own Spanish sentences (never from a data set). closeknit/language/evaldata/coach_es.tsv is the set
content/language/coach.es.yaml was TUNED ON, so its figures say the lexicon does what it was written to do,
not how it does on new text. coach_es_heldout.tsv was written after that tuning and never tuned on (one bug
it showed was fixed: an emoji cue lost to the trimming of a match's edges); by the same hand, so still kinder
than new writers would be. Each sentence goes the way the product reads it: coaching.coach with
the writer's language setting ("es", then "en": a short Spanish text from someone whose setting is English
must still be read in Spanish).

- harsh: recall = share the coach speaks up on;
- calm: false alarms = share it speaks up on (praise, care, requests, named breaks, self-directed words);
- rewrite: of the flagged harsh sentences, the share whose suggestion is Spanish (closeknit.language.detect)
  and calm itself (the coach reads it and stays quiet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from closeknit.language import coaching
from closeknit.language.detect import language_of

DATA = Path(__file__).resolve().parent / "evaldata" / "coach_es.tsv"
HELDOUT = DATA.with_name("coach_es_heldout.tsv")
SETS = ((DATA, "coach_es (ours, tuned on)"), (HELDOUT, "coach_es_heldout (not tuned on)"))


@dataclass(frozen=True)
class Row:
    label: str  # "harsh" or "calm"
    text: str


def load(path: Path = DATA) -> list[Row]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("label\t"):
            label, text = line.split("\t", 1)
            out.append(Row(label, text))
    return out


def coach_es_rows(fmt: Callable[..., str]) -> list[str]:
    out = []
    for path, name in SETS:
        for setting in ("es", "en"):
            out.extend(_rows(fmt, load(path), f"{name}, setting {setting}", setting))
    return out


def _rows(fmt: Callable[..., str], rows: list[Row], where: str, setting: str) -> list[str]:
    harsh = [r for r in rows if r.label == "harsh"]
    calm = [r for r in rows if r.label == "calm"]
    flagged = [coaching.coach(r.text, language=setting) for r in harsh]
    alarms = [coaching.coach(r.text, language=setting, rewrite=False) for r in calm]
    recall = sum(c.harsh for c in flagged) / len(flagged)
    false = sum(c.harsh for c in alarms) / len(alarms)
    tp = sum(c.harsh for c in flagged)
    fp = sum(c.harsh for c in alarms)
    precision = tp / (tp + fp) if tp + fp else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    harsh_row = fmt("coach es harsh", where, len(harsh), precision, recall, f1, None, "rules only (no model)")
    calm_row = fmt("coach es calm", where, len(calm), None, None, None, None, f"false alarms {false:.3f}")
    rewrites = [c.rewrite for c in flagged if c.harsh]
    good = sum(
        1
        for w in rewrites
        if w and language_of(w) == "es" and not coaching.coach(w, language=setting, rewrite=False).harsh
    )
    note = f"Spanish and calm {good}/{len(rewrites)}"
    return [harsh_row, calm_row, fmt("coach es rewrite", where, len(rewrites), None, None, None, None, note)]


if __name__ == "__main__":
    from closeknit.language.evaluate import _row

    for line in coach_es_rows(_row):
        print(line)
