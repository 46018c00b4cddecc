"""Public pages for people looking for help: find a therapist who fits, read a profile."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from closeknit.clinic import visitor, vocab
from closeknit.clinic.directory_matching import Ask
from closeknit.clinic.selectors import directory as selectors
from closeknit.core.errors import NotFound, ServiceError


def _choices() -> dict:
    return {
        "languages": vocab.LANGUAGES.items(),
        "specialties": vocab.SPECIALTIES.items(),
        "cultural": vocab.CULTURAL.items(),
        "times": vocab.TIMES.items(),
    }


def directory(request: HttpRequest) -> HttpResponse:
    error = None
    asked = any(request.GET.get(k) for k in ("language", "specialty", "cultural", "meeting", "budget", "times"))
    try:
        ask = selectors.parse_ask(request.GET)
    except ServiceError as exc:
        error, ask = exc, Ask()
    # Browsing in a language other than the default, with none asked for: those who offer sessions in
    # it come first (ranking only; nobody is hidden), and the page says so.
    reading = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if not ask.language and reading != settings.LANGUAGE_CODE and reading in vocab.LANGUAGES:
        ask = dataclasses.replace(ask, prefer=reading)
    listings = selectors.search(ask) if error is None else []
    # Next free times on the visitor's clock; before their browser has said which, each therapist's
    # own, and the card says so.
    seen = visitor.clock(request, "")
    known = seen if seen.source != "therapist" else None
    for listing in listings:
        tz = listing.profile.user.timezone
        listing.shown = visitor.show(listing.next_free, known, tz) if listing.next_free else None  # type: ignore[attr-defined]  # set for the page only
    return render(
        request,
        "clinic/directory.html",
        {
            "ask": ask,
            "asked": asked,
            "listings": listings,
            "error": error,
            "shown_zone": known.zone if known else "",
            "preferred": vocab.LANGUAGES[ask.prefer] if ask.prefer and listings else "",
            "asked_language": vocab.LANGUAGES.get(ask.language, ""),
            **_choices(),
        },
        status=error.status if error else 200,
    )


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        p = selectors.profile(slug)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    intro, intro_lang = p.introduction((get_language() or settings.LANGUAGE_CODE).split("-")[0])
    return render(
        request,
        "clinic/profile.html",
        {
            "p": p,
            "intro": intro,
            "intro_lang": intro_lang,
            "languages": vocab.labels(vocab.LANGUAGES, p.languages),
            "specialties": vocab.labels(vocab.SPECIALTIES, p.specialties),
            "cultural": vocab.labels(vocab.CULTURAL, p.cultural_competencies),
            "modalities": vocab.labels(vocab.MODALITIES, p.modalities),
        },
    )
