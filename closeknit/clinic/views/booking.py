"""Picking, moving or cancelling a first conversation, from a partner's own private link."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from closeknit.clinic import visitor
from closeknit.clinic.selectors import online, schedule
from closeknit.clinic.services import booking
from closeknit.clinic.services.intake import partner_reachable, screen_by_token
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.time import zone


def parse_start(value: str) -> dt.datetime:
    try:
        start = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Please pick one of the times shown."), field="start") from None
    if start.tzinfo is None:
        raise ServiceError(_("Please pick one of the times shown."), field="start")
    return start


@never_cache
def book(request: HttpRequest, token: str) -> HttpResponse:
    try:
        s = screen_by_token(token)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    lead = s.lead
    error, status = None, 200
    # "you both" only when both are written to: a partner the writer's screen kept out gets nothing.
    both = partner_reachable(lead)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                booking.cancel(token=token)
                done = (
                    _("Your first conversation is cancelled. We've emailed you both.")
                    if both
                    else _("Your first conversation is cancelled. We've emailed you.")
                )
            else:
                start = parse_start(request.POST.get("start", ""))
                if booking.current(lead) is None:
                    booking.book(token=token, start=start)
                    done = (
                        _("Booked. We've emailed you both a confirmation with a calendar invite.")
                        if both
                        else _("Booked. We've emailed you a confirmation with a calendar invite.")
                    )
                else:
                    booking.reschedule(token=token, start=start)
                    done = (
                        _("Moved. We've emailed you both the new time.")
                        if both
                        else _("Moved. We've emailed you the new time.")
                    )
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            from django.contrib import messages

            messages.success(request, done)
            return redirect("clinic:book", token)
    clinician = lead.clinician
    # On the visitor's own clock (their browser's zone, else their account's), else the therapist's;
    # the page names the clock it uses and where the therapist is.
    clock = visitor.clock(request, clinician.user.timezone)
    tz = zone(clock.zone)
    slots = [t.astimezone(tz) for t in schedule.open_slots(clinician, days=14)]
    days = [(d, list(ts)) for d, ts in groupby(slots, key=lambda t: t.date())]
    appt = booking.current(lead)
    return render(
        request,
        "clinic/book.html",
        {
            "s": s,
            "lead": lead,
            "p": clinician,
            "tz": clock.zone,
            "clock": clock,
            "therapist_place": visitor.place(clinician.user.timezone),
            "days": days,
            "appt": appt,
            "appt_local": appt.start.astimezone(tz) if appt else None,
            "join": online.join_for(appt, screen=s),
            "error": error,
        },
        status=status,
    )
