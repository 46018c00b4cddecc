"""Small template helpers for the practices pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def pr_duration(seconds: int | None) -> str:
    """90 -> "1 min 30 s", 240 -> "4 min", 45 -> "45 s"."""
    if not seconds:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


@register.filter
def clock(seconds: int | None) -> str:
    """Seconds as m:ss for a countdown."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


@register.filter
def needs_in_common(pair: Any) -> list[str]:
    """The needs both partners placed on their maps: often the best place to start talking."""
    from closeknit.practices.flows import paired

    return paired.shared_needs(pair)
