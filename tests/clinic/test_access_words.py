"""Every "what" the code writes into the access log is worded in Spanish for a Spanish reader (the partner
the line is about, or the practice's staff), and a line we do not know is shown as stored."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from closeknit.clinic import access_words
from closeknit.clinic.reports.fhir import LOG_WHAT
from closeknit.clinic.selectors.caseload import OVERVIEW

ROOT = Path(__file__).resolve().parents[2] / "closeknit"
WRITTEN = re.compile(r'\bwhat=(f?)"([^"]+)"')


def _written() -> list[str]:
    """Each `what="..."` literal in the code, an f-string's fields filled as a real line would have them."""
    out = [OVERVIEW, LOG_WHAT]
    # clinic.selectors.trends picks its phrase from a tuple, one per kind of entry.
    out += [f"emotion trend of shared {kind}, last 12 weeks" for kind in ("check-ins", "practice reflections")]
    for path in ROOT.rglob("*.py"):
        for is_f, text in WRITTEN.findall(path.read_text()):
            if is_f:
                text = re.sub(r"\{[^}]*(DAYS|WEEKS)[^}]*\}", "12", text)
                text = re.sub(r"\{[^}]*\}", "Ana Pérez", text)
            out.append(text)
    return out


def test_each_phrase_the_code_writes_reads_spanish():
    written = _written()
    assert len(written) >= 10, written  # the scan found the writers
    with translation.override("es"):
        for what in written:
            shown = access_words.worded(what)
            assert shown != what, f"no Spanish for the access-log phrase {what!r}: add it to clinic.access_words"
    assert access_words.worded("check-ins, last 30 days") == "check-ins, last 30 days"  # English stays English


def test_a_name_and_a_number_keep_their_place_and_an_unknown_line_shows_as_stored():
    with translation.override("es"):
        shown = access_words.worded("care handed over from Dr. Rivera; nothing shared until you choose again")
        assert "Dr. Rivera" in shown and "choose" not in shown
        assert "30" in access_words.worded("check-ins, last 30 days")
        assert access_words.worded("something from an older release") == "something from an older release"
