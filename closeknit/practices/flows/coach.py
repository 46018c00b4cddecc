"""The gentle start-up coach, wherever a person writes to their partner (the hard-conversation opening,
appreciations, the check-in's shared answers).

Before the words go, they are checked by closeknit.language.coach: each of the four patterns or a
harsh start-up is shown with the exact phrase that triggered it, with an editable "I feel … about …
I need …" rewrite built from a template. The person is always free to send their own words, and
nothing the coach sees is stored: it is a pure function of the text in the request.

Words are read in their own language (English or Spanish), the writer's setting deciding a text too
short to tell; the rewrite is in the words' language, and what the coach says about a cue is in the
reader's. Here the reader is always the writer (it is their own words), so callers pass the person's
language setting.

A safety finding outranks the coach (docs/architecture.md, invariant 8): words in which the safety net
(closeknit.safety.net) finds a crisis, violence or coercive control are neither held nor rewritten, in
any language. They go as written, like "Send my own words", so the write's own screen runs and its
author-only support card is the very next thing they see; a rewrite ("I feel frustrated about what
happened") would have buried a disclosure under advice on tone, and couples work is not a fix for abuse.

Works without script as a two-step submit (`gate`): the first submit of harsh words shows the coach
instead of saving, with "Send my own words" and "Use this rewrite". With htmx, "Check my
words" posts to `check` and swaps the same panel in place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.safety import net

if TYPE_CHECKING:
    from closeknit.language.coaching import Coaching

MAX_TEXT = 2000
# The form fields that hold words meant for the partner; anything else is refused by `check`.
FIELDS = ("own", "text", "appreciation", "need")


def fingerprint(text: str) -> str:
    """Marks "the coach was shown for exactly these words" in the form, so a second submit sends them.
    Kept only in the page the person holds; never stored."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The text, escaped, with each triggering phrase wrapped in <mark>."""
    out: list[str] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


# The coach's words from content/language/coach.yaml (a lexicon kept in English), listed here so the
# catalog carries them: the panel shows them in the reader's language, for a cue found in English or in
# Spanish alike (coach.es.yaml has cues only). A wording changed in the YAML shows in English until its
# new Spanish is written here and in the catalog.
LEXICON_WORDS = (
    gettext_noop("Criticism"),
    gettext_noop(
        "This names a flaw in your partner rather than the moment that bothered you. Words like "
        '"always" and "never" tend to make the other person defend themselves instead of listening.'
    ),
    gettext_noop("Describe one moment and how it felt to you, then ask for what you need."),
    gettext_noop("Contempt"),
    gettext_noop(
        'Mockery, insults and eye-rolling say "I\'m above you". Of the four patterns, this one hurts a '
        "relationship most, even when it is meant as a joke."
    ),
    gettext_noop("Say what you are upset about without judging who your partner is."),
    gettext_noop("Defensiveness"),
    gettext_noop(
        "When we feel attacked we often push the blame back. It is natural, but it tells your partner "
        "their concern did not land."
    ),
    gettext_noop("Find the part of the concern you can agree with, even a small one, and say it."),
    gettext_noop("Stonewalling"),
    gettext_noop(
        "Shutting down or walking away often comes from feeling flooded. Your partner may read it as not "
        "caring. A short, named break works better than silence."
    ),
    gettext_noop("Say you need a break, say how long, and promise to come back to it."),
)


@dataclass(frozen=True)
class Panel:
    field: str
    text: str
    harsh: bool
    cues: list[dict[str, Any]]
    rewrite: str | None
    marked: SafeString
    fingerprint: str
    language: str = ""  # the words' language, and the rewrite's ("" when nothing was read)
    safety: bool = False  # the safety net found something: the coach stands aside (see the module docstring)


