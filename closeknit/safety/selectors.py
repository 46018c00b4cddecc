"""Safety facts other apps ask about. A positive private screen changes what is offered, never what
the other partner is told (docs/architecture.md, Safety)."""

from __future__ import annotations

from closeknit.accounts.models import User
from closeknit.couples.models import Membership


def screen_positive(user: User) -> bool:
    """The person's own screen: used where they themselves are shown resources or a gentler plan."""
    from closeknit.clinic.selectors import screens

    return screens.flagged([user.email])


def couple_screen_positive(couple_id: int | None) -> bool:
    """Either partner's screen: joint conflict work is then withheld from the couple, silently."""
    if couple_id is None:
        return False
    from closeknit.clinic.selectors import screens

    emails = list(
        Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).values_list("user__email", flat=True)
    )
    return screens.flagged(emails)
