"""Whether a person's own private screen came back positive. Only a yes or no leaves this module:
never the answers, and never for anyone but the caller's own question about a given address."""

from __future__ import annotations

from django.db.models import Q

from closeknit.clinic.models import Screen


def flagged(emails: list[str]) -> bool:
    """Did anyone with one of these addresses answer a screen that came back positive?"""
    addresses = [e.lower() for e in emails if e]
    if not addresses:
        return False
    return Screen.objects.filter(
        Q(person="a", lead__email__in=addresses) | Q(person="b", lead__partner_email__in=addresses),
        flagged=True,
    ).exists()
