"""The person's own settings: profile and reminders. Account security pages come from allauth."""

from __future__ import annotations

import datetime as dt

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from closeknit.accounts import exports, selectors, services
from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.core.time import all_zones
from closeknit.nudges import services as nudges
from closeknit.safety.resources import countries


@login_required
def settings_home(request: AuthedRequest) -> HttpResponse:
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    reminder = nudges.reminder_for(request.user)
    return render(request, "accounts/settings.html", {"has_totp": has_totp, "reminder": reminder})


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    user = request.user
    error = None
    status = 200
    values = {f: getattr(user, f) for f in services.PROFILE_FIELDS}
    if request.method == "POST":
        changes = {f: request.POST.get(f, "") for f in services.PROFILE_FIELDS if f in request.POST}
        values.update(changes)
        try:
            services.update_profile(user=user, changes=changes)
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            # Said in the language just chosen: the very next page speaks it, so its first word does too.
            with translation.override(user.language):
                messages.success(request, _("Saved."))
            return redirect("accounts:settings")
    context = {
        "values": values,
        "error": error,
        "zones": all_zones(),
        # Each language in its own name ("Español", never "Spanish"), whatever language the page is in.
        "languages": [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES],
        "countries": sorted(countries().values(), key=lambda c: c.shown_name),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def reminders(request: AuthedRequest) -> HttpResponse:
    reminder = nudges.reminder_for(request.user)
    error = None
    status = 200
    if request.method == "POST":
        raw = request.POST.get("local_time", "")
        try:
            at = dt.time.fromisoformat(raw)
        except ValueError:
            error, status = _("Please give a time of day, such as 20:00."), 400
        else:
            nudges.set_reminder(
                user=request.user,
                enabled=request.POST.get("enabled") == "on",
                local_time=at,
                partner_nudges=request.POST.get("partner_nudges") == "on",
            )
            messages.success(request, _("Reminder settings saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/reminders.html", {"reminder": reminder, "error": error}, status=status)


@login_required
def export(request: AuthedRequest, fmt: str) -> HttpResponse:
    data = selectors.export_for(request.user)
    stamp = timezone.now().strftime("%Y-%m-%d")
    if fmt == "json":
        response = HttpResponse(exports.as_json(data), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(exports.as_html(data), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="closeknit-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete(request: AuthedRequest) -> HttpResponse:
    error = None
    status = 200
    if request.method == "POST":
        try:
            services.delete_account(user=request.user, password=request.POST.get("password", ""))
        except ServiceError as exc:
            error, status = exc.message, exc.status
        else:
            language = translation.get_language()
            logout(request)
            with translation.override(language):
                messages.success(request, _("Your account and everything you wrote are deleted."))
            return redirect("home")
    return render(request, "accounts/delete.html", {"error": error}, status=status)
