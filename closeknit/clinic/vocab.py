"""The words clinicians pick from and couples search by, so a match is exact and explainable.

Labels are our own plain wording. Cultural competencies describe care a clinician offers from
training or lived experience; every clinician promises respectful, culturally competent care, so the
directory uses these to explain and rank a match, never to hide anyone."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "zh": "Chinese",
    "ar": "Arabic",
    "hi": "Hindi",
    "tl": "Tagalog",
    "vi": "Vietnamese",
    "ko": "Korean",
    "asl": "American Sign Language",
}

SPECIALTIES: dict[str, str] = {
    "communication": "Talking and listening, fighting less",
    "distance": "Feeling distant or lonely together",
    "trust": "Rebuilding trust after a betrayal",
    "intimacy": "Intimacy, touch and sex",
    "transitions": "Big life changes",
    "deciding": "Deciding whether to stay together",
    "families": "Blended and chosen families",
    "grief": "Grief and loss",
    "health": "Illness, disability or pain in the relationship",
    "neurodiversity": "Relationships where one or both are neurodivergent",
}

CULTURAL: dict[str, str] = {
    "lgbtq": "LGBTQ+ relationships",
    "intercultural": "Couples from different cultures or countries",
    "faith": "Bringing faith into the work, when you want that",
    "migration": "Migration and living between languages",
    "black": "Black couples",
    "latine": "Latine couples",
    "asian": "Asian and diaspora couples",
    "nonmonogamy": "Open and non-monogamous relationships",
    "disability": "Disabled partners",
    "neurodivergent": "Neurodivergent partners",
}

MODALITIES: dict[str, str] = {
    "eft": "Emotionally Focused Therapy",
    "gottman": "Gottman Method",
    "ibct": "Integrative Behavioral Couple Therapy",
    "narrative": "Narrative therapy",
    "imago": "Imago",
    "cbct": "Cognitive behavioral couple therapy",
    "discernment": "Discernment counseling",
}

# When a couple can meet. Matched against the clinician's weekly hours (in the clinician's zone).
TIMES: dict[str, str] = {
    "daytime": "Weekdays during the day",
    "evenings": "Weekday evenings",
    "weekends": "Weekends",
}


def labels(vocab: dict[str, str], slugs: list[str]) -> list[str]:
    return [vocab[s] for s in slugs if s in vocab]
