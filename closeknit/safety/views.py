from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from closeknit.safety import resources
from closeknit.safety.middleware import EXIT_COOKIE, away_response


def help_page(request: HttpRequest) -> HttpResponse:
    """Public on purpose: someone in crisis must not need an account to find a number."""
    country = resources.for_request(request)
    others = sorted(resources.countries().values(), key=lambda c: c.shown_name)
    context = {
        "country": country,
        "countries": others,
        "lang": resources.language_of(request),
        "shown_zone": resources.shown_zone(request),
        "unlisted": resources.unlisted_country(request),
    }
    return render(request, "safety/help.html", context)


@never_cache
def safety_plan(request: HttpRequest) -> HttpResponse:
    """Public like the help page, and never cached: someone planning to stay safe may share a device.
    Our own words; the lines shown are the violence lines for the person's country."""
    country = resources.for_request(request)
    lines = [r for r in country.resources if r.kind == "violence"]
    context = {
        "country": country,
        "lines": lines,
        "lang": resources.language_of(request),
        "shown_zone": resources.shown_zone(request),
    }
    return render(request, "safety/safety_plan.html", context)


@csrf_exempt
@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the session and leave; never refused, whatever the method, token or login state.

    The page's script posts here in the background (a beacon, answered 204) while it replaces itself with
    the neutral page; without a script the Exit link lands here and is sent on with a redirect. Either way
    the session is gone on the server, and the exit cookie keeps this browser from walking back into our
    pages for a while (closeknit.safety.middleware). No CSRF check: a check that fails would keep someone
    on our page at the worst moment, and the worst a forged exit can do is sign a person out.
    """
    logout(request)
    if request.method == "POST":
        response: HttpResponse = HttpResponse(status=204)
        # Whatever the browser kept for our address (storage, cached files) goes too. Not on the redirect:
        # clearing the cache can hold a response up, and the no-script path must leave at once.
        response["Clear-Site-Data"] = '"cache", "storage"'
    else:
        response = away_response()
    response["Cache-Control"] = "no-store"
    if settings.QUICK_EXIT_HOLD > 0:
        response.set_cookie(
            EXIT_COOKIE,
            "1",
            max_age=settings.QUICK_EXIT_HOLD,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # the page's script reads it when the browser restores a page from memory
        )
    return response


@require_POST
def not_about_me(request: HttpRequest) -> HttpResponse:
    """ "This isn't about me" on a card that was only shown, not kept: it goes away, nothing learns."""
    from django.contrib import messages
    from django.utils.http import url_has_allowed_host_and_scheme

    from closeknit.safety import net

    net.take_flash(request)
    messages.success(request, _("Thanks for letting us know. The help lines stay under Get help now."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    return HttpResponseRedirect(target)
