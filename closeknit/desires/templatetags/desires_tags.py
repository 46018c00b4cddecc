from __future__ import annotations

from typing import Any

from django import template

from closeknit.access import desires as rules
from closeknit.desires.content import deck

register = template.Library()


@register.filter
def mark(values: dict[str, str] | None, item_id: str) -> str:
    return (values or {}).get(item_id, "")


@register.inclusion_tag("desires/_card.html", takes_context=True)
def desires_card(context: template.Context) -> dict[str, Any]:
    """The practice's entry on the practices page; absent (for both partners) where it is not offered."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and rules.offered(user), "deck": deck()}
