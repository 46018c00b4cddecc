"""`{% due_checkups as due %}`: the check-ups due for the person looking, for a small card on Today.
A tag rather than view context, so the Today view (another app's) needs no change."""

from __future__ import annotations

from django import template

from closeknit.assessments import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def due_checkups(context: template.Context) -> list[selectors.Checkup]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [c for c in selectors.due_for(user) if not c.draft or c.due]


@register.simple_tag(takes_context=True)
def asked_measures(context: template.Context) -> list:
    """Check-ups a clinician asked this person for (their own only), open now: Today and Check-ups."""
    from closeknit.clinic.selectors import intensive

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return intensive.open_measures_for(user)
