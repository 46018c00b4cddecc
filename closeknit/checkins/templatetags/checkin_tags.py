from django import template
from django.utils.translation import gettext_lazy

from closeknit.checkins import feelings

register = template.Library()


@register.filter
def feeling_label(slug: str) -> str:
    return feelings.label(slug)


@register.filter
def feeling_tone(slug: str) -> str:
    return feelings.tone_of(slug)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


SHORT_SCORES = (
    ("emotional_closeness", gettext_lazy("Emotional")),
    ("physical_closeness", gettext_lazy("Physical")),
    ("stress", gettext_lazy("Stress")),
)


@register.filter
def score_line(answers) -> str:
    """ "Emotional 6 · Stress 3": the scores answered and visible, joined; a skipped one (null) is left out."""
    if not hasattr(answers, "get"):
        return ""
    return " · ".join(f"{label} {answers.get(name)}" for name, label in SHORT_SCORES if answers.get(name) is not None)
