"""Pages for wishes and boundaries. Forms work without JS; htmx only refreshes the shared part while
someone waits for their partner. Everything a page shows comes from selectors.view_for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.desires import selectors, services
from closeknit.desires.content import deck
from closeknit.safety import net


def _view(request: AuthedRequest) -> selectors.View:
    view = selectors.view_for(request.user)
    if view is None:
        raise Http404
    return view


def _page(request: HttpRequest, template: str, view: selectors.View, status: int = 200, **extra) -> HttpResponse:
    return render(request, template, {"view": view, "deck": deck(), **extra}, status=status)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    return _page(request, "desires/index.html", _view(request))


@login_required
def state(request: AuthedRequest) -> HttpResponse:
    """Polled while the page is open, so a reveal (or a change to it) shows up on both phones."""
    return _page(request, "desires/_state.html", _view(request))


@login_required
@require_POST
def adult(request: AuthedRequest) -> HttpResponse:
    view = _view(request)
    try:
        services.confirm_adult(user=request.user, confirmed=request.POST.get("confirmed") == "yes")
    except ServiceError as exc:
        return _page(request, "desires/index.html", view, status=exc.status, error=exc)
    return redirect("desires:index")


@login_required
@require_http_methods(["GET", "POST"])
def answers(request: AuthedRequest) -> HttpResponse:
    view = _view(request)
    if not view.adult or not view.partner_name:
        return redirect("desires:index")
    if request.method == "POST":
        marks = {i.id: request.POST[i.id] for i in deck().items if request.POST.get(i.id)}
        try:
            services.set_answers(user=request.user, answers=marks)
        except ServiceError as exc:
            return _page(request, "desires/answers.html", view, status=exc.status, error=exc, values=marks)
        messages.success(request, _("Saved. Only what you both welcome will ever be shown."))
        return redirect("desires:index")
    return _page(request, "desires/answers.html", view, values=view.mine)


@login_required
@require_POST
def add_boundary(request: AuthedRequest) -> HttpResponse:
    view = _view(request)
    try:
        row = services.add_boundary(
            user=request.user,
            text=request.POST.get("text", ""),
            shared=request.POST.get("shared") == "yes",
        )
    except ServiceError as exc:
        return _page(request, "desires/index.html", view, status=exc.status, boundary_error=exc)
    net.flash(request, getattr(row, "support", None))
    if selectors.view_for(request.user) is None:
        # The words themselves disclosed violence or control: this practice is now withheld from the space,
        # like all conflict work, so the help waits on Today rather than on a "not found".
        return redirect("home")
    return redirect("desires:index")


@login_required
@require_POST
def boundary(request: AuthedRequest, boundary_id: int) -> HttpResponse:
    _view(request)
    action = request.POST.get("action")
    try:
        if action == "delete":
            services.delete_boundary(user=request.user, boundary_id=boundary_id)
        elif action in ("share", "private"):
            services.share_boundary(user=request.user, boundary_id=boundary_id, shared=action == "share")
        else:
            raise ServiceError(_("Choose share, keep private or remove."), field="action")
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from None
        return _page(request, "desires/index.html", _view(request), status=exc.status, boundary_error=exc)
    return redirect("desires:index")


@login_required
def talk(request: AuthedRequest) -> HttpResponse:
    """The guided conversation, one step a page. Pause is a plain link, so it works on any phone."""
    view = _view(request)
    if not view.revealed:
        return redirect("desires:index")
    steps = deck().steps
    try:
        n = min(max(int(request.GET.get("step", 1)), 1), len(steps))
    except ValueError:
        n = 1
    return _page(
        request,
        "desires/talk.html",
        view,
        step=n,
        text=steps[n - 1],
        total=len(steps),
        paused=request.GET.get("pause") == "1",
    )
