"""Pages of the check-ups: the list, an instrument's page, the form (a few questions per screen,
plain HTML that works without script) and a result. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.assessments import reliability, selectors, services
from closeknit.assessments.models import Administration
from closeknit.assessments.schema import Instrument, Visibility
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors as couples

PER_PAGE = 4


def _instrument(slug: str) -> Instrument:
    try:
        return services.instrument_for_taking(slug)
    except NotFound:
        raise Http404(_("We could not find that questionnaire.")) from None


@login_required
def checkups(request: AuthedRequest) -> HttpResponse:
    return render(request, "assessments/checkups.html", {"checkups": selectors.checkups_for(request.user)})


@login_required
def instrument(request: AuthedRequest, slug: str) -> HttpResponse:
    inst = _instrument(slug)
    alphas = reliability.instrument_alphas(inst, selectors.alpha_answers(slug))
    context = {
        "instrument": inst,
        "alphas": list(alphas.values()),
        "min_n": reliability.DEFAULT_MIN_N,
        "enough": any(a.alpha is not None for a in alphas.values()),
        "private": inst.results_visibility is Visibility.PRIVATE,
        "mine": selectors.my_results(request.user, slug=slug, limit=5),
        "draft": selectors.draft_for(request.user, slug),
        "partner": couples.partner_of(request.user),
    }
    return render(request, "assessments/instrument.html", context)


def _pages(inst: Instrument) -> list[tuple]:
    items = inst.items
    return [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]


@login_required
def take(request: AuthedRequest, slug: str) -> HttpResponse:
    inst = _instrument(slug)
    pages = _pages(inst)
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), len(pages))
    except ValueError:
        page = 1
    user = request.user
    error: ServiceError | None = None
    status = 200
    draft: Administration | None
    if request.method == "POST":
        draft = services.start(user=user, slug=slug)
        items = pages[page - 1]
        data: dict[str, float | int | str] = {}
        for item in items:
            raw = request.POST.get(item.id, "").strip()
            if raw:
                try:
                    data[item.id] = float(raw) if "." in raw else int(raw)
                except ValueError:
                    data[item.id] = raw  # refused by the service with a message naming the question
        try:
            services.answer(user=user, administration_id=draft.pk, answers=data, required=[i.id for i in items])
            if page < len(pages):
                return redirect(f"{request.path}?page={page + 1}")
            adm = services.submit(user=user, administration_id=draft.pk)
        except ServiceError as exc:
            error, status = exc, exc.status
            values = {**draft.answers, **data}
        else:
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("assessments:result", administration_id=adm.pk)
    else:
        draft = selectors.draft_for(user, slug)
        values = dict(draft.answers) if draft else {}
    questions = [
        {
            "item": item,
            "value": values.get(item.id),
            "error": error.message if error and error.field == item.id else None,
        }
        for item in pages[page - 1]
    ]
    every = [i.id for items in pages for i in items]
    context = {
        "instrument": inst,
        "questions": questions,
        # Progress counts answers, not pages: page 1 of 1 is not "done" before a single answer.
        "answered": sum(1 for i in every if values.get(i) is not None),
        "answered_elsewhere": sum(1 for i in every if values.get(i) is not None)
        - sum(1 for q in questions if q["value"] is not None),
        "total": len(every),
        "page": page,
        "pages": len(pages),
        "last": page == len(pages),
        "error": error,
        "partner": couples.partner_of(user),
        "private": inst.results_visibility is Visibility.PRIVATE,
    }
    return render(request, "assessments/take.html", context, status=status)


@login_required
def result(request: AuthedRequest, administration_id: int) -> HttpResponse:
    return _result_page(request, administration_id)


def _result_page(request: AuthedRequest, administration_id: int, error: ServiceError | None = None) -> HttpResponse:
    view = selectors.result_for(request.user, administration_id)
    if view is None:
        raise Http404(_("We could not find that result."))
    context = {
        "result": view,
        "items": view.answer_rows,
        "private": view.instrument.results_visibility is Visibility.PRIVATE,
        "partner": couples.partner_of(request.user),
        "error": error,
    }
    return render(request, "assessments/result.html", context, status=error.status if error else 200)


@require_POST
@login_required
def share(request: AuthedRequest, administration_id: int) -> HttpResponse:
    """The author's toggle: share my single answers with my partner, or stop. A plain form post."""
    shared = request.POST.get("shared", "")
    if shared not in ("yes", "no"):
        return _result_page(
            request, administration_id, ServiceError(_("Please choose to share or not."), field="shared")
        )
    try:
        services.share_answers(user=request.user, administration_id=administration_id, shared=shared == "yes")
    except NotFound:
        raise Http404(_("We could not find that result.")) from None
    except ServiceError as exc:
        return _result_page(request, administration_id, exc)
    partner = couples.partner_of(request.user)
    if shared == "yes":
        who = partner.name if partner else _("your partner")
        messages.success(
            request, _("Your answers are shared with %(who)s. They will see them next to your scores.") % {"who": who}
        )
    else:
        who = partner.name if partner else _("Your partner")
        messages.success(request, _("Your answers are yours alone again. %(who)s no longer sees them.") % {"who": who})
    return redirect("assessments:result", administration_id=administration_id)
