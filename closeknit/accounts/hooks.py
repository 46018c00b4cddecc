"""What deleting an account asks of the apps above accounts (the clinic) without importing them; the
clinic connects its functions in its AppConfig.ready(). See closeknit.core.hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from closeknit.core.hooks import Hook

if TYPE_CHECKING:
    from closeknit.accounts.models import User

# Before anything is removed, called with the person: a function raises a ServiceError to refuse.
deletion_refused: Hook[..., object] = Hook("accounts.deletion_refused")

# Inside the deletion's transaction, once the person has left their space and before the audit trail and
# the account are rewritten: called with user, emails (every address they are known by) and pseudonym.
forgetting: Hook[..., object] = Hook("accounts.forgetting")

# The export before deletion holds one section per part of the product; each app registers its own
# (a name, and a function of the person returning what they wrote there) from its AppConfig.ready().
# Sections follow the profile in the order registered, which is INSTALLED_APPS order.
export_sections: dict[str, Callable[[User], Any]] = {}


def export_section(name: str, function: Callable[[User], Any]) -> None:
    """Registering a name twice keeps the first."""
    export_sections.setdefault(name, function)
