"""Gratitude (quick appreciations the partner sees, and a weekly look back) and reminiscing (a
shared timeline of moments). Both are notes: shared with the partner unless kept private."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors as couples
from closeknit.practices import selectors, services
from closeknit.practices.flows import coach
from closeknit.practices.library import library
from closeknit.practices.models import Note
from closeknit.safety import net


def _handle(request: AuthedRequest, kind: str, text: str | None = None) -> ServiceError | None:
    if request.POST.get("delete"):
        try:
            services.delete_note(user=request.user, note_id=int(request.POST["delete"]))
        except (ServiceError, ValueError):
            return ServiceError(_("We could not find that note."))
        return None
    happened = None
    raw = request.POST.get("happened_on", "")
    if raw:
        try:
            happened = dt.date.fromisoformat(raw)
        except ValueError:
            return ServiceError(_("Please give a date like 2024-06-01, or leave it empty."), field="happened_on")
    try:
        note = services.add_note(
            user=request.user,
            kind=kind,
            text=request.POST.get("text", "") if text is None else text,
            shared=request.POST.get("private") != "1",
            happened_on=happened,
        )
    except ServiceError as exc:
        return exc
    net.flash(request, getattr(note, "support", None))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def gratitude(request: AuthedRequest) -> HttpResponse:
    values: Mapping[str, str]
    error, coached, values = None, None, request.POST
    if request.method == "POST":
        gate = None
        if not request.POST.get("delete") and request.POST.get("private") != "1":
            # Written to the partner: the coach looks first.
            gate = coach.gate(request.POST, "text", thanks=True, language=request.user.language)
            coached, values = gate.panel, {**request.POST.dict(), "text": gate.text}
        if gate is None or gate.proceed:
            error = _handle(request, Note.GRATITUDE, text=gate.text if gate else None)
            if error is None:
                messages.success(request, _("Saved. Small thanks add up."))
                return redirect("practices:gratitude")
    week = selectors.notes(request.user, Note.GRATITUDE, days=6)
    context = {
        "error": error,
        "partner": couples.partner_of(request.user),
        "mine": [n for n in week if n.is_mine],
        "theirs": [n for n in week if not n.is_mine],
        "older": [n for n in selectors.notes(request.user, Note.GRATITUDE) if n not in week][:30],
        "values": values,
        "coach": coached,
        "coach_held": coach.held(coached),
    }
    return render(request, "practices/gratitude.html", context, status=error.status if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def moments(request: AuthedRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        error = _handle(request, Note.MOMENT)
        if error is None:
            messages.success(request, _("Added to your timeline."))
            return redirect("practices:moments")
    items = selectors.notes(request.user, Note.MOMENT)
    items.sort(key=lambda n: n.happened_on or n.local_date, reverse=True)
    deck = library().decks["remembering"]
    context = {"error": error, "moments": items, "deck": deck, "values": request.POST}
    return render(request, "practices/moments.html", context, status=error.status if error else 200)
