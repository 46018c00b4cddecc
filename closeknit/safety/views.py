from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from closeknit.safety import resources


def help_page(request: HttpRequest) -> HttpResponse:
    """Public on purpose: someone in crisis must not need an account to find a number."""
    requested = request.GET.get("country", "")
    own = request.user.country if request.user.is_authenticated else settings.DEFAULT_COUNTRY
    country = resources.for_country(requested or own)
    others = sorted(resources.countries().values(), key=lambda c: c.name)
    return render(request, "safety/help.html", {"country": country, "countries": others})


@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The no-script path of the Exit button: a redirect that leaves nothing of ours on screen."""
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Cache-Control"] = "no-store"
    return response


def away(request: HttpRequest) -> HttpResponse:
    """A plain, neutral page (a weather-style placeholder) that says nothing about relationships."""
    return render(request, "safety/away.html")
