"""The words of a progress report: short verdicts, the couple pattern for a clinician, phase labels
and the caveats. Kept apart from the data so a reviewer of clinical wording reads one file."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from closeknit.assessments import change
from closeknit.assessments.schema import Instrument

# Intensive phases in the order a report reads them; "first"/"latest" when there is no intensive.
PHASES = ("pre", "post", "follow_1m", "follow_3m", "follow_6m")
# Every column a report can have, left to right: the baseline from before care began comes first.
ORDER = ("baseline",) + PHASES + ("first", "latest")
PHASE_LABELS = {
    "baseline": gettext_lazy("Before care began"),
    "pre": gettext_lazy("Before"),
    "post": gettext_lazy("After"),
    "follow_1m": gettext_lazy("1 month on"),
    "follow_3m": gettext_lazy("3 months on"),
    "follow_6m": gettext_lazy("6 months on"),
    "first": gettext_lazy("First"),
    "latest": gettext_lazy("Latest"),
}


def phase_label(phase: str) -> str:
    """The column heading for a phase, in the active language."""
    return str(PHASE_LABELS[phase])


SHORT = {
    change.ChangeClass.RECOVERED: gettext_lazy("Reliably better"),
    change.ChangeClass.IMPROVED: gettext_lazy("Reliably better"),
    change.ChangeClass.UNCHANGED: gettext_lazy("No reliable change"),
    change.ChangeClass.DETERIORATED: gettext_lazy("Reliably worse"),
    change.ChangeClass.UNKNOWN: gettext_lazy("Can't tell yet"),
}


def short_verdict(ch: change.Change) -> str:
    """One line for a table cell: the reliable-change verdict, and the typical range when norms allow."""
    words = str(SHORT[ch.category])
    if ch.cutoff is None or ch.category is change.ChangeClass.UNKNOWN:
        return words
    if ch.crossed_into_functional:
        return _("%(verdict)s; crossed into the typical range") % {"verdict": words}
    if ch.crossed_into_dysfunctional:
        return _("%(verdict)s; left the typical range") % {"verdict": words}
    if change.in_functional_range(ch.post, ch.cutoff.value, ch.direction):
        return _("%(verdict)s; in the typical range") % {"verdict": words}
    return _("%(verdict)s; not yet in the typical range") % {"verdict": words}


def tone(ch: change.Change | None) -> str:
    """A CSS class for the verdict: better, worse, same or unknown."""
    if ch is None or ch.category is change.ChangeClass.UNKNOWN:
        return "unknown"
    return "better" if ch.improved else "worse" if ch.worse else "same"


def pattern_for_clinician(pattern: change.CoupleChange) -> str:
    """change.couple_pattern speaks to the couple ("you both..."); the clinician reads it in the third person."""
    if pattern.pattern is change.Pattern.UNKNOWN:
        return _("Not enough to compare yet: no reliable-change verdict for either partner.")
    if pattern.measured == 1:
        return _("Only one partner has a reliable-change verdict so far.")
    if pattern.pattern is change.Pattern.BOTH:
        return _("Both partners reliably improved.")
    if pattern.pattern is change.Pattern.ONE:
        if pattern.worse:
            return _("One partner reliably improved; the other reliably got worse.")
        return _("One partner reliably improved; the other shows no reliable change.")
    if pattern.worse >= 2:
        return _("Both partners reliably got worse.")
    if pattern.worse == 1:
        return _("One partner reliably got worse; the other shows no reliable change.")
    return _("Neither partner has changed reliably yet.")


def caveats(instruments: list[Instrument], *, any_unknown: bool, learnt: bool) -> list[str]:
    """What a clinician should keep in mind when reading the numbers."""
    out = []
    unvalidated = [i.title for i in instruments if not i.validated_in]
    if unvalidated:
        out.append(
            ngettext(
                "%(scales)s: closeknit's own scale, not yet validated. Treat the scores as a structured "
                "conversation aid, not as a validated measurement.",
                "%(scales)s: closeknit's own scales, not yet validated. Treat the scores as a structured "
                "conversation aid, not as a validated measurement.",
                len(unvalidated),
            )
            % {"scales": ", ".join(unvalidated)}
        )
    out.append(
        _(
            "Reliable change uses the Jacobson-Truax index: a change counts as reliable when |RC| is above 1.96 "
            "(p < .05). Each verdict compares a later result with the first one in this report."
        )
    )
    if learnt:
        out.append(
            _(
                "The reference SD and reliability (Cronbach's alpha) behind these verdicts were learnt from "
                "people using closeknit, not from a published normative sample."
            )
        )
    if any_unknown:
        out.append(
            _(
                '"Can\'t tell yet" means the scale has no reference SD and reliability yet, so no '
                "reliable-change claim is made in either direction."
            )
        )
    out.append(_('There are no published cutoffs for these scales, so "typical range" appears only where norms exist.'))
    out.append(
        _(
            "Scores are one source among many and never a diagnosis; read them with the couple and your own "
            "clinical judgement."
        )
    )
    return out


BASELINE_NOTE = gettext_lazy(
    '"Before care began" marks the latest result taken before this care started. It is the starting '
    "point: each later result is compared with it."
)

PARTNER_NOTE = gettext_lazy(
    "These are your own results, and your partner's results only where you can already see them in "
    "closeknit: after you have both answered in the same round. Some things stay with the person who "
    "wrote them, and are never in this report."
)
