"""Who may see what of an assessment. Every assessments selector asks here; nothing else decides it.

The rules (docs/architecture.md, "Reveal"; docs/decisions.md):
- Item answers are the author's alone unless the author shares them: a partner learns a single item
  answer only when the author chose to share that result's answers, the instrument's results are
  "partner" ones (never fear of closeness, never an in-care-only instrument), and the scores
  themselves are open to the partner (the same reveal rule, score_access). Taking the share back
  hides them again at once: nothing is copied, the flag is read on every view. Drafts (unfinished
  answer sets) are the author's alone, always.
- Scores of an instrument whose results are "partner" (closeness check, distance drivers, weekly
  pulse) open to the partner by answer-then-reveal: once the viewer has submitted the same
  instrument within the same round (the instrument's cadence window: 28 days for a 4-weekly
  check-up, 7 for the pulse) of the partner's submission. Until then the viewer learns only
  "answered, waiting for you". The window is symmetric, so both open together.
- Scores of an instrument whose results are "private" (fear of closeness, the session check) are the
  author's alone, and the partner does not learn they exist.
- The general partner rules of access hold underneath: both active in the same couple, and only
  what was written since the viewer joined.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from closeknit.access import Access, Relation, relation
from closeknit.assessments.schema import Cadence, Instrument, Visibility

if TYPE_CHECKING:
    from closeknit.accounts.models import User

ROUND = {
    Cadence.WEEKLY: dt.timedelta(days=7),
    Cadence.EVERY_4_WEEKS: dt.timedelta(days=28),
    Cadence.AFTER_SESSION: dt.timedelta(days=1),
}
ROUND_DEFAULT = dt.timedelta(days=28)  # "once" instruments: answers within 4 weeks count as one round


class AdministrationLike(Protocol):
    author_id: int
    couple_id: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    status: str
    answers_shared: bool


def round_window(instrument: Instrument) -> dt.timedelta:
    return ROUND.get(instrument.cadence, ROUND_DEFAULT) if instrument.cadence else ROUND_DEFAULT


def can_share_answers(instrument: Instrument) -> bool:
    """May an author share this instrument's item answers at all? Only where the partner may see the
    results in the first place: a private instrument (fear of closeness) or the clinic's own check
    stays with its author, whatever they choose."""
    return instrument.results_visibility is Visibility.PARTNER and not instrument.in_care_only


def can_see_answers(
    viewer: User, adm: AdministrationLike, instrument: Instrument, *, viewer_submitted: Sequence[dt.datetime]
) -> bool:
    """Item-level answers: the author always; the partner only when the author shares them, the
    instrument allows it, and the scores are open to them (score_access: the same reveal rule)."""
    rel = relation(viewer, adm)
    if rel is Relation.SELF:
        return True
    if rel is Relation.NONE or not adm.answers_shared or adm.status != "submitted":
        return False
    if not can_share_answers(instrument):
        return False
    return score_access(viewer, adm, instrument, viewer_submitted=viewer_submitted) is Access.VISIBLE


def can_know_exists(viewer: User, adm: AdministrationLike, instrument: Instrument) -> bool:
    rel = relation(viewer, adm)
    if rel is Relation.SELF:
        return True
    if rel is Relation.NONE or adm.status != "submitted":
        return False
    return instrument.results_visibility is Visibility.PARTNER


def answered_same_round(instrument: Instrument, when: dt.datetime, viewer_submitted: Sequence[dt.datetime]) -> bool:
    """Did the viewer submit within the round of `when`? `viewer_submitted` sorted oldest first."""
    window = round_window(instrument)
    i = bisect.bisect_left(viewer_submitted, when - window)
    return i < len(viewer_submitted) and viewer_submitted[i] <= when + window


def score_access(
    viewer: User, adm: AdministrationLike, instrument: Instrument, *, viewer_submitted: Sequence[dt.datetime]
) -> Access:
    """What the viewer may see of one administration's scores. `viewer_submitted`: when the viewer
    submitted the same instrument, sorted oldest first."""
    if relation(viewer, adm) is Relation.SELF:
        return Access.VISIBLE
    if not can_know_exists(viewer, adm, instrument):
        return Access.HIDDEN
    assert adm.submitted_at is not None
    if answered_same_round(instrument, adm.submitted_at, viewer_submitted):
        return Access.VISIBLE
    return Access.WAITING
