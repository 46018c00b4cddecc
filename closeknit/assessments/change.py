"""Change over time: Jacobson & Truax (1991) reliable change and clinical significance, per partner and per couple.

Formulas (Jacobson & Truax 1991, Journal of Consulting and Clinical Psychology 59(1), 12-19):
    SE = s1 * sqrt(1 - r)          s1: SD of a reference group; r: reliability (test-retest or alpha)
    S_diff = sqrt(2 * SE**2)
    RC = (post - pre) / S_diff     |RC| > 1.96 -> reliable change (p < .05)
Cutoffs between the functional (0) and dysfunctional (1) groups, written for a higher-is-better scale:
    a = M1 + 2*s1    b = M0 - 2*s0    c = (s0*M1 + s1*M0) / (s0 + s1)
A cutoff published with the instrument comes first (its authors chose it for that scale), then c, b, a.
A score exactly at the cutoff counts as the functional side; integer scales use a half point (104.5).
Without a reference SD and reliability nothing is claimed: closeknit's own scales have no norms until
they are computed from real use, and until then the verdict is "can't tell yet".

Every sentence here reaches a person (the progress page, the progress report and its PDF, the desk's
caseload), so each is in the catalog and built in the active language when the change is computed; the
method's name (Jacobson-Truax RC) and the symbols (SD, S_diff, |RC|) stay as the literature writes them,
and numbers follow the language's decimal mark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from closeknit.assessments.schema import Direction, GroupNorm, Norms, ReliabilityKind, Score, group_words

Z_CRITICAL = 1.96


class ChangeClass(StrEnum):
    RECOVERED = "recovered"  # reliable improvement and crossed into the functional range
    IMPROVED = "improved"  # reliable improvement only
    UNCHANGED = "unchanged"
    DETERIORATED = "deteriorated"  # reliable worsening
    UNKNOWN = "unknown"  # no reference SD or reliability yet


class CutoffKind(StrEnum):
    PUBLISHED = "published"
    C = "c"
    B = "b"
    A = "a"


class Pattern(StrEnum):
    BOTH = "both"
    ONE = "one"
    NEITHER = "neither"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ChosenCutoff:
    value: float
    kind: CutoffKind


@dataclass(frozen=True)
class Change:
    pre: float
    post: float
    category: ChangeClass
    rc: float | None
    direction: Direction
    sd: float | None
    reliability: float | None
    reliability_kind: ReliabilityKind | None
    cutoff: ChosenCutoff | None
    crossed_into_functional: bool
    crossed_into_dysfunctional: bool
    words: str  # for the couple
    detail: str  # for the clinician: the numbers behind the words

    @property
    def improved(self) -> bool:
        return self.category in (ChangeClass.RECOVERED, ChangeClass.IMPROVED)

    @property
    def worse(self) -> bool:
        return self.category is ChangeClass.DETERIORATED


@dataclass(frozen=True)
class CoupleChange:
    pattern: Pattern  # how many partners reliably improved: both / one / neither
    improved: int
    worse: int
    measured: int  # partners with a reliable-change verdict (not unknown, not missing)
    words: str


def _check(sd: float, reliability: float) -> None:
    if not (math.isfinite(sd) and sd > 0):
        raise ValueError(f"the reference SD must be above 0, not {sd!r}")
    if not (math.isfinite(reliability) and 0 <= reliability < 1):
        raise ValueError(f"the reliability must be from 0 up to (not including) 1, not {reliability!r}")


def standard_error(sd: float, reliability: float) -> float:
    """SE of measurement: how far one score may sit from the person's true score."""
    _check(sd, reliability)
    return sd * math.sqrt(1 - reliability)


def standard_error_of_difference(sd: float, reliability: float) -> float:
    return math.sqrt(2 * standard_error(sd, reliability) ** 2)


def reliable_change_index(pre: float, post: float, *, sd: float, reliability: float) -> float:
    return (post - pre) / standard_error_of_difference(sd, reliability)


def minimum_reliable_change(*, sd: float, reliability: float) -> float:
    """The smallest raw change that counts as reliable (strictly more than this)."""
    return Z_CRITICAL * standard_error_of_difference(sd, reliability)


def _better_sign(direction: Direction) -> int:
    return 1 if direction is Direction.HIGHER_IS_BETTER else -1


def cutoff_a(dysfunctional: GroupNorm, direction: Direction) -> float:
    """Two SDs beyond the dysfunctional mean, toward the functional side."""
    return dysfunctional.mean + _better_sign(direction) * 2 * dysfunctional.sd


