from django import template

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
