"""Pages for closeness questions and the emotional map: answer privately, then see both together."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from closeknit.accounts.http import AuthedRequest
from closeknit.checkins import feelings
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors as couples
from closeknit.practices import services
from closeknit.practices.flows import paired
from closeknit.safety import net


def _offered(request: AuthedRequest, slug: str) -> None:
    try:
        services.practice_or_404(request.user, slug)
    except ServiceError:
        raise Http404 from None


@login_required
def questions(request: AuthedRequest) -> HttpResponse:
    _offered(request, paired.QUESTIONS)
    deck = paired.deck_of(paired.QUESTIONS)
    return render(
        request,
        "practices/questions.html",
        {"deck": deck, "states": paired.question_states(request.user), "partner": couples.partner_of(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question(request: AuthedRequest, item: str) -> HttpResponse:
    _offered(request, paired.QUESTIONS)
    deck = paired.deck_of(paired.QUESTIONS)
    card = deck.item(item)
    if card is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            row = paired.answer_question(user=request.user, item=item, text=request.POST.get("text", ""))
        except ServiceError as exc:
            error = exc
        else:
            net.flash(request, getattr(row, "support", None))
            return redirect("practices:question", item=item)
    pair = paired.question(request.user, item)
    assert pair is not None  # None only for an unknown card, refused above
    context = {
        "card": card,
        "set": next(s for s in deck.sets if card in s.items),
        "pair": pair,
        "error": error,
        "editing": request.GET.get("edit") == "1" or pair.mine is None,
        "partner": couples.partner_of(request.user),
    }
    return render(request, "practices/question.html", context, status=error.status if error else 200)


def _map_context(request: AuthedRequest) -> dict:
    pair = paired.map_for(request.user)
    needs_deck = paired.deck_of(paired.MAP)
    return {
        "pair": pair,
        "families": feelings.families(),
        "needs_deck": needs_deck,
        "partner": couples.partner_of(request.user),
        "last": paired.last_revealed(request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def emotional_map(request: AuthedRequest) -> HttpResponse:
    _offered(request, paired.MAP)
    error = None
    if request.method == "POST":
        data = {
            "surface": request.POST.getlist("surface"),
            "underneath": request.POST.getlist("underneath"),
            "needs": request.POST.getlist("needs"),
            "note": request.POST.get("note", ""),
        }
        try:
            row = paired.place_map(user=request.user, data=data)
        except ServiceError as exc:
            error = exc
        else:
            net.flash(request, getattr(row, "support", None))
            messages.success(request, _("Your map is placed. It stays private until you both have placed yours."))
            return redirect("practices:map")
    context = {**_map_context(request), "error": error, "values": request.POST}
    if context["last"] is not None and context["pair"].mine is None and request.GET.get("new") != "1":
        context["show_last"] = True
    return render(request, "practices/map.html", context, status=error.status if error else 200)


@login_required
def map_state(request: AuthedRequest) -> HttpResponse:
    """Polled while waiting for the partner; swaps in the side-by-side view once both are placed."""
    _offered(request, paired.MAP)
    context = _map_context(request)
    last = context["last"]
    if context["pair"].mine is None and last is not None:
        context["pair"] = last
    return render(request, "practices/_map_pair.html", context)
