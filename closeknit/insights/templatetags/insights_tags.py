"""`{% emotion_trend %}`: the signed-in person's own estimated trend, so pages that show it (the
check-in history) need only one include and no view change. The partner is named only to say they
never see it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from closeknit.couples import selectors as couples
from closeknit.insights import selectors
from closeknit.insights.charts import valence_chart

register = template.Library()


def card_context(trend: selectors.Trend, *, title: str) -> dict[str, Any]:
    chart = ""
    if not trend.empty:
        chart = valence_chart(title=title, weeks=trend.weeks, lines=[(p.name, p.weekly) for p in trend.people])
    return {"trend": trend, "chart": chart}


@register.inclusion_tag("insights/_trend.html", takes_context=True)
def emotion_trend(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    trend = selectors.trend_for(user)
    out = card_context(trend, title=_("Our estimate of the mood of your shared words, week by week"))
    partner = couples.partner_of(user)
    out["partner"] = partner.name if partner is not None else None
    return out
