"""The safety net in Spanish: rows of `python -m closeknit.language.evaluate --only spanish`.

Data: closeknit/language/evaldata/crisis_es_dev.tsv, our own Spanish sentences (never from a data set)
and the set content/language/crisis.es.yaml was TUNED ON, so these figures say the lexicon does what it
was written to do, not how it does on new text. Each sentence goes the way a check-in's words do:
closeknit.safety.net.findings reads it: closeknit.language.detect picks its language, the person's
setting ("es", then "en": most people's setting is still the default English) decides where the
detector cannot tell, and then the other language's lexicon is read too.

- a category row: recall = share found with the right kind of help (crisis or violence lines); "urgent"
  = share shown at once, up front (the target for a first-person disclosure);
- gentle: negated thoughts, someone else's story, quotes, news, hyperbole: must be offered, never urgent;
- none: idioms ("me muero de risa"), negated violence ("no me pega"), everyday talk: any offer is a
  false alarm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from closeknit.language.detect import language_of

DATA = Path(__file__).resolve().parent / "evaldata" / "crisis_es_dev.tsv"
KIND = {
    "suicidal_ideation": "crisis",
    "self_harm": "crisis",
    "partner_violence": "violence",
    "coercive_control": "violence",
}


@dataclass(frozen=True)
class Row:
    label: str  # a category, "gentle" or "none"
    note: str
    text: str


def load(path: Path = DATA) -> list[Row]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("label\t"):
            label, note, text = line.split("\t", 2)
            out.append(Row(label, note, text))
    return out


def judge(row: Row, setting: str) -> tuple[bool, bool]:
    """(offered: some finding of the right kind, urgent: an urgent one of that kind, any kind for the rest)."""
    from closeknit.safety.net import findings  # the net's own path: detector, setting, both lexicons if unsure

    found = findings(row.text, language=setting)
    if row.label in KIND:
        mine = [f for f in found if f.resource_kind == KIND[row.label]]
        return bool(mine), any(f.level == "urgent" for f in mine)
    return bool(found), any(f.level == "urgent" for f in found)


def spanish_rows(fmt: Callable[..., str]) -> list[str]:
    rows = load()
    out = []
    for setting in ("es", "en"):
        where = f"crisis_es_dev (ours, tuned on), setting {setting}"
        for label in (*KIND, "gentle", "none"):
            chosen = [r for r in rows if r.label == label]
            results = [judge(r, setting) for r in chosen]
            offered = sum(o for o, _ in results) / len(results)
            urgent = sum(u for _, u in results) / len(results)
            if label in KIND:
                note = f"urgent {urgent:.3f}"
                out.append(fmt(f"es {label}", where, len(chosen), None, offered, None, None, note))
            elif label == "gentle":
                note = f"offered {offered:.3f}; urgent {urgent:.3f} (target 0)"
                out.append(fmt("es gentle", where, len(chosen), None, None, None, None, note))
            else:
                note = f"false alarms {offered:.3f} (urgent {urgent:.3f}); target 0"
                out.append(fmt("es none", where, len(chosen), None, None, None, None, note))
    told = Counter(language_of(r.text) or "can't tell" for r in rows)
    note = ", ".join(f"{k} {v}" for k, v in sorted(told.items()))
    out.append(fmt("es detector", "crisis_es_dev: language_of per sentence", len(rows), None, None, None, None, note))
    return out
