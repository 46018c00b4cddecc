"""Who may see what of the desires practice (wishes and boundaries).

- The practice is offered only where joint conflict work is: the same gate a positive private
  violence/coercion screen closes (practices.conflict_work_allowed). Both partners then see simply no
  such practice, so neither learns a screen was positive.
- A person always sees their own answers. A partner never reads an answer: they see only the couple's
  matches (yes+yes, yes+maybe), computed from both lists once both have finished.
- A boundary is read by its author, and by the partner only if the author shared it.
- A clinician reads a person's own answers and boundaries only under that person's live consent to the
  "desires" category, like every other category (clinic.can_read), never the partner's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from closeknit.access import Relation, active_couple_id, relation
from closeknit.access import clinic as clinic_rules
from closeknit.access import practices as practice_rules

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode

CATEGORY = "desires"


def offered(user: User) -> bool:
    """May the person see the practice at all? Silent and symmetric for both partners."""
    if not user.is_authenticated:
        return False
    couple_id = active_couple_id(user)
    return couple_id is not None and practice_rules.conflict_work_allowed(couple_id)


def counts_for_partner(viewer: User, answer: object) -> bool:
    """May the partner's answer take part in the viewer's matches? Only while both share its space."""
    return relation(viewer, answer) is Relation.PARTNER  # type: ignore[arg-type]  # answers share the fields relation reads


def can_see_boundary(viewer: User, boundary: object) -> bool:
    return practice_rules.can_see(viewer, boundary)  # type: ignore[arg-type]  # a boundary is a shared entry


def clinician_may_read(clinician_user: User, subject: User, episode: Episode) -> bool:
    return clinic_rules.can_read(clinician_user, subject, episode, CATEGORY)
