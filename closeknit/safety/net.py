"""The crisis safety net: one service every flow calls with the free text a person just wrote.

    support = net.screen(user=user, texts={"note": note}, where="checkin")

Each text is checked by the language core (closeknit.language.check_crisis, "recall" sensitivity), in
that text's own language: closeknit.language.detect decides per text (English or Spanish), and where a
text is too short to tell, the writer's language setting does (`User.language`), else English; the
other language's lexicon is read too then, so "Me quiero morir" from a writer whose setting is still
English is not missed (recall first; the Spanish lexicon finds nothing in our English dev sets). So every
path through here (web forms, the API, the offline outbox replayed by the check-in service) reads
Spanish the same way.
A hit returns what to show *that person*, privately, at once, in the flow they are in: the kind of
help ("crisis" or "violence") and the tone ("urgent" or "gentle"), never the words. In care, the
episode's clinician gets a safety alert only where the person consented to safety alerts
(access.clinic.alert_episodes). A disclosure of violence or coercive control about the writer
also withholds joint conflict work from their space, by the same rule a positive private screen
uses (safety.selectors.couple_screen_positive). The partner is never told, through anything.

Flows with a column keep the support (CheckIn.support); the others show it once on the very next
screen through `flash`, which keeps only kinds and tones in the person's own session.
`SAFETY_NET = False` in settings turns the net off, so a benchmark can measure what it costs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from django.conf import settings

from closeknit.safety import hooks

if TYPE_CHECKING:
    from django.http import HttpRequest

    from closeknit.accounts.models import User

SENSITIVITY: Final = "recall"  # recall comes first; short lines are judged by the lexicon (see crisis.SHORT/LONG)
# The language core's categories, as a safety alert names them.
ALERT_KIND = {
    "suicidal_ideation": "suicide",
    "self_harm": "self_harm",
    "partner_violence": "abuse",
    "coercive_control": "abuse",
}
FLASH_KEY = "safety_support"

Support = list[dict[str, str]]


def enabled() -> bool:
    return bool(getattr(settings, "SAFETY_NET", True))


def _texts(texts: Mapping[str, Any] | Iterable[Any]) -> list[str]:
    values = texts.values() if isinstance(texts, Mapping) else texts
    return [v for v in values if isinstance(v, str) and v.strip()]


def check(texts: Mapping[str, Any] | Iterable[Any], *, language: str | None = None) -> tuple[Support, list[str]]:
    """Pure: (support to show, alert kinds). Support is [{kind, level}], the most urgent tone per kind.
    `language` is the writer's setting, used only for a text too short to tell its own language."""
    support, kinds, _ = assess(texts, language=language)
    return support, kinds


def assess(texts: Mapping[str, Any] | Iterable[Any], *, language: str | None = None) -> tuple[Support, list[str], bool]:
    """Pure: check() plus whether joint conflict work should be withheld. That takes a disclosure about
    the writer themselves (violence or coercive control by a partner, said of "me", not denied); help
    is shown for the rest too (someone else's story, a denial), but it withholds nothing."""
    found: dict[str, str] = {}
    kinds: list[str] = []
    hold = False
    for text in _texts(texts):
        for finding in findings(text, language=language):
            if found.get(finding.resource_kind) != "urgent":
                found[finding.resource_kind] = finding.level
            kind = ALERT_KIND.get(finding.category)
            if kind and kind not in kinds:
                kinds.append(kind)
            if finding.resource_kind == "violence" and finding.subject == "self" and not finding.negated:
                hold = True
    return [{"kind": k, "level": v} for k, v in found.items()], kinds, hold


def findings(text: str, *, language: str | None = None) -> list[Any]:
    """The language core's findings for one text, read in its own language (see the module docstring)."""
    from closeknit.language import check_crisis
    from closeknit.language.detect import language_of, setting_language

    told = language_of(text)
    lang = told or setting_language(language)
    found = check_crisis(text, sensitivity=SENSITIVITY, language=lang)
    if told is None:  # too short to tell: the other language's phrases count too
        other = "en" if lang == "es" else "es"
        # Read in English just now, so the Spanish reading leaves its English lexicon out: every
        # finding that would add is one `found` already holds, and would be dropped below as a repeat.
        for extra in check_crisis(text, sensitivity=SENSITIVITY, language=other, english=other != "es"):
            if not any(f.category == extra.category and f.start < extra.end and extra.start < f.end for f in found):
                found.append(extra)
    return found


def screen(
    *, user: User | None, texts: Mapping[str, Any] | Iterable[Any], where: str, now: dt.datetime | None = None
) -> Support:
    """Check what was written; alert the clinician where consented; return what to show the author.

    Call it inside the write's transaction, so an alert exists only if the words were kept."""
    if not enabled():
        return []
    known = user is not None and getattr(user, "is_authenticated", False)
    support, kinds, hold = assess(texts, language=getattr(user, "language", None) if known else None)
    if support and kinds and known:
        assert user is not None  # known
        hooks.finding(subject=user, kinds=kinds, where=where, now=now)  # the clinic alerts (clinic/apps.py)
    if hold and known:
        from closeknit.safety import services

        assert user is not None  # known
        services.hold_conflict_work(user=user)
    return support


# --- showing it: the author-only support card ---------------------------------------------------------
def card(support: Iterable[Mapping[str, str]] | None, *, country: str | None, dismiss_url: str = "") -> dict | None:
    """Context for templates/safety/_support_card.html: resources for the person's country."""
    from closeknit.safety import resources

    support = list(support or [])
    if not support:
        return None
    place = resources.for_country(country)
    kinds = {s["kind"] for s in support}
    return {
        "urgent": any(s.get("level") == "urgent" for s in support),
        "violence": "violence" in kinds,  # the card then links the safety-planning page
        "country": place,
        "resources": [r for r in place.resources if r.kind in kinds],
        "dismiss_url": dismiss_url,
    }


def flash(request: HttpRequest, support: Support | None) -> None:
    """Keep the support for the next page this person sees (only kinds and tones, never words)."""
    if support:
        request.session[FLASH_KEY] = [{"kind": s["kind"], "level": s["level"]} for s in support]


def take_flash(request: HttpRequest) -> Support:
    session = getattr(request, "session", None)
    if session is None or FLASH_KEY not in session:
        return []
    return list(session.pop(FLASH_KEY) or [])
