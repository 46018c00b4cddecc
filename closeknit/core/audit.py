"""Which models django-auditlog records. Structure only: who joined or left which space, who invited whom,
profile changes. Never what people wrote: an audit trail of check-in text would be a second, unencrypted
copy of it."""

from __future__ import annotations

from auditlog.registry import auditlog


def register() -> None:
    from closeknit.accounts.models import User
    from closeknit.couples.models import Couple, Invitation, Membership

    auditlog.register(User, exclude_fields=["password", "last_login"])
    auditlog.register(Couple, exclude_fields=["name"])
    auditlog.register(Membership)
    auditlog.register(Invitation, exclude_fields=["token", "code"])
