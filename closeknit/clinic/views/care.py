"""Partners' pages about their care: join an episode, accept its agreement, choose what to share,
and see every time a clinician read something of theirs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from closeknit.accounts.http import AuthedRequest
from closeknit.clinic import policies
from closeknit.clinic.selectors import care as selectors
from closeknit.clinic.selectors import handover as handover_selectors
from closeknit.clinic.selectors import intensive as intensive_selectors
from closeknit.clinic.selectors import online as online_selectors
from closeknit.clinic.services import care as services
from closeknit.clinic.services import handover
from closeknit.core.errors import NotFound, ServiceError


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise NotFound() from None


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    error, status = None, 200
    if request.method == "POST":
        try:
            episode_id = _int(request.POST.get("episode"))
            action = request.POST.get("action")
            if action in ("handover_accept", "handover_decline"):
                accept = action == "handover_accept"
                handover.answer(
                    user=request.user, episode_id=episode_id, accept=accept, share=request.POST.getlist("share")
                )
                messages.success(
                    request, _("Thank you. Saved.") if accept else _("Care has ended. Thank you for saying.")
                )
            elif request.POST.get("action") == "acknowledge":
                services.acknowledge(user=request.user, episode_id=episode_id, policy=request.POST.get("policy", ""))
                messages.success(request, _("Thank you. You can now choose what to share."))
            else:
                category = request.POST.get("category", "")
                granted = request.POST.get("action") == "grant"
                services.set_consent(user=request.user, episode_id=episode_id, category=category, granted=granted)
                messages.success(
                    request,
                    _("Saved. Sharing starts now.") if granted else _("Stopped. From now on it stays with you."),
                )
        except NotFound as exc:
            return render(request, "404.html", {"message": exc.message}, status=404)
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("clinic:care")
    episodes = selectors.episodes_for_partner(request.user)
    asked = handover_selectors.waiting_for_partner(request.user, [e.episode for e in episodes])
    intensives = intensive_selectors.intensives_for_couple(request.user)
    for e in episodes:
        e.policy_text = policies.text(e.episode.policy, e.episode.clinician.user.name)  # type: ignore[attr-defined]  # set for the page only
        e.intensives = [i for i in intensives if i.episode_id == e.episode.pk]  # type: ignore[attr-defined]  # set for the page only
    return render(
        request,
        "clinic/care.html",
        {
            "episodes": episodes,
            "sessions": online_selectors.upcoming_for_partner(request.user),
            "log": selectors.my_access_log(request.user),
            "asked": asked,
            "error": error,
        },
        status=status,
    )


@login_required
def join(request: AuthedRequest, token: str) -> HttpResponse:
    try:
        episode = services.episode_by_token(token)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    error, status = None, 200
    if request.method == "POST":
        try:
            services.join_episode(user=request.user, token=token)
        except NotFound as exc:
            return render(request, "404.html", {"message": exc.message}, status=404)
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("clinic:care")
    return render(request, "clinic/join.html", {"episode": episode, "error": error}, status=status)


@login_required
def intensive_calendar(request: AuthedRequest, intensive_id: int) -> HttpResponse:
    """The couple's intensive as a calendar file for their own calendar (titles and times only)."""
    from closeknit.clinic.ics import intensive_calendar as build
    from closeknit.core.time import zone

    try:
        view = intensive_selectors.intensive_for_couple(request.user, intensive_id)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    body = build(
        intensive_id=view.id,
        name=view.name,
        blocks=[(b.id, b.start, b.end, b.calendar_title) for d in view.days for b in d.blocks if not b.is_break],
        tz=zone(view.zone),
        cancelled=False,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="our-intensive-{view.id}.ics"'
    return response
