"""Match what a couple asks for against clinician profiles, and say why each match fits.

Pure functions over plain data: no database, so every rule is tested directly.
Hard requirements (a clinician is left out): a language asked for, the way of meeting asked for,
a fee clearly over budget (unless they offer a sliding scale), not taking new clients.
Everything else ranks and explains: specialty, cultural experience, the times a couple can meet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from closeknit.clinic import vocab


@dataclass(frozen=True)
class Ask:
    language: str = ""
    specialty: str = ""
    cultural: tuple[str, ...] = ()
    meeting: str = ""  # "" either, "online", "in_person"
    budget: int | None = None
    times: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    id: int
    languages: list[str]
    specialties: list[str]
    cultural: list[str]
    online: bool
    in_person: bool
    fee_min: int
    fee_max: int
    currency: str
    sliding_scale: bool
    accepting: bool
    hours: list[tuple[int, dt.time, dt.time]]  # weekday, start, end in the clinician's zone


@dataclass
class Match:
    id: int
    score: int
    reasons: list[str] = field(default_factory=list)
    to_ask: list[str] = field(default_factory=list)


def times_offered(hours: list[tuple[int, dt.time, dt.time]]) -> set[str]:
    found = set()
    for weekday, start, end in hours:
        if weekday >= 5:
            found.add("weekends")
            continue
        if start < dt.time(17) and end > dt.time(9):
            found.add("daytime")
        if end > dt.time(17, 30):
            found.add("evenings")
    return found


def money(amount: int, currency: str) -> str:
    return f"${amount}" if currency == "USD" else f"{amount} {currency}"


def match_one(c: Candidate, ask: Ask) -> Match | None:
    if not c.accepting:
        return None
    m = Match(id=c.id, score=0)
    if ask.language:
        if ask.language not in c.languages:
            return None
        m.reasons.append(f"Offers sessions in {vocab.LANGUAGES.get(ask.language, ask.language)}.")
        m.score += 3
    if ask.meeting == "online":
        if not c.online:
            return None
        m.reasons.append("Meets online.")
        m.score += 1
    elif ask.meeting == "in_person":
        if not c.in_person:
            return None
        m.reasons.append("Meets in person.")
        m.score += 1
    if ask.budget is not None:
        fees = (
            money(c.fee_min, c.currency)
            if c.fee_min == c.fee_max
            else (f"{money(c.fee_min, c.currency)}–{money(c.fee_max, c.currency)}")
        )
        if c.fee_min <= ask.budget:
            m.reasons.append(f"Fees of {fees} a session fit your budget of {money(ask.budget, c.currency)}.")
            m.score += 2
        elif c.sliding_scale:
            m.to_ask.append(f"Fees are usually {fees}, with a sliding scale: ask what would work for you.")
        else:
            return None
    if ask.specialty:
        if ask.specialty in c.specialties:
            m.reasons.append(f"Often works with: {vocab.SPECIALTIES[ask.specialty].lower()}.")
            m.score += 3
        else:
            m.to_ask.append("Ask whether they have worked with what brings you.")
    for slug in ask.cultural:
        if slug in c.cultural:
            m.reasons.append(f"Has training or lived experience with {vocab.CULTURAL[slug].lower()}.")
            m.score += 2
        else:
            m.to_ask.append(f"Ask about their experience with {vocab.CULTURAL[slug].lower()}.")
    if ask.times:
        offered = times_offered(c.hours)
        fit = [t for t in ask.times if t in offered]
        if fit:
            m.reasons.append("Has hours that suit you: " + ", ".join(vocab.TIMES[t].lower() for t in fit) + ".")
            m.score += 2
        else:
            m.to_ask.append("Their regular hours may not suit you; ask if there is any flexibility.")
    return m


def fees(c: Candidate) -> str:
    """The fee range in words: "$120–$160 a session", or "$180 a session"."""
    if c.fee_max == 0:
        return "Ask about fees"
    low, high = money(c.fee_min, c.currency), money(c.fee_max, c.currency)
    return f"{low} a session" if c.fee_min == c.fee_max else f"{low}–{high} a session"


def offers(c: Candidate) -> list[str]:
    """Why someone may fit when the visitor has not asked for anything yet: what they offer, in words."""
    out = []
    if c.specialties:
        topics = [vocab.SPECIALTIES[s].lower() for s in c.specialties[:3] if s in vocab.SPECIALTIES]
        if topics:
            out.append("Often works with: " + "; ".join(topics) + ".")
    if c.languages:
        names = [vocab.LANGUAGES.get(code, code) for code in c.languages]
        out.append("Offers sessions in " + (" and ".join(names) if len(names) <= 2 else ", ".join(names)) + ".")
    offered = times_offered(c.hours)
    if offered:
        out.append("Has hours: " + ", ".join(vocab.TIMES[t].lower() for t in vocab.TIMES if t in offered) + ".")
    return out


def rank(candidates: list[Candidate], ask: Ask) -> list[Match]:
    """Best fit first; ties keep the given order (so a stable order in, a stable order out)."""
    found = [m for c in candidates if (m := match_one(c, ask)) is not None]
    return sorted(found, key=lambda m: -m.score)
