"""The words clinicians pick from and couples search by, so a match is exact and explainable.

Labels are our own plain wording. Cultural competencies describe care a clinician offers from
training or lived experience; every clinician promises respectful, culturally competent care, so the
directory uses these to explain and rank a match, never to hide anyone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

LANGUAGES: dict[str, StrOrPromise] = {
    "en": _("English"),
    "es": _("Spanish"),
    "fr": _("French"),
    "de": _("German"),
    "pt": _("Portuguese"),
    "zh": _("Chinese"),
    "ar": _("Arabic"),
    "hi": _("Hindi"),
    "tl": _("Tagalog"),
    "vi": _("Vietnamese"),
    "ko": _("Korean"),
    "asl": _("American Sign Language"),
}

SPECIALTIES: dict[str, StrOrPromise] = {
    "communication": _("Talking and listening, fighting less"),
    "distance": _("Feeling distant or lonely together"),
    "trust": _("Rebuilding trust after a betrayal"),
    "intimacy": _("Intimacy, touch and sex"),
    "transitions": _("Big life changes"),
    "deciding": _("Deciding whether to stay together"),
    "families": _("Blended and chosen families"),
    "grief": _("Grief and loss"),
    "health": _("Illness, disability or pain in the relationship"),
    "neurodiversity": _("Relationships where one or both are neurodivergent"),
}

CULTURAL: dict[str, StrOrPromise] = {
    "lgbtq": _("LGBTQ+ relationships"),
    "intercultural": _("Couples from different cultures or countries"),
    "faith": _("Bringing faith into the work, when you want that"),
    "migration": _("Migration and living between languages"),
    "black": _("Black couples"),
    "latine": _("Latine couples"),
    "asian": _("Asian and diaspora couples"),
    "nonmonogamy": _("Open and non-monogamous relationships"),
    "disability": _("Disabled partners"),
    "neurodivergent": _("Neurodivergent partners"),
}

MODALITIES: dict[str, StrOrPromise] = {
    "eft": _("Emotionally Focused Therapy"),
    "gottman": _("Gottman Method"),
    "ibct": _("Integrative Behavioral Couple Therapy"),
    "narrative": _("Narrative therapy"),
    "imago": _("Imago"),
    "cbct": _("Cognitive behavioral couple therapy"),
    "discernment": _("Discernment counseling"),
}

# When a couple can meet. Matched against the clinician's weekly hours (in the clinician's zone).
TIMES: dict[str, StrOrPromise] = {
    "daytime": _("Weekdays during the day"),
    "evenings": _("Weekday evenings"),
    "weekends": _("Weekends"),
}


def labels(vocab: dict[str, StrOrPromise], slugs: list[str]) -> list[str]:
    """The labels in the active language (evaluated now, so a list of plain strings)."""
    return [str(vocab[s]) for s in slugs if s in vocab]
