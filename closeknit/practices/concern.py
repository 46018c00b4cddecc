""" "What's on your mind?" as the page and the API both answer it: the safety net first, then the matcher.

The net (closeknit.safety.net) reads the concern before any practice is picked. Any finding (a
crisis, violence or coercive control) puts help first for the person who typed it and withholds
every conflict practice from the suggestions, on top of what the couple's private screen already
withholds: couples work is not offered as a fix for abuse (docs/architecture.md, Safety). Nothing typed here is
kept, so nothing is alerted and nothing is remembered; the next concern is judged on its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from closeknit import access
from closeknit.access import practices as rules
from closeknit.practices import matching, selectors
from closeknit.safety import net

if TYPE_CHECKING:
    from closeknit.accounts.models import User


@dataclass(frozen=True)
class Answer:
    suggestions: matching.Suggestions
    support: net.Support  # [{kind, level}]: which help to show the author, privately

    @property
    def safety_first(self) -> bool:
        """Help goes before any practice: the net found something, or the matcher's own safety words did."""
        return bool(self.support) or self.suggestions.safety_concern


def answer(user: User, text: str) -> Answer:
    return route(
        text,
        screen_positive=rules.screen_positive(access.active_couple_id(user)),
        mode=selectors.mode_for(user),
        language=user.language,
    )


def route(text: str, *, screen_positive: bool, mode: str | None = None, language: str | None = None) -> Answer:
    """Pure (no person): the net, then the matcher with conflict work withheld after any finding.
    Both read the words in their own language; `language`, the person's setting, decides only a text
    too short to tell. The evaluation runs this on real questions (closeknit/language/evaluate_matching.py,
    evaluate_matching_es.py)."""
    support = net.check([text], language=language)[0] if net.enabled() and text.strip() else []
    found = matching.suggest(text, screen_positive=screen_positive or bool(support), mode=mode, language=language)
    return Answer(suggestions=found, support=support)
