"""Safety facts other apps ask about. A positive private screen, or a person's own words disclosing
violence or control (models.ConflictHold), changes what is offered, never what the other partner is
told (docs/architecture.md, Safety)."""

from __future__ import annotations

from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.safety import hooks
from closeknit.safety.models import ConflictHold


def screen_positive(user: User) -> bool:
    """The person's own screen or words: used where they themselves are shown a gentler plan."""
    return ConflictHold.objects.filter(user=user).exists() or any(hooks.screened_positive([user.email]))


def couple_screen_positive(couple_id: int | None) -> bool:
    """Either partner's screen or words: joint conflict work is then withheld from the couple, silently
    and for both alike, so neither can tell it from a space where it is simply not offered."""
    if couple_id is None:
        return False
    members = Membership.objects.filter(couple_id=couple_id, left_at__isnull=True)
    if ConflictHold.objects.filter(user_id__in=members.values("user_id")).exists():
        return True
    return any(hooks.screened_positive(list(members.values_list("user__email", flat=True))))
