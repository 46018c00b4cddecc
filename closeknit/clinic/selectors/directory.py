"""The public directory: listed clinicians, matched to what a couple asks for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from closeknit.clinic import directory_matching as matching
from closeknit.clinic import vocab
from closeknit.clinic.directory_matching import Ask, Match
from closeknit.clinic.models import ClinicianProfile
from closeknit.core.errors import NotFound, ServiceError

MAX_BUDGET = 100_000
WITH_TIMES = 20  # the first listings get their next free time; each costs a look at their calendar
NEXT_FREE_DAYS = 21


@dataclass
class Listing:
    profile: ClinicianProfile
    match: Match
    fees: str = ""
    why: tuple[str, ...] = ()  # the match's reasons, or what they offer when nothing was asked
    next_free: dt.datetime | None = None  # in UTC; the page shows it on the visitor's clock
    looked: bool = False  # False: not looked up (far down the list), so the card says nothing of it
    first_other: bool = False  # the first of those who do not offer the language asked for: a heading before it


def _listed():
    """Listed profiles of people who still hold the clinician role in the profile's practice."""
    return (
        ClinicianProfile.objects.filter(
            listed=True, user__is_active=True, practice__staff__role="clinician", practice__staff__user_id=F("user_id")
        )
        .select_related("user", "practice")
        .prefetch_related("hours")
        .order_by("pk")
        .distinct()
    )


def parse_ask(data: Any) -> Ask:
    """From a query string (or API input) to an Ask. Unknown words are a clear 400, never ignored."""

    def one(name: str, allowed: dict, message: str) -> str:
        value = (data.get(name) or "").strip()
        if value and value not in allowed:
            raise ServiceError(message, field=name)
        return value

    cultural = (
        tuple(v for v in data.getlist("cultural") if v)
        if hasattr(data, "getlist")
        else tuple(data.get("cultural") or ())
    )
    for v in cultural:
        if v not in vocab.CULTURAL:
            raise ServiceError(
                _("We don't know one of those experiences; please pick from the list."), field="cultural"
            )
    times = tuple(v for v in data.getlist("times") if v) if hasattr(data, "getlist") else tuple(data.get("times") or ())
    for v in times:
        if v not in vocab.TIMES:
            raise ServiceError(_("We don't know one of those times; please pick from the list."), field="times")
    meeting = one(
        "meeting",
        {"online": "", "in_person": ""},
        _("We don't know that way of meeting; please pick one from the list."),
    )
    budget_raw = data.get("budget")
    budget = None
    if budget_raw not in (None, ""):
        try:
            budget = int(str(budget_raw).strip())
        except ValueError:
            raise ServiceError(_("Please give a budget as a whole number, such as 150."), field="budget") from None
        if not 0 <= budget <= MAX_BUDGET:
            raise ServiceError(_("Please give a budget between 0 and %(most)s.") % {"most": MAX_BUDGET}, field="budget")
    return Ask(
        language=one("language", vocab.LANGUAGES, _("We don't know that language; please pick one from the list.")),
        specialty=one("specialty", vocab.SPECIALTIES, _("We don't know that topic; please pick one from the list.")),
        cultural=tuple(dict.fromkeys(cultural)),
        meeting=meeting,
        budget=budget,
        times=tuple(dict.fromkeys(times)),
    )


def candidate(p: ClinicianProfile) -> matching.Candidate:
    return matching.Candidate(
        id=p.pk,
        languages=list(p.languages),
        specialties=list(p.specialties),
        cultural=list(p.cultural_competencies),
        online=p.online,
        in_person=p.in_person,
        fee_min=p.fee_min,
        fee_max=p.fee_max,
        currency=p.currency,
        sliding_scale=p.sliding_scale,
        accepting=p.accepting,
        hours=[(h.weekday, h.start, h.end) for h in p.hours.all()],
    )


def next_free(p: ClinicianProfile, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """The first time a first conversation could be booked, within three weeks; None if none."""
    from closeknit.clinic.selectors import schedule

    slots = schedule.open_slots(p, days=NEXT_FREE_DAYS, now=now)
    return slots[0] if slots else None


def search(ask: Ask, *, now: dt.datetime | None = None) -> list[Listing]:
    """Who fits, best first, each with why, their fees and (for the first few) their next free time."""
    profiles = {p.pk: p for p in _listed()}
    candidates = {p.pk: candidate(p) for p in profiles.values()}
    ranked = matching.rank(list(candidates.values()), ask)
    out = []
    others_seen = False
    for n, m in enumerate(ranked):
        c = candidates[m.id]
        looked = n < WITH_TIMES
        first_other = bool(ask.language) and not m.speaks and not others_seen
        others_seen = others_seen or first_other
        out.append(
            Listing(
                profile=profiles[m.id],
                match=m,
                fees=matching.fees(c),
                why=tuple(m.reasons or matching.offers(c)),
                next_free=next_free(profiles[m.id], now=now) if looked else None,
                looked=looked,
                first_other=first_other,
            )
        )
    return out


def profile(slug: str) -> ClinicianProfile:
    p = _listed().filter(slug=slug).first()
    if p is None:
        raise NotFound(_("We could not find that therapist."))
    return p


def photo(name: str, viewer: Any) -> tuple[str, bool] | None:
    """(kind, public) for a photo the viewer may see: any listed clinician's, or their own while unlisted."""
    if not name:
        return None
    row = ClinicianProfile.objects.filter(photo_name=name).values("pk", "photo_kind", "user_id").first()
    if row is None:
        return None
    if _listed().filter(pk=row["pk"]).exists():
        return row["photo_kind"], True
    if getattr(viewer, "is_authenticated", False) and viewer.pk == row["user_id"]:
        return row["photo_kind"], False
    return None
