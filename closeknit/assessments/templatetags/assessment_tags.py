"""`{% due_checkups as due %}`: the check-ups due for the person looking, for a small card on Today.
A tag rather than view context, so the Today view (another app's) needs no change."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy

from closeknit.assessments import report, selectors
from closeknit.assessments.schema import Direction, Instrument
from closeknit.core import content

register = template.Library()


@register.simple_tag(takes_context=True)
def due_checkups(context: template.Context) -> list[selectors.Checkup]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [c for c in selectors.due_for(user) if not c.draft or c.due]


# Fill colours by where a score sits on its scale's good-to-hard axis, with the same lines the report
# uses for strengths and growth areas, so "Broken trust" high reads as a hard spot, never in green.
DIRECTION_WORDS = {
    Direction.HIGHER_IS_BETTER: gettext_lazy("higher is better"),
    Direction.LOWER_IS_BETTER: gettext_lazy("lower is better"),
}


def bar_tone(score: selectors.ScoreView) -> str:
    """Tone: "steady" (the good end), "middle", or "care" (the hard end), whichever way the scale runs."""
    good = report.goodness(score)
    if good is None:
        return "none"
    if good >= report.STRONG:
        return "steady"
    if good <= report.GROWTH:
        return "care"
    return "middle"


@register.inclusion_tag("assessments/_bar.html")
def score_bar(score: selectors.ScoreView, who: str = "") -> dict:
    """Our own bar for one score (not the browser's <meter>, whose colours ignore direction)."""
    return {
        "s": score,
        "tone": bar_tone(score),
        "direction": DIRECTION_WORDS[score.direction],
        "who": who,
    }


@register.inclusion_tag("assessments/_validation_note.html")
def validation_note(instrument: Instrument) -> dict[str, object]:
    """`{% validation_note instrument %}`: a plain note when the person reads a check-up in a language it
    has not been validated in (issue 18: our own scales are "not yet validated in Spanish"). Decided by the
    instrument's `validated_in` list, not by the template: English readers of our scales already see the
    label "not yet validated"; a Spanish reader sees it said for Spanish, in Spanish."""
    lang = content.language()
    show = lang != content.SOURCE_LANGUAGE and not instrument.validated_for(lang)
    return {"show": show, "language_name": translation.get_language_info(lang)["name_local"], "lang": lang}
