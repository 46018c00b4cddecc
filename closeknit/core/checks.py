"""System checks of our own.

Django's deploy checks W002 (clickjacking) and W003 (CSRF) look for their middleware by its dotted path, so
the page-only wrappers in core/lean.py would trip them although both protections run on every page. Those two
are silenced in settings, and this check takes their place: it fails unless each protection is in
MIDDLEWARE, by Django's own path or as a subclass (the wrappers subclass the real middleware).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

REQUIRED = {
    "closeknit.E001": (CsrfViewMiddleware, "form posts would not be checked for a CSRF token"),
    "closeknit.E002": (XFrameOptionsMiddleware, "pages would not refuse to be framed"),
}


@register()
def protections_in_middleware(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    loaded = [import_string(path) for path in settings.MIDDLEWARE]
    return [
        Error(f"{cls.__module__}.{cls.__name__} (or a subclass) is not in MIDDLEWARE: {why}.", id=code)
        for code, (cls, why) in REQUIRED.items()
        if not any(isinstance(m, type) and issubclass(m, cls) for m in loaded)
    ]