def cutoff_b(functional: GroupNorm, direction: Direction) -> float:
    """Two SDs from the functional mean, toward the dysfunctional side."""
    return functional.mean - _better_sign(direction) * 2 * functional.sd


def cutoff_c(functional: GroupNorm, dysfunctional: GroupNorm) -> float:
    """The point equally likely to belong to either group, weighted by their SDs (the same in both directions)."""
    s0, m0, s1, m1 = functional.sd, functional.mean, dysfunctional.sd, dysfunctional.mean
    return (s0 * m1 + s1 * m0) / (s0 + s1)


def choose_cutoff(
    *,
    direction: Direction,
    functional: GroupNorm | None = None,
    dysfunctional: GroupNorm | None = None,
    published: float | None = None,
) -> ChosenCutoff | None:
    if published is not None:
        return ChosenCutoff(published, CutoffKind.PUBLISHED)
    if functional and dysfunctional:
        return ChosenCutoff(cutoff_c(functional, dysfunctional), CutoffKind.C)
    if functional:
        return ChosenCutoff(cutoff_b(functional, direction), CutoffKind.B)
    if dysfunctional:
        return ChosenCutoff(cutoff_a(dysfunctional, direction), CutoffKind.A)
    return None


def in_functional_range(value: float, cutoff: float, direction: Direction) -> bool:
    return value >= cutoff if direction is Direction.HIGHER_IS_BETTER else value <= cutoff


# Marked here, translated where a detail is written (in the reader's language).
_KIND_WORDS = {
    ReliabilityKind.TEST_RETEST: gettext_noop("test-retest"),
    ReliabilityKind.ALPHA: gettext_noop("Cronbach's alpha"),
}
_CUTOFF_WORDS = {
    CutoffKind.PUBLISHED: gettext_noop("the published cutoff"),
    CutoffKind.C: gettext_noop("cutoff c, between the functional and dysfunctional norms"),
    CutoffKind.B: gettext_noop("cutoff b, 2 SD from the functional mean"),
    CutoffKind.A: gettext_noop("cutoff a, 2 SD beyond the dysfunctional mean"),
}


def _number(value: float, places: int | None = None) -> str:
    """A number as the reader writes it (3.25, 3,25): `places` decimals, or as short as it goes (80, 2.5)."""
    if places is None:
        return formats.number_format(int(value) if float(value).is_integer() else float(f"{value:g}"))
    return formats.number_format(round(value, places), places)  # Django cuts the digits; round first


def _signed(value: float, places: int) -> str:
    return ("+" if value >= 0 else "-") + _number(abs(value), places)


def _detail(*, pre: float, post: float, rc: float, sd: float, reliability: float, kind: ReliabilityKind | None) -> str:
    """The numbers behind the words, for a clinician."""
    return _(
        "Jacobson-Truax RC = %(rc)s (|RC| > %(z)s is reliable). Pre %(pre)s, post %(post)s; reference SD %(sd)s, "
        "reliability %(reliability)s (%(kind)s); S_diff %(s_diff)s, a reliable change is more than %(points)s points."
    ) % {
        "rc": _signed(rc, 2),
        "z": _number(Z_CRITICAL, 2),
        "pre": _number(pre),
        "post": _number(post),
        "sd": _number(sd),
        "reliability": _number(reliability, 2),
        "kind": _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else _("kind not stated"),
        "s_diff": _number(standard_error_of_difference(sd, reliability), 2),
        "points": _number(minimum_reliable_change(sd=sd, reliability=reliability), 1),
    }


