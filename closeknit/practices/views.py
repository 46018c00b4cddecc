"""Pages of the practice library and the guided single-device flow. Thin: selectors read, services write."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.practices import concern, selectors, services
from closeknit.practices.library import BUDGETS, DRIVERS, MODES, DeckSet, library
from closeknit.safety import net

MODE_LABELS = {
    "together": gettext_lazy("Together"),
    "apart": gettext_lazy("Apart"),
    "solo": gettext_lazy("On your own"),
}
# Flows shown on a quiet, dim screen with little else on it.
CALM_KINDS = {"eye-contact", "mindfulness"}
TIME_LABELS = {
    "30-min": gettext_lazy("Half an hour"),
    "evening": gettext_lazy("An evening"),
    "day": gettext_lazy("A day"),
    "weekend": gettext_lazy("A weekend"),
}
BUDGET_LABELS = {
    "free": pgettext_lazy("budget", "free"),
    "low": pgettext_lazy("budget", "low"),
    "medium": pgettext_lazy("budget", "medium"),
}


def _practice(request: AuthedRequest, slug: str):
    try:
        return services.practice_or_404(request.user, slug)
    except ServiceError:
        raise Http404 from None


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    mode = request.GET.get("mode", "")
    by = request.GET.get("by", "driver")
    practices = selectors.catalogue(request.user)
    if mode in MODES:
        practices = [p for p in practices if mode in p.modes]
    groups: list[tuple[str, list]] = []
    if by == "length":
        lengths = ((_("5 minutes or less"), 0, 5), (_("Up to 15 minutes"), 6, 15), (_("Longer"), 16, 999))
        for label, low, high in lengths:
            groups.append((label, [p for p in practices if low <= p.duration_minutes <= high]))
    else:
        for slug, label in DRIVERS.items():
            # Each practice once, under the driver it serves first, so the list stays short.
            heading = _("When it's about %(driver)s") % {"driver": _(label)}
            groups.append((heading, [p for p in practices if p.drivers[0] == slug]))
    context = {
        "groups": [(label, items) for label, items in groups if items],
        "mode": mode,
        "by": by,
        "modes": MODE_LABELS,
        "open_run": selectors.open_run(request.user),
        "streaks": selectors.streaks(request.user),
        "week": selectors.week_summary(request.user),
        "conversation": _open_conversation(request),
    }
    return render(request, "practices/index.html", context)


def _open_conversation(request: AuthedRequest):
    from closeknit.practices.flows import conversation

    return conversation.open_for(request.user)


@login_required
def detail(request: AuthedRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug)
    deck = library().decks.get(practice.deck) if practice.deck else None
    has_partner = selectors.mode_for(request.user) == "together"
    return render(
        request,
        "practices/detail.html",
        {"practice": practice, "deck": deck, "has_partner": has_partner, "modes": MODE_LABELS},
    )


@login_required
def mind(request: AuthedRequest) -> HttpResponse:
    """The safety net reads the words first (practices.concern): help shown at once, conflict work withheld."""
    text = (request.GET.get("concern") or "")[:1000]
    found = concern.answer(request.user, text) if text.strip() else None
    context = {
        "concern": text,
        "result": found.suggestions if found else None,
        "safety_first": bool(found and found.safety_first),
        "support": net.card(found.support if found else [], country=request.user.country),
    }
    return render(request, "practices/mind.html", context)


@login_required
@require_POST
def start(request: AuthedRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug)
    if practice.kind == "hard-conversation" and request.POST.get("with_partner") == "1":
        return redirect("practices:talk_start", slug=slug)
    log = services.start(user=request.user, slug=practice.slug)
    return redirect("practices:run", log_id=log.pk)


def _remaining(log, seconds: int | None, now: dt.datetime) -> int | None:
    if not seconds:
        return None
    return max(0, seconds - int((now - log.step_started_at).total_seconds()))


@login_required
@require_http_methods(["GET", "POST"])
def run(request: AuthedRequest, log_id: int) -> HttpResponse:
    log = selectors.own_log(request.user, log_id)
    if log is None:
        raise Http404
    practice = library().get(log.slug)
    if practice is None:
        raise Http404
    if log.done and request.method == "GET":
        return redirect("practices:entry", log_id=log.pk)
    error = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "next":
                services.go_to_step(user=request.user, log_id=log.pk, step=min(log.step + 1, len(practice.steps)))
            elif action == "back":
                services.go_to_step(user=request.user, log_id=log.pk, step=max(log.step - 1, 0))
            elif action == "finish":
                finished = services.finish(
                    user=request.user,
                    log_id=log.pk,
                    reflection=request.POST.get("reflection", ""),
                    shared=request.POST.get("shared") == "1",
                    rating=request.POST.get("rating") or None,
                    felt_heard=request.POST.get("felt_heard") or None,
                    detail=request.POST.get("detail", ""),
                )
                net.flash(request, getattr(finished, "support", None))
                messages.success(request, _("Well done. It's in your practice log."))
                return redirect("practices:index")
            else:
                raise ServiceError(_("Please use the buttons on the page."))
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("practices:run", log_id=log.pk)
        log.refresh_from_db()
    now = timezone.now()
    at_end = log.step >= len(practice.steps)
    step = None if at_end else practice.steps[log.step]
    deck = library().decks.get(practice.deck) if practice.deck else None
    budget, length = request.GET.get("budget", ""), request.GET.get("time", "")
    idea_sets = []
    if deck is not None and deck.kind == "date-ideas":
        for deck_set in deck.sets:
            items = [
                i for i in deck_set.items if (not budget or i.budget == budget) and (not length or i.time == length)
            ]
            if items:
                idea_sets.append((deck_set, items))
    gesture_sets: tuple[DeckSet, ...] = ()
    if deck is not None and deck.kind == "gestures":
        gesture_sets = deck.sets[: selectors.gesture_sets_open(request.user)]
    context = {
        "gesture_sets": gesture_sets,
        "more_gestures": deck is not None and len(gesture_sets) < len(deck.sets),
        "idea_sets": idea_sets,
        "budget": budget,
        "length": length,
        "budgets": BUDGETS,
        "times": TIME_LABELS,
        "budget_labels": BUDGET_LABELS,
        "practice": practice,
        "log": log,
        "step": step,
        "number": log.step + 1,
        "total": len(practice.steps),
        "at_end": at_end,
        "remaining": _remaining(log, step.timer_seconds if step else None, now),
        "deck": deck,
        "show_deck": deck is not None and deck.kind != "phrases",
        "calm": practice.kind in CALM_KINDS and not at_end,
        "error": error,
        "values": request.POST if request.method == "POST" else {},
    }
    return render(request, "practices/run.html", context, status=status)


@login_required
def entry(request: AuthedRequest, log_id: int) -> HttpResponse:
    view = selectors.log_for(request.user, log_id)
    if view is None:
        raise Http404
    return render(request, "practices/entry.html", {"entry": view})


@login_required
def log(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "practices/log.html",
        {
            "entries": selectors.log_list(request.user, days=60),
            "streaks": selectors.streaks(request.user),
            "week": selectors.week_summary(request.user),
        },
    )


@login_required
@require_POST
def delete_entry(request: AuthedRequest, log_id: int) -> HttpResponse:
    """A person may take back any run of theirs; a partner's copy of it vanishes with it."""
    try:
        services.delete_log(user=request.user, log_id=log_id)
    except ServiceError:
        raise Http404 from None
    messages.success(request, _("That entry is deleted."))
    return redirect("practices:log")
