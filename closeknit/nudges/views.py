"""The notifications page (which notes may come to a phone) and the two JSON endpoints the page's
script calls to keep or drop this device's push subscription."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.nudges import push


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        push.set_choices(user=request.user, kinds={k for k in push.KINDS if request.POST.get(k) == "on"})
        messages.success(request, _("Notification choices saved."))
        return redirect("nudges:notifications")
    choice = push.choices_for(request.user)
    kinds = [(k, push.LABELS[k], getattr(choice, k)) for k in push.KINDS]
    context = {"kinds": kinds, "public_key": push.public_key(), "devices": push.devices_of(request.user)}
    return render(request, "nudges/notifications.html", context)


def _body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ServiceError(_("We could not read what this browser sent.")) from None
    if not isinstance(data, dict):
        raise ServiceError(_("We could not read what this browser sent."))
    return data


@login_required
@require_POST
def subscribe(request: AuthedRequest) -> JsonResponse:
    """Body: the browser's `PushSubscription.toJSON()` ({endpoint, keys: {p256dh, auth}})."""
    try:
        data = _body(request)
        raw_keys = data.get("keys")
        keys = raw_keys if isinstance(raw_keys, dict) else {}
        sub = push.subscribe(
            user=request.user, endpoint=data.get("endpoint"), p256dh=keys.get("p256dh"), auth=keys.get("auth")
        )
    except ServiceError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    push.remember_in_session(request.session, sub)
    return JsonResponse({"devices": push.devices_of(request.user)}, status=201)


@login_required
@require_POST
def unsubscribe(request: AuthedRequest) -> JsonResponse:
    """Body: {endpoint} for this device, or {all: true} for every device of the person."""
    try:
        data = _body(request)
        if data.get("all") is True:
            push.forget_devices(user=request.user)
        else:
            push.unsubscribe(user=request.user, endpoint=data.get("endpoint"))
    except ServiceError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    return JsonResponse({"devices": push.devices_of(request.user)})
