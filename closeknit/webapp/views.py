"""closeknit on the home screen: the web app manifest, the service worker and the offline page.

The worker keeps only what is the same for everyone: the offline page (rendered as for a stranger) and
the static files it needs. Signed-in pages and API answers are never stored on the phone: a shared
phone must hold nothing of a person's after the quick exit, and every page already says `no-store`.
The worker is served from the site's root so that its scope is the whole site; it is a template so
that it learns the static files' (hashed) addresses, and its bytes change when they do, which is
what makes browsers install the new version.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from closeknit.core.languages import speaks

# Matches static/css/app.css: the light page colour and the terracotta accent.
BACKGROUND = "#fbf8f4"
THEME = "#fbf8f4"
# What the offline page needs to look like the rest of closeknit.
SHELL_STATIC = ("css/app.css", "js/app.js", "js/outbox.js", "img/icon.svg", "img/icon-192.png")
ICONS = (
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
)


def manifest_language(request: HttpRequest) -> str:
    """The manifest's language comes from its address alone (?lang=es; none means English), never from
    cookies or headers: it is cached publicly for an hour, and the address is the whole cache key, so a
    shared cache can never hand one person's language to another. base.html links each page's own."""
    asked = request.GET.get("lang", "")
    return asked if speaks(asked) else "en"


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    lang = manifest_language(request)
    with translation.override(lang):
        description = translation.gettext("Small daily steps for couples, and for the therapists who work with them.")
    body = {
        "name": "closeknit",
        "short_name": "closeknit",
        "description": description,
        "id": "/",
        "start_url": "/?source=home-screen",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "lang": lang,
        "dir": "ltr",
        "icons": [
            *({"src": static(path), "sizes": size, "type": "image/png", "purpose": use} for path, size, use in ICONS),
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    response = HttpResponse(json.dumps(body, indent=1), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    offline_url = reverse("webapp:offline")
    shell = [offline_url, *(static(path) for path in SHELL_STATIC)]
    context = {
        "shell_json": json.dumps(shell),
        "offline_json": json.dumps(offline_url),
        "checkin_json": json.dumps(reverse("checkins:checkin")),
    }
    body: str = render_to_string("webapp/sw.js", context)
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = body.replace("__VERSION__", version)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on each visit; never answer that check from a cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows when the network is away. Always rendered as for someone not signed in,
    whoever asks: the worker keeps this copy on the phone, so it must carry no one's name or menu."""
    request.user = AnonymousUser()
    return render(request, "webapp/offline.html", {"csrf_token": ""})
