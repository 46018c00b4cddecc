"""What deleting an account asks of the apps above accounts (the clinic) without importing them; the
clinic connects its functions in its AppConfig.ready(). See closeknit.core.hooks."""

from __future__ import annotations

from closeknit.core.hooks import Hook

# Before anything is removed, called with the person: a function raises a ServiceError to refuse.
deletion_refused: Hook[..., object] = Hook("accounts.deletion_refused")

# Inside the deletion's transaction, once the person has left their space and before the audit trail and
# the account are rewritten: called with user, emails (every address they are known by) and pseudonym.
forgetting: Hook[..., object] = Hook("accounts.forgetting")
