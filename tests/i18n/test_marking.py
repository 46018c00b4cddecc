"""Strings are marked the way makemessages can see. Django's makemessages passes xgettext a fixed list of
keywords (`_`, `gettext`, `gettext_lazy`, `ngettext`, `pgettext`, `gettext_noop`...); a string marked through
an alias of its own (`gettext_lazy as _l`) is translated at run time only if someone put it in the catalog by
hand, and nobody did: the push notices went out in English that way. So no module imports a translation
function under a name other than its own or `_`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "closeknit"


def test_no_gettext_alias_hides_strings_from_makemessages():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                found += [
                    f"{path.relative_to(ROOT.parent)}: {a.name} as {a.asname}"
                    for a in node.names
                    if "gettext" in a.name and a.asname not in (None, "_")
                ]
    assert not found, found
