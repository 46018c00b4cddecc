"""`{% our_intensive as intensive %}`: the couple's intensive when it is three weeks away or under way,
for a small card on Today; `{% asked_measures as asked %}`: check-ups a clinician asked for, on Check-ups.
Tags rather than view context, so the other apps' views need no change and never import the clinic."""

from __future__ import annotations

from django import template

from closeknit.clinic import access_words
from closeknit.clinic.selectors import intensive

register = template.Library()


@register.simple_tag(takes_context=True)
def our_intensive(context: template.Context) -> intensive.CoupleIntensive | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return next((i for i in intensive.intensives_for_couple(user) if i.soon), None)


@register.simple_tag(takes_context=True)
def asked_measures(context: template.Context) -> list:
    """Check-ups a clinician asked this person for (their own only), open now: Today and Check-ups."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return intensive.open_measures_for(user)


@register.filter
def access_what(what: str) -> str:
    """An access-log line's "what" in the reader's language (clinic.access_words)."""
    return access_words.worded(what)
