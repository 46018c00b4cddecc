"""`{% emotion_trend %}`: the trend card for the signed-in person, so pages that show it (the
check-in history) need only one include and no view change."""

from __future__ import annotations

from typing import Any

from django import template

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
    out = card_context(trend, title="The mood of what you shared, week by week")
    out["partner"] = trend.people[1].name if len(trend.people) > 1 else None
    return out