def classify_change(
    pre: float,
    post: float,
    *,
    direction: Direction,
    sd: float | None = None,
    reliability: float | None = None,
    reliability_kind: ReliabilityKind | None = None,
    cutoff: ChosenCutoff | None = None,
    functional_group: str = "",
    dysfunctional_group: str = "",
) -> Change:
    """One person's change between two scores on one scale, with words for them and numbers for a clinician.
    Without group names, the defaults ("people who are doing well in this area") are used."""
    functional_group, dysfunctional_group = (
        group_words(functional_group, functional=True),
        group_words(dysfunctional_group, functional=False),
    )
    crossed_in = crossed_out = False
    if cutoff is not None:
        was, now = (in_functional_range(v, cutoff.value, direction) for v in (pre, post))
        crossed_in, crossed_out = (not was and now), (was and not now)
    if sd is None or reliability is None:
        return Change(
            pre, post, ChangeClass.UNKNOWN, None, direction, sd, reliability, reliability_kind, cutoff,
            crossed_in, crossed_out,
            words=_("We can't tell yet whether this change is more than everyday ups and downs, "
                    "because we are still learning how steady this scale is."),
            detail=_("No reference SD and reliability for this scale yet, so no reliable change index."),
        )  # fmt: skip
    rc = reliable_change_index(pre, post, sd=sd, reliability=reliability)
    toward_better = rc * _better_sign(direction)
    if toward_better > Z_CRITICAL:
        category = ChangeClass.RECOVERED if crossed_in else ChangeClass.IMPROVED
    elif toward_better < -Z_CRITICAL:
        category = ChangeClass.DETERIORATED
    else:
        category = ChangeClass.UNCHANGED
    if category is ChangeClass.RECOVERED:
        words = _("Reliably improved, and crossed into the range typical of %(group)s.") % {"group": functional_group}
    elif category is ChangeClass.IMPROVED:
        still_low = cutoff is not None and not in_functional_range(post, cutoff.value, direction)
        words = _("Reliably improved, though still in the range typical of %(group)s.") % {
            "group": dysfunctional_group} if still_low else _("Reliably improved.")  # fmt: skip
    elif category is ChangeClass.DETERIORATED:
        words = _("Reliably worse, and crossed into the range typical of %(group)s.") % {
            "group": dysfunctional_group} if crossed_out else _("Reliably worse.")  # fmt: skip
    else:
        words = _("No reliable change: the difference is small enough to be everyday ups and downs.")
    detail = _detail(pre=pre, post=post, rc=rc, sd=sd, reliability=reliability, kind=reliability_kind)
    if cutoff is not None:
        detail += " " + _("Cutoff %(value)s (%(kind)s).") % {
            "value": _number(cutoff.value, 1),
            "kind": _(_CUTOFF_WORDS[cutoff.kind]),
        }
    return Change(
        pre, post, category, rc, direction, sd, reliability, reliability_kind, cutoff, crossed_in, crossed_out,
        words, detail,
    )  # fmt: skip


def change_for_score(score: Score, pre: float, post: float, *, norms: Norms | None = None) -> Change:
    """Change on one score of a definition. `norms` overrides the file's, e.g. SD and alpha computed from use."""
    norms = norms or score.norms
    cutoff = choose_cutoff(
        direction=score.direction,
        functional=norms.functional if norms else None,
        dysfunctional=norms.dysfunctional if norms else None,
        published=score.cutoff.value if score.cutoff else None,
    )
    return classify_change(
        pre, post, direction=score.direction, sd=norms.reference_sd if norms else None,
        reliability=norms.reliability if norms else None, reliability_kind=norms.reliability_kind if norms else None,
        cutoff=cutoff, functional_group=score.functional_group, dysfunctional_group=score.dysfunctional_group,
    )  # fmt: skip


def couple_pattern(changes: Sequence[Change | None]) -> CoupleChange:
    """Both / one / neither partner reliably improved. None stands for a partner without two results yet."""
    known = [c for c in changes if c is not None and c.category is not ChangeClass.UNKNOWN]
    improved = sum(c.improved for c in known)
    worse = sum(c.worse for c in known)
    if not known:
        unknown = any(c is not None for c in changes)
        words = (_("We can't tell yet whether these changes are more than everyday ups and downs.") if unknown
                 else _("There are not enough results yet to compare."))  # fmt: skip
        return CoupleChange(Pattern.UNKNOWN, 0, 0, 0, words)
    if len(known) == 1:
        only = known[0]
        pattern = Pattern.ONE if improved else Pattern.NEITHER
        return CoupleChange(
            pattern,
            improved,
            worse,
            1,
            _("Only one of you has results to compare so far. %(words)s") % {"words": only.words},
        )
    if improved >= 2:
        pattern, words = Pattern.BOTH, _("You both reliably improved.")
    elif improved == 1 and worse:
        pattern = Pattern.ONE
        words = _("One of you reliably improved while the other reliably got worse. That is worth talking "
                  "through together, perhaps with a therapist.")  # fmt: skip
    elif improved == 1:
        pattern = Pattern.ONE
        words = _("One of you reliably improved; for the other, the change so far is within everyday ups and downs.")
    elif worse >= 2:
        pattern = Pattern.NEITHER
        words = _("You both reliably got worse. This may be a good time to reach out for support.")
    elif worse == 1:
        pattern = Pattern.NEITHER
        words = _("One of you reliably got worse; for the other there is no reliable change.")
    else:
        pattern, words = Pattern.NEITHER, _("Neither of you has changed reliably yet.")
    return CoupleChange(pattern, improved, worse, len(known), words)
