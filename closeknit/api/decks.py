"""The decks behind the practices: closeness questions, words for a gentle start, needs for the
emotional map, touch gestures, date ideas, memory prompts. Routes elsewhere take and return deck item
ids (`needs`, `feel`, `detail`, a question's `item`); these routes give an app the ids and their
words, so it can draw the lists itself.

A deck is offered when a practice offered to the caller uses it: after a positive safety screen the
conflict practices are hidden, and so are decks only they use (the same silent gate as the practices).
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from ninja import Path, Router, Schema
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.errors import responses
from closeknit.core.errors import NotFound
from closeknit.practices import selectors
from closeknit.practices.library import BUDGETS, DECK_KINDS, TIMES, Deck, library

router = Router(tags=["decks"])
NOT_FOUND = "We could not find that deck."
DeckKind = Literal[DECK_KINDS]  # type: ignore[valid-type]  # a Literal built from a tuple at import time

LANGUAGE_DOC = (
    "The language of the words: your profile's language when the deck is written in it, else the "
    "site's first language. Today every deck is in English (en)."
)


class DeckItemOut(Schema):
    id: str = Field(description="Stable: send it back where a route asks for a deck item id.")
    text: str
    budget: Literal[BUDGETS] | None = Field(description="Date ideas only.")  # type: ignore[valid-type]  # a Literal built from a tuple at import time
    time: Literal[TIMES] | None = Field(description="Date ideas only.")  # type: ignore[valid-type]  # a Literal built from a tuple at import time


class DeckSetOut(Schema):
    slug: str
    title: str
    intro: str
    items: list[DeckItemOut]


class DeckSummaryOut(Schema):
    slug: str
    title: str
    kind: DeckKind
    intro: str
    language: str = Field(description=LANGUAGE_DOC)
    practices: list[str] = Field(description="Slugs of the practices offered to you that use this deck.")


class DeckOut(DeckSummaryOut):
    sets: list[DeckSetOut]


def content_language(user: User) -> str:
    """Decks are written once, in the site's first language; when a translated library arrives it is
    picked here from the person's profile."""
    return settings.LANGUAGE_CODE


def _offered(user: User) -> dict[str, list[str]]:
    """deck slug -> slugs of the practices offered to this person that use it."""
    used: dict[str, list[str]] = {}
    for p in selectors.catalogue(user):
        if p.deck:
            used.setdefault(p.deck, []).append(p.slug)
    return used


def _summary(deck: Deck, practices: list[str], language: str) -> dict[str, object]:
    return {
        "slug": deck.slug,
        "title": deck.title,
        "kind": deck.kind,
        "intro": deck.intro,
        "language": language,
        "practices": sorted(practices),
    }


@router.get("/decks", response={200: list[DeckSummaryOut], **responses(401)}, summary="Decks for your practices")
def list_decks(request: AuthedRequest) -> list[DeckSummaryOut]:
    """The decks the practices offered to you draw on, without their items; ask for one deck to get them."""
    user: User = request.user
    decks = library().decks
    language = content_language(user)
    return [
        DeckSummaryOut(**_summary(decks[slug], used, language))  # type: ignore[arg-type]  # _summary's dict holds the summary's fields
        for slug, used in sorted(_offered(user).items())
        if slug in decks
    ]


@router.get("/decks/{slug}", response={200: DeckOut, **responses(401, 404, 422)}, summary="One deck, with its items")
def get_deck(request: AuthedRequest, slug: str = Path(..., max_length=80)) -> DeckOut:
    """Every set and item, in order: ids to send back, and the words to show."""
    user: User = request.user
    used = _offered(user).get(slug)
    deck = library().decks.get(slug)
    if deck is None or used is None:
        raise NotFound(NOT_FOUND)
    sets = [
        DeckSetOut(
            slug=s.slug,
            title=s.title,
            intro=s.intro,
            items=[DeckItemOut(id=i.id, text=i.text, budget=i.budget, time=i.time) for i in s.items],
        )
        for s in deck.sets
    ]
    return DeckOut(**_summary(deck, used, content_language(user)), sets=sets)  # type: ignore[arg-type]  # _summary's dict holds the summary's fields
