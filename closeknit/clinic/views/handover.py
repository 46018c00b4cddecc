"""Desk pages for handing care over: the episodes a person may hand over, and the form for one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from closeknit.access import clinic as rules
from closeknit.accounts.http import AuthedRequest
from closeknit.clinic.selectors import desk as desk_selectors
from closeknit.clinic.selectors import handover as selectors
from closeknit.clinic.services import handover as services
from closeknit.clinic.views.desk import render_lead, staff_required
from closeknit.core.errors import NotFound, ServiceError


@staff_required
def handovers(request: AuthedRequest) -> HttpResponse:
    episodes = selectors.episodes_to_hand_over(request.user)
    if not episodes and not rules.own_profile(request.user):
        raise NotFound()
    return render(request, "clinic/desk/handovers.html", {"episodes": episodes})


@staff_required
def hand_over(request: AuthedRequest, episode_id: int) -> HttpResponse:
    episode = selectors.episode_to_hand_over(request.user, episode_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            to = int(request.POST.get("to") or "0")
        except ValueError:
            to = 0
        try:
            services.hand_over(user=request.user, episode_id=episode.pk, to_clinician_id=to)
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Handed over. Each partner is told and chooses again what to share."))
            return redirect("clinic:handovers")
    return render(
        request,
        "clinic/desk/handover.html",
        {"episode": episode, "colleagues": selectors.colleagues(episode), "error": error},
        status=status,
    )


@staff_required
def hand_over_lead(request: AuthedRequest, lead_id: int) -> HttpResponse:
    """POST only (the form sits on the lead's page). A refusal shows that page again with the reason."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    view = desk_selectors.lead_for(request.user, lead_id)
    try:
        to = int(request.POST.get("to") or "0")
    except ValueError:
        to = 0
    try:
        lead = services.hand_over_lead(user=request.user, lead_id=lead_id, to_clinician_id=to)
    except ServiceError as exc:
        return render_lead(request, view, handover_error=exc)
    messages.success(
        request,
        _("Handed over to %(name)s. A booked first conversation keeps its time.") % {"name": lead.clinician.user.name},
    )
    if rules.can_see_lead(request.user, lead):
        return redirect("clinic:lead", lead.pk)
    return redirect("clinic:dashboard")
