"""Reaching out and the private screen: public pages, reachable only with the person's own link."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from closeknit.clinic import screening
from closeknit.clinic.selectors import directory
from closeknit.clinic.services import intake as services
from closeknit.core.client_ip import client_ip
from closeknit.core.errors import NotFound, ServiceError
from closeknit.safety import net

FIELDS = ("name", "email", "partner_name", "partner_email", "message")


def client_key(request: HttpRequest) -> str:
    return client_ip(request)  # behind our proxy, the client's own address, not the proxy's


def reach_out(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        p = directory.profile(slug)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    values = {k: "" for k in FIELDS} | {"meeting": "online" if p.online else "in_person"}
    error, status = None, 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in FIELDS} | {"meeting": request.POST.get("meeting", "online")}
        try:
            _lead, screen = services.reach_out(
                clinician_slug=slug,
                online=values["meeting"] != "in_person",
                client_key=client_key(request),
                language=translation.get_language() or "en",
                **{k: values[k] for k in FIELDS},
            )
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            # The safety net: crisis words in the message bring help on the very next screen, to the
            # writer alone (anonymous here, so no alert is made; the therapist reads the message anyway).
            net.flash(request, net.screen(user=None, texts=[values["message"]], where="reach_out"))
            return redirect("clinic:screen", screen.token)
    return render(request, "clinic/reach_out.html", {"p": p, "values": values, "error": error}, status=status)


JUST_ANSWERED = "clinic:screen-just-answered"


@never_cache
def screen(request: HttpRequest, token: str) -> HttpResponse:
    """After answering, the result shows once, to the browser that sent the answers. Any later visit to
    the link (say, by someone who read the person's email) sees the same thank-you whatever the answers
    were, so the page never tells anyone else that a screen was positive."""
    try:
        s = services.screen_by_token(token)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    support = net.card(net.take_flash(request), country=getattr(request.user, "country", None))
    if s.answered_at and request.method != "POST":
        fresh = request.session.pop(JUST_ANSWERED, None) == s.pk
        return _done(request, s, fresh=fresh, support=support)
    values: Mapping[str, str]
    error, status, values = None, 200, {}
    if request.method == "POST":
        values = request.POST
        try:
            s = services.answer_screen(token=token, data=request.POST)
        except ServiceError as exc:
            error, status = exc, exc.status
            if exc.status == 409:
                return _done(request, s, fresh=False, error=exc, status=409)
        else:
            # Crisis words in the goals: help on the next screen, to this person alone (nobody to alert yet).
            net.flash(request, net.screen(user=None, texts=[request.POST.get("goals", "")], where="screen"))
            request.session[JUST_ANSWERED] = s.pk
            return redirect("clinic:screen", token)
    return render(
        request,
        "clinic/screen.html",
        {
            "s": s,
            "therapist": s.lead.clinician.user.name,
            "safety": screening.SAFETY,
            "coming": screening.COMING.items(),
            "values": values,
            "error": error,
            "support": support,
        },
        status=status,
    )


def _done(request: HttpRequest, s, *, fresh: bool, status: int = 200, **extra) -> HttpResponse:
    return render(
        request,
        "clinic/screen_done.html",
        {
            "s": s,
            "fresh": fresh,
            "positive": fresh and s.flagged,
            "partner": s.person == "a" and bool(s.lead.partner_email),
            **extra,
        },
        status=status,
    )


@never_cache
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """Taking a request back: a page that asks first (mail scanners open links; only a POST deletes)."""
    try:
        lead = services.lead_by_withdraw_token(token)
    except NotFound as exc:
        return render(request, "clinic/withdrawn.html", {"gone": exc.message}, status=404)
    error, status = None, 200
    if request.method == "POST":
        try:
            services.withdraw(token=token)
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return render(request, "clinic/withdrawn.html", {})
    booking = lead.screens.filter(person="a").values_list("token", flat=True).first()
    return render(
        request,
        "clinic/withdraw.html",
        {
            "lead": lead,
            "therapist": lead.clinician.user.name,
            "error": error,
            "booking_token": booking,
            "days": services.RETENTION_DAYS,
        },
        status=status,
    )
