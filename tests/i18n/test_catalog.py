"""The Spanish catalog: it compiles clean, no entry is empty or fuzzy, and every word marked for
translation in code or templates has its Spanish (a new English string without one fails here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _entries(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy), read with gettext's own msgattrib so we parse nothing by hand."""
    out = subprocess.run(
        ["msgattrib", "--no-wrap", "--no-location", str(po)], capture_output=True, text=True, check=True
    ).stdout
    entries: dict[str, tuple[str, bool]] = {}
    for block in out.split("\n\n"):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
        text = "\n".join(lines)
        ident = re.search(r'^msgid "(.*)"$', text, re.M)
        if not ident or ident.group(1) == "":
            continue  # the header
        context = re.search(r'^msgctxt "(.*)"$', text, re.M)
        key = (context.group(1) + "\x04" if context else "") + ident.group(1)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.M)
        entries[key] = ("" if any(s == "" for s in strs) else strs[0], fuzzy)
    return entries


def test_the_catalog_compiles_without_a_warning(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_no_spanish_entry_is_empty_or_fuzzy():
    entries = _entries(PO)
    assert len(entries) > 5
    empty = [k for k, (s, _) in entries.items() if not s.strip()]
    fuzzy = [k for k, (_, f) in entries.items() if f]
    assert not empty, f"{len(empty)} entries have no Spanish, e.g. {empty[:5]}"
    assert not fuzzy, f"{len(fuzzy)} entries are fuzzy (a guess by msgmerge), e.g. {fuzzy[:5]}"


def test_the_spanish_keeps_every_placeholder():
    """A `%(name)s` or `{name}` lost in translation would show a raw code or crash a page."""
    entries = _entries(PO)
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = [k for k, (s, _) in entries.items() if sorted(placeholder.findall(k)) != sorted(placeholder.findall(s))]
    assert not wrong, f"placeholders differ in {wrong[:5]}"


def test_every_marked_string_has_its_spanish(tmp_path):
    """Gather the strings again from a copy of the code (makemessages rewrites the catalog it finds, so
    never the real one) and compare with the committed catalog."""
    for name in ("closeknit", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "closeknit.settings", "CLOSEKNIT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        check=True,
    )
    gathered = _entries(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po")
    committed = _entries(PO)
    missing = sorted(k for k in gathered if k not in committed)
    assert not missing, f"{len(missing)} marked strings are not in the catalog (run `make messages`): {missing[:8]}"
    untranslated = sorted(k for k, (s, f) in gathered.items() if not s.strip() or f)
    assert not untranslated, f"{len(untranslated)} strings have no Spanish: {untranslated[:8]}"
