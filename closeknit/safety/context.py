from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def safety(request: HttpRequest) -> dict:
    """Every page gets the quick-exit target; the crisis link is in the base template."""
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "QUICK_EXIT_HOLD": settings.QUICK_EXIT_HOLD}
