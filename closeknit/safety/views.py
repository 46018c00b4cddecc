from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from closeknit.safety import resources


def help_page(request: HttpRequest) -> HttpResponse:
    """Public on purpose: someone in crisis must not need an account to find a number."""
    requested = request.GET.get("country", "")
    own = request.user.country if request.user.is_authenticated else settings.DEFAULT_COUNTRY
    country = resources.for_country(requested or own)
    others = sorted(resources.countries().values(), key=lambda c: c.name)
    return render(request, "safety/help.html", {"country": country, "countries": others})


@never_cache
def safety_plan(request: HttpRequest) -> HttpResponse:
    """Public like the help page, and never cached: someone planning to stay safe may share a device.
    Our own words; the lines shown are the violence lines for the person's country."""
    requested = request.GET.get("country", "")
    own = request.user.country if request.user.is_authenticated else settings.DEFAULT_COUNTRY
    country = resources.for_country(requested or own)
    lines = [r for r in country.resources if r.kind == "violence"]
    return render(request, "safety/safety_plan.html", {"country": country, "lines": lines})


@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The no-script path of the Exit button: a redirect that leaves nothing of ours on screen."""
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Cache-Control"] = "no-store"
    return response


def away(request: HttpRequest) -> HttpResponse:
    """A plain, neutral page (a weather-style placeholder) that says nothing about relationships."""
    return render(request, "safety/away.html")


@require_POST
def not_about_me(request: HttpRequest) -> HttpResponse:
    """ "This isn't about me" on a card that was only shown, not kept: it goes away, nothing learns."""
    from django.contrib import messages
    from django.utils.http import url_has_allowed_host_and_scheme

    from closeknit.safety import net

    net.take_flash(request)
    messages.success(request, "Thanks for letting us know. The help lines stay under Get help now.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    return HttpResponseRedirect(target)