def read(text: str, *, language: str | None = None) -> tuple[Coaching | None, net.Support]:
    """The coach's reading of words for the partner, and the safety net's, the net first: when it finds
    anything the coach stays silent (None), whatever the words' tone. Pure: nothing alerted or kept; the
    write that follows screens the words again, as its own. The page (`panel`) and `POST /api/coach`
    both read through here."""
    from closeknit import language as words

    if not text.strip():
        return None, []
    support = net.check([text], language=language)[0] if net.enabled() else []
    if support:
        return None, support
    return words.coach(text, language=language), []


def panel(text: str, field: str, *, language: str | None = None) -> Panel:
    """`language`: the writer's setting, for words too short to tell their own language."""
    text = (text or "")[:MAX_TEXT]
    c, support = read(text, language=language)
    cues = [
        {
            "pattern": cue.pattern,
            "label": _(cue.label),
            "phrase": cue.phrase,
            "explain": _(cue.explain),
            "try_instead": _(cue.try_instead),
        }
        for cue in (c.cues if c else ())
    ]
    return Panel(
        field=field,
        text=text,
        harsh=bool(c and c.harsh),
        cues=cues,
        rewrite=c.rewrite if c else None,
        marked=marked(text, [(cue.start, cue.end) for cue in (c.cues if c else ())]),
        fingerprint=fingerprint(text),
        language=c.language if c else "",
        safety=bool(support),
    )


@dataclass(frozen=True)
class Gate:
    """What a form view does with a submit: `proceed` and save `text`, or show `panel` and wait."""

    text: str
    panel: Panel | None
    proceed: bool


# In a thank-you, only these hold the submit: "thanks for finally doing the dishes" stings; a lone
# defensiveness or stonewalling cue in an appreciation is nearly always a misread ("you made me laugh").
HOLD_IN_THANKS = {"criticism", "contempt"}


def gate(post: Mapping[str, Any], field: str, *, thanks: bool = False, language: str | None = None) -> Gate:
    """The two-step submit. Buttons send coach=check | use | send; a plain submit of harsh words that the
    person has not yet been shown the coach for stops once, with the coach on screen. `thanks`: the field
    is an appreciation, held only for criticism or contempt ("Check my words" still shows everything).
    `language`: the writer's setting (see `panel`)."""
    action = post.get("coach", "")
    text = post.get(field, "") or ""
    if not isinstance(text, str):
        return Gate(text="", panel=None, proceed=True)  # the service refuses it with its own words
    if action == "use":
        rewrite = post.get(f"rewrite_{field}", "")
        text = rewrite if isinstance(rewrite, str) and rewrite.strip() else text
        return Gate(text=text, panel=panel(text, field, language=language), proceed=False)
    if action == "check":
        return Gate(text=text, panel=panel(text, field, language=language), proceed=False)
    if action == "send" or not text.strip() or post.get(f"coached_{field}") == fingerprint(text):
        return Gate(text=text, panel=None, proceed=True)
    shown = panel(text, field, language=language)
    if not shown.harsh or (thanks and not HOLD_IN_THANKS & {c["pattern"] for c in shown.cues}):
        return Gate(text=text, panel=None, proceed=True)
    return Gate(text=text, panel=shown, proceed=False)


def held(*panels: Panel | None) -> str | None:
    """The field of the first note that is holding a save, for the page to come back to: every form
    that the coach can hold posts to `#coach-held`, shows "A note from the coach" near the top and
    puts the focus on that field's note, so a long page never returns at the top in silence."""
    for shown in panels:
        if shown is not None and shown.harsh:
            return shown.field
    return None


@login_required
@require_POST
def check(request: AuthedRequest) -> HttpResponse:
    """htmx: the coach panel for one field of the form it was posted from. Reads, never writes."""
    field = request.POST.get("field", "")
    if field not in FIELDS:
        return HttpResponse(_("We can only check words written to your partner."), status=400)
    text = request.POST.get(field, "")
    shown = panel(text, field, language=request.user.language)
    return render(request, "practices/_coach.html", {"coach": shown, "field": field})
