"""Public pages for people looking for help: find a therapist who fits, read a profile."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
            **_choices(),
        },
        status=error.status if error else 200,
    )


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        p = selectors.profile(slug)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    return render(
        request,
        "clinic/profile.html",
        {
            "p": p,
            "languages": vocab.labels(vocab.LANGUAGES, p.languages),
            "specialties": vocab.labels(vocab.SPECIALTIES, p.specialties),
            "cultural": vocab.labels(vocab.CULTURAL, p.cultural_competencies),
            "modalities": vocab.labels(vocab.MODALITIES, p.modalities),
        },
    )
