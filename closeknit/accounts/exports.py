"""The export in two open formats: JSON for machines, a single self-contained HTML page for people."""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_html(data: dict[str, Any]) -> str:
    return render_to_string("accounts/export.html", {"data": data})
