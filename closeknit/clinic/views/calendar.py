"""The clinician's calendar (week and day), moving a session from it, and the private calendar feed."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from closeknit.access import clinic as rules
from closeknit.accounts.http import AuthedRequest
from closeknit.clinic import ics
from closeknit.clinic.selectors import calendar as selectors
from closeknit.clinic.selectors import online, schedule
from closeknit.clinic.services import booking
from closeknit.clinic.services import calendar_feed as feed_services
from closeknit.clinic.views.booking import parse_start
from closeknit.clinic.views.desk import staff_required
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.time import zone

BAD_DATE = gettext_lazy("Please give a date like 2027-03-15.")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(str(BAD_DATE), field="date") from None


def _clinician_id(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise NotFound(_("We could not find that calendar."))
    return int(value)


def _page(request: AuthedRequest, mode: str, *, secret: str = "", status: int = 200) -> HttpResponse:
    try:
        day = _date(request.GET.get("date"))
    except ServiceError as exc:
        return render(request, "clinic/desk/calendar.html", {"error": exc, "week": None}, status=400)
    week = selectors.week_for(
        request.user, clinician_id=_clinician_id(request.GET.get("clinician")), day=day, mode=mode
    )
    own = rules.own_profile(request.user)
    joins: dict[int | None, online.Join | None] = {}  # looked up by an event's appointment_id, which may be None
    if week.is_own:
        for d in week.days:
            for e in d.events:
                if e.kind == "session" and e.online and e.appointment_id:
                    appt = booking.Appointment.objects.select_related("clinician__user").get(pk=e.appointment_id)
                    joins[e.appointment_id] = online.join_for(appt, user=request.user)
    for d in week.days:
        for e in d.events:
            e.join = joins.get(e.appointment_id)  # type: ignore[attr-defined]  # set for the page only
    feed_url = ""
    if secret:
        feed_url = settings.SITE_URL.rstrip("/") + reverse("clinic:calendar_feed", args=[secret])
    return render(
        request,
        "clinic/desk/calendar.html",
        {
            "week": week,
            "own": own,
            "has_feed": selectors.has_feed(own) if own and week.is_own else False,
            "feed_url": feed_url,
            "error": None,
        },
        status=status,
    )


@staff_required
def week(request: AuthedRequest) -> HttpResponse:
    return _page(request, "week")


@staff_required
def day(request: AuthedRequest) -> HttpResponse:
    return _page(request, "day")


@staff_required
def feed_manage(request: AuthedRequest) -> HttpResponse:
    """POST only: "new" shows the fresh address once (on this response, never stored in a cookie);
    "stop" ends it."""
    if request.method != "POST":
        return redirect("clinic:calendar")
    if request.POST.get("action") == "stop":
        feed_services.revoke(user=request.user)
        from django.contrib import messages

        messages.success(request, _("Your calendar address is stopped. Calendar apps using it get nothing more."))
        return redirect("clinic:calendar")
    secret = feed_services.renew(user=request.user)
    return _page(request, "week", secret=secret)


@staff_required
def move(request: AuthedRequest, appointment_id: int) -> HttpResponse:
    """Pick a new time for a booked session, from the same open times a couple sees."""
    appt = booking.Appointment.objects.filter(pk=appointment_id).select_related("clinician__user", "lead").first()
    if appt is None or not rules.can_manage_schedule(request.user, appt.clinician):
        raise NotFound(_("We could not find that appointment."))
    error, status = None, 200
    if request.method == "POST":
        try:
            moved = booking.move(
                user=request.user, appointment_id=appt.pk, start=parse_start(request.POST.get("start", ""))
            )
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            from django.contrib import messages

            messages.success(request, _("Moved. We've emailed the couple the new time."))
            tz = zone(moved.clinician.user.timezone)
            return redirect(
                reverse("clinic:calendar")
                + f"?clinician={moved.clinician_id}&date={moved.start.astimezone(tz).date().isoformat()}"
            )
    tz = zone(appt.clinician.user.timezone)
    slots = [t.astimezone(tz) for t in schedule.open_slots(appt.clinician, days=21)]
    days = [(d, list(ts)) for d, ts in groupby(slots, key=lambda t: t.date())]
    return render(
        request,
        "clinic/desk/calendar_move.html",
        {
            "appt": appt,
            "local": appt.start.astimezone(tz),
            "tz": appt.clinician.user.timezone,
            "days": days,
            "error": error,
            "past": appt.start <= timezone.now() or appt.status != "booked",
        },
        status=status,
    )


@never_cache
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """No login: the secret is the key. A wrong or stopped secret gets the same bare 404 as any address."""
    clinician = selectors.feed_clinician(secret)
    if clinician is None:
        return render(request, "404.html", status=404)
    with translation.override(clinician.user.language):  # a calendar app sends no language: the clinician's own
        body = ics.clinician_feed(
            events=selectors.feed_events(clinician, now=timezone.now()), tz=zone(clinician.user.timezone)
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="closeknit.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
