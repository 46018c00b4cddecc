"""The crisis safety net: one service every flow calls with the free text a person just wrote.

    support = net.screen(user=user, texts={"note": note}, where="checkin")

Each text is checked by the language core (closeknit.language.check_crisis, "recall" sensitivity).
A hit returns what to show *that person*, privately, at once, in the flow they are in: the kind of
help ("crisis" or "violence") and the tone ("urgent" or "gentle"), never the words. In care, the
episode's clinician gets a safety alert only where the person consented to safety alerts
(core.access.clinic.alert_episodes). A disclosure of violence or coercive control about the writer
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


def check(texts: Mapping[str, Any] | Iterable[Any]) -> tuple[Support, list[str]]:
    """Pure: (support to show, alert kinds). Support is [{kind, level}], the most urgent tone per kind."""
    support, kinds, _ = assess(texts)
    return support, kinds


def assess(texts: Mapping[str, Any] | Iterable[Any]) -> tuple[Support, list[str], bool]:
    """Pure: check() plus whether joint conflict work should be withheld. That takes a disclosure about
    the writer themselves (violence or coercive control by a partner, said of "me", not denied); help
    is shown for the rest too (someone else's story, a denial), but it withholds nothing."""
    from closeknit import language

    found: dict[str, str] = {}
    kinds: list[str] = []
    hold = False
    for text in _texts(texts):
        for finding in language.check_crisis(text, sensitivity=SENSITIVITY):
            if found.get(finding.resource_kind) != "urgent":
                found[finding.resource_kind] = finding.level
            kind = ALERT_KIND.get(finding.category)
            if kind and kind not in kinds:
                kinds.append(kind)
            if finding.resource_kind == "violence" and finding.subject == "self" and not finding.negated:
                hold = True
    return [{"kind": k, "level": v} for k, v in found.items()], kinds, hold


def screen(
    *, user: User | None, texts: Mapping[str, Any] | Iterable[Any], where: str, now: dt.datetime | None = None
) -> Support:
    """Check what was written; alert the clinician where consented; return what to show the author.

    Call it inside the write's transaction, so an alert exists only if the words were kept."""
    if not enabled():
        return []
    support, kinds, hold = assess(texts)
    known = user is not None and getattr(user, "is_authenticated", False)
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
