"""The words of a progress report: short verdicts, the couple pattern for a clinician, phase labels
and the caveats. Kept apart from the data so a reviewer of clinical wording reads one file."""

from __future__ import annotations

from closeknit.assessments import change
from closeknit.assessments.schema import Instrument

# Intensive phases in the order a report reads them; "first"/"latest" when there is no intensive.
PHASES = ("pre", "post", "follow_1m", "follow_3m", "follow_6m")
# Every column a report can have, left to right: the baseline from before care began comes first.
ORDER = ("baseline",) + PHASES + ("first", "latest")
PHASE_LABELS = {
    "baseline": "Before care began",
    "pre": "Before",
    "post": "After",
    "follow_1m": "1 month on",
    "follow_3m": "3 months on",
    "follow_6m": "6 months on",
    "first": "First",
    "latest": "Latest",
}

SHORT = {
    change.ChangeClass.RECOVERED: "Reliably better",
    change.ChangeClass.IMPROVED: "Reliably better",
    change.ChangeClass.UNCHANGED: "No reliable change",
    change.ChangeClass.DETERIORATED: "Reliably worse",
    change.ChangeClass.UNKNOWN: "Can't tell yet",
}


def short_verdict(ch: change.Change) -> str:
    """One line for a table cell: the reliable-change verdict, and the typical range when norms allow."""
    words = SHORT[ch.category]
    if ch.cutoff is None or ch.category is change.ChangeClass.UNKNOWN:
        return words
    if ch.crossed_into_functional:
        return f"{words}; crossed into the typical range"
    if ch.crossed_into_dysfunctional:
        return f"{words}; left the typical range"
    now_typical = change.in_functional_range(ch.post, ch.cutoff.value, ch.direction)
    return f"{words}; {'in' if now_typical else 'not yet in'} the typical range"


def tone(ch: change.Change | None) -> str:
    """A CSS class for the verdict: better, worse, same or unknown."""
    if ch is None or ch.category is change.ChangeClass.UNKNOWN:
        return "unknown"
    return "better" if ch.improved else "worse" if ch.worse else "same"


def pattern_for_clinician(pattern: change.CoupleChange) -> str:
    """change.couple_pattern speaks to the couple ("you both..."); the clinician reads it in the third person."""
    if pattern.pattern is change.Pattern.UNKNOWN:
        return "Not enough to compare yet: no reliable-change verdict for either partner."
    if pattern.measured == 1:
        return "Only one partner has a reliable-change verdict so far."
    if pattern.pattern is change.Pattern.BOTH:
        return "Both partners reliably improved."
    if pattern.pattern is change.Pattern.ONE:
        other = "the other reliably got worse" if pattern.worse else "the other shows no reliable change"
        return f"One partner reliably improved; {other}."
    if pattern.worse >= 2:
        return "Both partners reliably got worse."
    if pattern.worse == 1:
        return "One partner reliably got worse; the other shows no reliable change."
    return "Neither partner has changed reliably yet."


def caveats(instruments: list[Instrument], *, any_unknown: bool, learnt: bool) -> list[str]:
    """What a clinician should keep in mind when reading the numbers."""
    out = []
    unvalidated = [i.title for i in instruments if not i.validated_in]
    if unvalidated:
        scales = "closeknit's own scale" if len(unvalidated) == 1 else "closeknit's own scales"
        out.append(
            f"{', '.join(unvalidated)}: {scales}, not yet validated. Treat the scores as a structured "
            "conversation aid, not as a validated measurement."
        )
    out.append(
        "Reliable change uses the Jacobson-Truax index: a change counts as reliable when |RC| is above 1.96 "
        "(p < .05). Each verdict compares a later result with the first one in this report."
    )
    if learnt:
        out.append(
            "The reference SD and reliability (Cronbach's alpha) behind these verdicts were learnt from people "
            "using closeknit, not from a published normative sample."
        )
    if any_unknown:
        out.append(
            '"Can\'t tell yet" means the scale has no reference SD and reliability yet, so no reliable-change '
            "claim is made in either direction."
        )
    out.append('There are no published cutoffs for these scales, so "typical range" appears only where norms exist.')
    out.append(
        "Scores are one source among many and never a diagnosis; read them with the couple and your own "
        "clinical judgement."
    )
    return out


BASELINE_NOTE = (
    '"Before care began" marks the latest result taken before this care started. It is the starting '
    "point: each later result is compared with it."
)

PARTNER_NOTE = (
    "These are your own results, and your partner's results only where you can already see them in "
    "closeknit: after you have both answered in the same round. Some things stay with the person who "
    "wrote them, and are never in this report."
)
