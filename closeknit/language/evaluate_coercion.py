"""Coercive control in a person's own words: rows of `python manage.py evaluate_language --only coercion`.

Data: our own first-person sentences about the tactics of coercive control (monitoring, money,
isolation, threats about children, immigration status, outing, self-harm as leverage or a weapon,
intimidation, sexual coercion, hidden injuries, put-downs, deciding everything) and everyday
look-alikes (shared locations, one partner keeping the budget, a loud fight about chores), in
closeknit/language/evaldata/coercion_dev.tsv (tuned on) and coercion_heldout.tsv (written before
tuning, never tuned on). A coercion sentence is caught when the net finds violence or control
(resource kind "violence"); a look-alike is left alone when it finds nothing of that kind.
"Withholds conflict work" counts the caught sentences the net reads as about the writer (not
negated), as safety.net.assess does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from closeknit.language import crisis

DATA = Path(__file__).resolve().parent / "evaldata"
SETS = (
    ("dev", "coercion_dev.tsv", "tuned on"),
    ("held-out", "coercion_heldout.tsv", "never tuned on"),
    ("held-out 2", "coercion_heldout2.tsv", "another author, never tuned on"),
)


@dataclass(frozen=True)
class Sentence:
    label: str  # "coercion" or "lookalike"
    tactic: str
    text: str


def load(name: str) -> list[Sentence]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, tactic, text = line.split("\t", 2)
            out.append(Sentence(label, tactic, text))
    return out


def violence(text: str) -> list[crisis.CrisisFinding]:
    """The findings that route to the violence resources, as the product runs the net."""
    return [f for f in crisis.check(text, sensitivity="recall") if f.resource_kind == "violence"]


@dataclass(frozen=True)
class Result:
    caught: int
    urgent: int
    held: int  # caught and about the writer, so joint conflict work is withheld (safety.net.assess)
    n: int
    false_alarms: int  # look-alikes with a violence finding
    any_alarm: int  # look-alikes with any finding at all (crisis included)
    m: int
    missed: tuple[Sentence, ...]
    flagged: tuple[Sentence, ...]


def run(rows: list[Sentence]) -> Result:
    caught = urgent = held = false_alarms = any_alarm = 0
    missed, flagged = [], []
    for s in rows:
        found = violence(s.text)
        if s.label == "coercion":
            if found:
                caught += 1
                urgent += any(f.level == "urgent" for f in found)
                held += any(f.subject == "self" and not f.negated for f in found)
            else:
                missed.append(s)
        else:
            false_alarms += bool(found)
            any_alarm += bool(found) or bool(crisis.check(s.text, sensitivity="recall"))
            if found:
                flagged.append(s)
    coercion = sum(s.label == "coercion" for s in rows)
    return Result(
        caught, urgent, held, coercion, false_alarms, any_alarm, len(rows) - coercion, tuple(missed), tuple(flagged)
    )


def coercion_rows(row, *, show_misses: bool = True) -> list[str]:  # noqa: ANN001 - evaluate._row
    out = []
    for half, name, note in SETS:
        rows = load(name)
        r = run(rows)
        out.append(
            row(
                "coercion (net)",
                f"own sentences, {half} ({note})",
                r.n,
                None,
                r.caught / r.n,
                None,
                None,
                f"caught {r.caught}/{r.n} (urgent {r.urgent}, withholds conflict work {r.held}); target >= 0.85",
            )
        )
        out.append(
            row(
                "coercion (net)",
                f"look-alikes, {half} ({note})",
                r.m,
                None,
                None,
                None,
                None,
                f"left alone {r.m - r.false_alarms}/{r.m} (any finding at all: {r.any_alarm}); target: all",
            )
        )
        if half == "dev" and show_misses:  # the held-out misses are not printed: nothing to tune on
            by_tactic = Counter(s.tactic for s in r.missed)
            if by_tactic:
                out.append("    dev misses by tactic: " + ", ".join(f"{t} {n}" for t, n in sorted(by_tactic.items())))
            for s in r.missed:
                out.append(f"    missed  [{s.tactic}] {s.text}")
            for s in r.flagged:
                out.append(f"    flagged [{s.tactic}] {s.text}")
    return out
