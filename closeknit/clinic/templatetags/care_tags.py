"""`{% our_intensive as intensive %}`: the couple's intensive when it is three weeks away or under way,
for a small card on Today. A tag rather than view context, so the Today view (another app's) needs
no change."""

from __future__ import annotations

from django import template

from closeknit.clinic.selectors import intensive

register = template.Library()


@register.simple_tag(takes_context=True)
def our_intensive(context: template.Context) -> intensive.CoupleIntensive | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return next((i for i in intensive.intensives_for_couple(user) if i.soon), None)
