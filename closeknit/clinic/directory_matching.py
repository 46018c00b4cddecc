"""Match what a couple asks for against clinician profiles, and say why each match fits.

Pure functions over plain data: no database, so every rule is tested directly.
Hard requirements (a clinician is left out): the way of meeting asked for, a fee clearly over budget
(unless they offer a sliding scale), not taking new clients.
A language ranks first, never hides: everyone who offers sessions in it comes before everyone who does
not, and each card says which (issue 18). A visitor browsing in Spanish who has not picked a language
gets the same order for Spanish (`Ask.prefer`), so Spanish-speaking clinicians come first by default.
Everything else ranks and explains: specialty, cultural experience, the times a couple can meet.
Words are in the active language (gettext): call these inside the request, or a translation override.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from closeknit.clinic import vocab


@dataclass(frozen=True)
class Ask:
    language: str = ""  # asked for: ranks those who offer it first, says so on every card
    prefer: str = ""  # the visitor's own language when they asked for none: ranks first, quietly
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
    speaks: bool = True  # offers sessions in the language asked for (or preferred); False ranks after
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
        name = str(vocab.LANGUAGES.get(ask.language, ask.language))
        if ask.language in c.languages:
            m.reasons.append(_("Offers sessions in %(language)s.") % {"language": name})
            m.score += 3
        else:
            m.speaks = False
            m.to_ask.append(_("Does not list sessions in %(language)s.") % {"language": name})
    elif ask.prefer:
        m.speaks = ask.prefer in c.languages
    if ask.meeting == "online":
        if not c.online:
            return None
        m.reasons.append(_("Meets online."))
        m.score += 1
    elif ask.meeting == "in_person":
        if not c.in_person:
            return None
        m.reasons.append(_("Meets in person."))
        m.score += 1
    if ask.budget is not None:
        fees = (
            money(c.fee_min, c.currency)
            if c.fee_min == c.fee_max
            else (f"{money(c.fee_min, c.currency)}–{money(c.fee_max, c.currency)}")
        )
        if c.fee_min <= ask.budget:
            m.reasons.append(
                _("Fees of %(fees)s a session fit your budget of %(budget)s.")
                % {"fees": fees, "budget": money(ask.budget, c.currency)}
            )
            m.score += 2
        elif c.sliding_scale:
            m.to_ask.append(
                _("Fees are usually %(fees)s, with a sliding scale: ask what would work for you.") % {"fees": fees}
            )
        else:
            return None
    if ask.specialty:
        if ask.specialty in c.specialties:
            topic = str(vocab.SPECIALTIES[ask.specialty]).lower()
            m.reasons.append(_("Often works with: %(topics)s.") % {"topics": topic})
            m.score += 3
        else:
            m.to_ask.append(_("Ask whether they have worked with what brings you."))
    for slug in ask.cultural:
        what = str(vocab.CULTURAL[slug]).lower()
        if slug in c.cultural:
            m.reasons.append(_("Has training or lived experience with %(what)s.") % {"what": what})
            m.score += 2
        else:
            m.to_ask.append(_("Ask about their experience with %(what)s.") % {"what": what})
    if ask.times:
        offered = times_offered(c.hours)
        fit = [t for t in ask.times if t in offered]
        if fit:
            hours = ", ".join(str(vocab.TIMES[t]).lower() for t in fit)
            m.reasons.append(_("Has hours that suit you: %(hours)s.") % {"hours": hours})
            m.score += 2
        else:
            m.to_ask.append(_("Their regular hours may not suit you; ask if there is any flexibility."))
    return m


def fees(c: Candidate) -> str:
    """The fee range in words: "$120–$160 a session", or "$180 a session"."""
    if c.fee_max == 0:
        return _("Ask about fees")
    low, high = money(c.fee_min, c.currency), money(c.fee_max, c.currency)
    return _("%(fees)s a session") % {"fees": low if c.fee_min == c.fee_max else f"{low}–{high}"}


def offers(c: Candidate) -> list[str]:
    """Why someone may fit when the visitor has not asked for anything yet: what they offer, in words."""
    out = []
    if c.specialties:
        topics = [str(vocab.SPECIALTIES[s]).lower() for s in c.specialties[:3] if s in vocab.SPECIALTIES]
        if topics:
            out.append(_("Often works with: %(topics)s.") % {"topics": "; ".join(topics)})
    if c.languages:
        names = [str(vocab.LANGUAGES.get(code, code)) for code in c.languages]
        joined = (
            (_("%(one)s and %(other)s") % {"one": names[0], "other": names[1]}) if len(names) == 2 else ", ".join(names)
        )
        out.append(_("Offers sessions in %(language)s.") % {"language": joined})
    offered = times_offered(c.hours)
    if offered:
        hours = ", ".join(str(vocab.TIMES[t]).lower() for t in vocab.TIMES if t in offered)
        out.append(_("Has hours: %(hours)s.") % {"hours": hours})
    return out


def rank(candidates: list[Candidate], ask: Ask) -> list[Match]:
    """Those who offer the language asked for (or preferred) first, then best fit first; ties keep the
    given order (so a stable order in, a stable order out)."""
    found = [m for c in candidates if (m := match_one(c, ask)) is not None]
    return sorted(found, key=lambda m: (not m.speaks, -m.score))
