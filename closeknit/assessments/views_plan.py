"""Pages for the couple's results: the report, the plan and progress. Thin: the modules report, planning and
progress read through selectors (and so through access.assessments); services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedPageRequest, AuthedRequest
from closeknit.assessments import definitions, planning, progress, report, services, ticks
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors as couples


@login_required
def report_page(request: AuthedRequest) -> HttpResponse:
    rep = report.report_for(request.user)
    return render(request, "assessments/report.html", {"report": rep, "partner": rep.partner})


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    user = request.user
    error: ServiceError | None = None
    status = 200
    if request.method == "POST":
        try:
            services.choose_goals(user=user, goals=request.POST.getlist("goals"))
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Your plan is ready. Start with this week's first step."))
            return redirect("assessments:plan")
    view = planning.plan_for(user)
    drivers = definitions.get("distance-drivers")
    context = {
        "view": view,
        "week": view.week,
        "partner": couples.partner_of(user),
        "drivers": drivers.subscales,
        "picked": request.POST.getlist("goals")
        if error
        else (view.plan.goals if view.plan else [d.key for d in view.ranked[:2]]),
        "error": error,
        "changing": request.GET.get("change") == "1" or error is not None,
        "care_steps": planning.care_steps_for(user),
    }
    return render(request, "assessments/plan.html", context, status=status)


@login_required
@require_POST
def end_care_step(request: AuthedRequest, step_id: int) -> HttpResponse:
    """Either partner may take a therapist's step off their plan."""
    try:
        services.end_care_step(user=request.user, step_id=step_id)
    except ServiceError as exc:
        return render(request, "404.html", {"message": exc.message}, status=exc.status)
    messages.success(request, _("Done. That practice is off your plan; you can still find it in Practices."))
    return redirect("assessments:plan")


@login_required
def progress_page(request: AuthedRequest) -> HttpResponse:
    scales = {slug: request.GET.get(slug, "") for slug in progress.TRACKED}
    tracks = progress.progress_for(request.user, scales)
    context = {"tracks": tracks, "partner": couples.partner_of(request.user)}
    return render(request, "assessments/progress.html", context)


@login_required
@require_POST
def tick_step(request: AuthedPageRequest, key: str) -> HttpResponse:
    """Tick a plan step off (done=1) or take the tick back (done=0), from Today or the plan page. A plain
    form: without script it posts and comes back; with htmx the card swaps itself from the same page."""
    try:
        ticked = ticks.tick_plan_step(user=request.user, key=key, done=request.POST.get("done") != "0")
    except ServiceError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    if not request.htmx:
        messages.success(request, _("Ticked off for today. Nicely done.") if ticked else _("The tick is taken back."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "assessments:plan"
    return redirect(back)
