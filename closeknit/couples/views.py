"""Pages of the shared space: make it, invite, join, leave."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors, services


def _invite_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("couples:join", args=[token])


@login_required
def space(request: AuthedRequest) -> HttpResponse:
    current = selectors.space_for(request.user)
    invite_link = _invite_link(current.open_invitation.token) if current and current.open_invitation else None
    return render(request, "couples/space.html", {"space": current, "invite_link": invite_link})


def _act(request: AuthedRequest, action, success: str) -> HttpResponse:
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
        response = space(request)
        response.status_code = exc.status
        return response
    messages.success(request, success)
    return redirect("couples:space")


@login_required
@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    return _act(
        request,
        lambda: services.create_space(user=request.user, name=request.POST.get("name", "")),
        _("Your space is ready."),
    )


@login_required
@require_POST
def invite(request: AuthedRequest) -> HttpResponse:
    def make() -> None:
        current = selectors.space_for(request.user)
        couple_id = current.couple.pk if current else services.create_space(user=request.user).pk
        services.create_invitation(user=request.user, couple_id=couple_id)

    return _act(request, make, _("Here is a fresh invitation. It works once and for seven days."))


@login_required
@require_POST
def first_invite(request: AuthedRequest) -> HttpResponse:
    """The first run's "Invite my partner": make the space if there is none, a fresh invitation, and go
    straight to sending it. One tap from Today to the phone's share sheet."""
    try:
        services.create_invitation(user=request.user, couple_id=services.ensure_space(user=request.user))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("couples:space")
    return redirect("couples:share")


@login_required
@require_POST
def start_alone(request: AuthedRequest) -> HttpResponse:
    """The first run's "Start on my own": a solo space, and Today without a word about anyone else."""
    services.ensure_space(user=request.user)
    return redirect("home")


# In the inviter's language: they send it as their own words (we cannot know the partner's yet).
SHARE_TEXT = gettext_lazy(
    "I'd love for us to try closeknit together: a few quiet minutes a day to check in with each other. "
    "This link is just for you and works once, for a week."
)


@login_required
def share(request: AuthedRequest) -> HttpResponse:
    """Send the open invitation: the phone's share sheet (Web Share API) with the link and a short warm
    text, a copy button where there is no share sheet, and the plain link for a page without script."""
    current = selectors.space_for(request.user)
    if current is not None and current.partner is not None:
        return redirect("home")
    invitation = current.open_invitation if current else None
    link = _invite_link(invitation.token) if invitation else None
    return render(request, "couples/share.html", {"invitation": invitation, "invite_link": link, "text": SHARE_TEXT})


@login_required
@require_POST
def revoke(request: AuthedRequest, invitation_id: int) -> HttpResponse:
    return _act(
        request,
        lambda: services.revoke_invitation(user=request.user, invitation_id=invitation_id),
        _("The invitation no longer works."),
    )


@login_required
@require_POST
def leave(request: AuthedRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm that you want to end this space."))
        response = space(request)
        response.status_code = 400
        return response
    return _act(
        request,
        lambda: services.leave_space(user=request.user),
        _("The space has ended. What you wrote stays with you."),
    )


@login_required
@require_POST
def join_code(request: AuthedRequest) -> HttpResponse:
    code = request.POST.get("code", "")
    if not code.strip():
        messages.error(request, _("Type the code your partner gave you."))
        response = space(request)
        response.status_code = 400
        return response
    return _act(
        request, lambda: services.accept_invitation(user=request.user, code=code), _("You joined your partner's space.")
    )


def join(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Someone without an account signs up first and comes straight back here."""
    try:
        invitation = services.check_invitation(token=token)
    except ServiceError as exc:
        return render(request, "couples/join.html", {"error": exc.message}, status=exc.status)
    inviter = invitation.created_by
    if not request.user.is_authenticated:
        request.session["after_login"] = request.path
        return render(request, "couples/join.html", {"invitation": invitation, "inviter": inviter})
    if request.method == "POST":
        try:
            services.accept_invitation(user=request.user, token=token)
        except ServiceError as exc:
            return render(
                request,
                "couples/join.html",
                {"invitation": invitation, "inviter": inviter, "error": exc.message},
                status=exc.status,
            )
        messages.success(request, _("You joined %(name)s's space. Welcome.") % {"name": inviter.name})
        return redirect("home")
    current = selectors.space_for(request.user)
    return render(request, "couples/join.html", {"invitation": invitation, "inviter": inviter, "current": current})
