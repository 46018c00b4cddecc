"""What the safety net keeps about a person: only that their own words once disclosed violence or
control by a partner, never the words, the kind of tactic, or where they were written."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ConflictHold(models.Model):
    """The person's own words disclosed violence or coercive control, so joint conflict work is
    withheld from every space they share, exactly as after a positive private screen (docs/architecture.md,
    Safety). Read only through closeknit.safety.selectors; never shown to anyone, the partner least
    of all. It goes with the person's account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_hold")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"conflict work withheld (user {self.user_id})"
