"""`lang` for words a person wrote: shown as written, never translated, so a page must say which language
they are in or a screen reader reads English words with Spanish sounds (and the reverse).

    <blockquote{{ note.text|lang_attr:note.author.language }}>{{ note.text }}</blockquote>

The text's own language decides when it says enough (`detect.language_of`); a short text falls back to the
writer's language setting, and with no writer known (a practice's stored template, say) to nothing: the
element then takes the page's language. A builtin (settings.TEMPLATES), so no template has to load it.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from closeknit.language.detect import language_of, setting_language

register = template.Library()


def written_language(text: object, fallback: str | None = None) -> str:
    """ "en", "es", or "" when the text is too short to tell and no writer's setting is given."""
    said = language_of(str(text or ""))
    if said:
        return said
    return setting_language(fallback) if fallback else ""


@register.filter
def lang_attr(text: object, fallback: str | None = None) -> SafeString | str:
    """` lang="en"` (with its leading space) for an element holding `text`, or nothing when unknown."""
    lang = written_language(text, fallback)
    return format_html(' lang="{}"', lang) if lang else ""


@register.filter
def lang_of(text: object, fallback: str | None = None) -> str:
    """The code alone, for a template that writes its own `lang="…"`."""
    return written_language(text, fallback)
