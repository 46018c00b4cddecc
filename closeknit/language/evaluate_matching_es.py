""" "What's on your mind?" in Spanish: rows of `python manage.py evaluate_language --only matching`.

Data: closeknit/language/evaldata/matching_es.tsv, our own short Spanish questions as couples type
them, labelled with the practice families that fit (content/practices/matching/families.yaml). The
Spanish vocabulary and examples were tuned on the "tune" half; "held" (written with it, before the
vocabulary) and "held2" (written after, in other regional voices) were never tuned on.
A question passes when any of the top three suggestions belongs to a labelled family. Each question
goes the way the page sends it: through closeknit.practices.concern.route, the safety net first,
with a Spanish setting (the text's own language decides; the setting only when it cannot tell).

    python -m closeknit.language.evaluate_matching_es     # the rows, and the misses of the tune half
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "evaldata" / "matching_es.tsv"
HALVES = {"held": "held half (held out)", "held2": "held2 (other voices)", "tune": "tune half (tuned on)"}


@dataclass(frozen=True)
class Question:
    half: str  # "tune", "held" or "safety"
    families: tuple[str, ...]  # empty: no practice fits
    text: str


def questions(path: Path = DATA) -> list[Question]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("half\t"):
            half, fams, text = line.split("\t", 2)
            out.append(Question(half, () if fams == "-" else tuple(fams.split(",")), text))
    return out


@dataclass(frozen=True)
class Score:
    hits: int
    n: int
    misses: tuple[str, ...]  # "text: wanted ..., got ..."

    @property
    def rate(self) -> float:
        return self.hits / self.n if self.n else 0.0


def _answer(text: str, setting: str):  # noqa: ANN202 - concern.Answer, imported late (it needs Django)
    from closeknit.practices.concern import route

    return route(text, screen_positive=False, language=setting)


def score(qs: list[Question], setting: str = "es") -> Score:
    from closeknit.language.evaluate_matching import families, hit

    fams = families()
    misses = []
    for q in qs:
        got = _answer(q.text, setting).suggestions
        if not hit(got.slugs, q.families, fams):
            misses.append(f"{q.text}: wanted {','.join(q.families)}, got {','.join(got.slugs)}")
    return Score(len(qs) - len(misses), len(qs), tuple(misses))


def matching_es_rows(row: Callable[..., str]) -> list[str]:
    from closeknit.practices.library import library

    qs = questions()
    out = []
    name = "matching es [ranked] *"
    for half, label in HALVES.items():
        s = score([q for q in qs if q.half == half and q.families])
        note = f"right family in top 3: {s.hits}/{s.n}; target >= 0.80"
        out.append(row(name, f"Spanish questions (ours), {label}", s.n, None, s.rate, None, None, note))
    fitting = [q for q in qs if q.half in HALVES and q.families]
    s = score(fitting, setting="en")
    note = f"right family in top 3: {s.hits}/{s.n} (the text's language decides, not the setting)"
    out.append(row(name, "Spanish questions, all, setting English", s.n, None, s.rate, None, None, note))
    unfit = [q for q in qs if q.half in HALVES and not q.families]
    nothing = sum(_answer(q.text, "es").suggestions.used_fallback for q in unfit)
    note = f"says nothing fits well: {nothing}/{len(unfit)} (no target; legal, custody, grief)"
    out.append(row(name, "Spanish questions no practice fits (all)", len(unfit), None, None, None, None, note))
    conflict = {p.slug for p in library().practices.values() if p.conflict}
    unsafe = [q for q in qs if q.half == "safety"]
    answers = [_answer(q.text, "es") for q in unsafe]
    first = sum(a.safety_first for a in answers)
    offered = sum(bool(set(a.suggestions.slugs) & conflict) for a in answers)
    note = f"safety route first {first}/{len(unsafe)}; conflict practice offered {offered}/{len(unsafe)}; target 0"
    out.append(row(name, "Spanish questions with violence or crisis", len(unsafe), None, None, None, None, note))
    return out


def main() -> None:
    from closeknit.language.evaluate import _row

    for line in matching_es_rows(_row):
        print(line)
    for miss in score([q for q in questions() if q.half == "tune" and q.families]).misses:
        print(f"  miss (tune): {miss}")  # never the held half's: looking at them would tune on them


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
    django.setup()
    main()
