"""Pages for practice staff (desktop-first): the dashboard and a couple's lead."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS as DAY_NAMES
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from closeknit.accounts.http import AuthedRequest
from closeknit.clinic import screening
from closeknit.clinic.selectors import desk as selectors
from closeknit.clinic.selectors import handover as handover_selectors
from closeknit.core.errors import NotFound, ServiceError


def staff_required(view):
    """Anyone who is not practice staff gets the same 404 as a wrong address."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthedRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.is_staff(request.user):
            return render(request, "404.html", status=404)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "404.html", {"message": exc.message}, status=404)

    return wrapper


@staff_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """The desk: for a clinician, the caseload first (flags on top); leads and what is coming up."""
    from django.urls import reverse

    from closeknit.clinic.selectors import caseload
    from closeknit.clinic.views import caseload_rows

    only = request.GET.get("only", "all")
    if only not in caseload.FILTERS:
        only, error = "all", _("We can show every couple, or only those with a flag. Showing every couple.")
    else:
        error = None
    desk = selectors.desk_for(request.user)
    cases = caseload.caseload_for(request.user, only=only) if desk.profile else None
    return render(
        request,
        "clinic/desk/dashboard.html",
        {
            "desk": desk,
            "caseload": cases,
            "only": only,
            "error": error,
            # the episode link reversed once, not once per row: /clinic/care/<id>/
            "caseload_rows": caseload_rows.rows(cases.cases, reverse("clinic:episode", args=[0]).removesuffix("0/"))
            if cases
            else "",
        },
        status=400 if error else 200,
    )


@staff_required
def lead(request: AuthedRequest, lead_id: int) -> HttpResponse:
    return render_lead(request, selectors.lead_for(request.user, lead_id))


def render_lead(
    request: AuthedRequest, view: selectors.LeadView, *, handover_error: ServiceError | None = None
) -> HttpResponse:
    """The lead's page; shown again with the reason when a handover from it is refused."""
    return render(
        request,
        "clinic/desk/lead.html",
        {
            "v": view,
            "questions": screening.SAFETY,
            "coming": screening.COMING,
            "colleagues": handover_selectors.lead_colleagues(request.user, view.lead),
            "handover_error": handover_error,
        },
        status=handover_error.status if handover_error else 200,
    )


@staff_required
def new_episode(request: AuthedRequest) -> HttpResponse:
    from closeknit.clinic import policies
    from closeknit.clinic.services import care

    error, status = None, 200
    lead_id = request.GET.get("lead") or request.POST.get("lead") or None
    if request.method == "POST":
        try:
            episode = care.start_episode(
                user=request.user,
                policy=request.POST.get("policy", ""),
                lead_id=int(lead_id) if lead_id and lead_id.isdigit() else None,
            )
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("clinic:episode", episode.pk)
    name = request.user.name
    return render(
        request,
        "clinic/desk/new_episode.html",
        {"policies": [(k, policies.text(k, name)) for k in policies.TEXT], "lead_id": lead_id, "error": error},
        status=status,
    )


@staff_required
def episode(request: AuthedRequest, episode_id: int) -> HttpResponse:
    from django.conf import settings
    from django.urls import reverse

    from closeknit.clinic import policies
    from closeknit.clinic.models.care import CATEGORIES
    from closeknit.clinic.selectors import alerts, care, intensive, notes, reports, trends

    view = care.episode_for_clinician(request.user, episode_id)
    shown = request.GET.get("show")
    checkins = {}
    for m in view.members:
        if shown == f"checkins-{m.user.pk}":
            checkins[m.user.pk] = care.checkins_for_clinician(request.user, view.episode, m.user)
    panels: dict = {}
    for area in (intensive, notes, reports, alerts, trends):
        panels.update(area.episode_panel(request.user, view.episode))
    return render(
        request,
        "clinic/desk/episode.html",
        {
            **panels,
            "v": view,
            "categories": CATEGORIES,
            "checkins": checkins,
            "policy_text": policies.text(view.episode.policy, request.user.name),
            "join_url": settings.SITE_URL.rstrip("/") + reverse("clinic:join", args=[view.join_url_token]),
        },
    )


@staff_required
def access_log(request: AuthedRequest) -> HttpResponse:
    from closeknit.access import clinic as rules
    from closeknit.clinic.selectors import care

    owned = [pid for pid in rules.practice_ids(request.user) if rules.can_review_access_log(request.user, pid)]
    if not owned:
        raise NotFound()
    rows = [row for pid in owned for row in care.practice_access_log(request.user, pid)]
    return render(request, "clinic/desk/access_log.html", {"rows": rows})


# Django's own day names (its catalog says "lunes"); capitalized for the day picker and the hours table.
WEEKDAYS = [capfirst(DAY_NAMES[i]) for i in range(7)]


def _time(value: str | None):
    import datetime as dt

    try:
        return dt.time.fromisoformat(value) if value else None
    except ValueError:
        raise ServiceError(_("Please give times as hours and minutes, such as 09:00."), field="start") from None


@staff_required
def availability(request: AuthedRequest) -> HttpResponse:
    """The clinician's own weekly hours and exceptions, in their own zone."""
    import datetime as dt

    from closeknit.access import clinic as rules
    from closeknit.clinic.services import availability as services

    profile = rules.own_profile(request.user)
    if profile is None:
        raise NotFound()
    error, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_hours":
                weekday = request.POST.get("weekday", "")
                if not weekday.isdigit():
                    raise ServiceError(_("Please pick a day of the week."), field="weekday")
                services.add_hours(
                    user=request.user,
                    weekday=int(weekday),
                    start=_time(request.POST.get("start")),
                    end=_time(request.POST.get("end")),
                )
            elif action == "remove_hours":
                services.remove_hours(user=request.user, hours_id=int(request.POST.get("id") or 0))
            elif action == "add_exception":
                try:
                    date = dt.date.fromisoformat(request.POST.get("date", ""))
                except ValueError:
                    raise ServiceError(_("Please pick a date."), field="date") from None
                services.add_exception(
                    user=request.user,
                    date=date,
                    start=_time(request.POST.get("start")),
                    end=_time(request.POST.get("end")),
                )
            elif action == "remove_exception":
                services.remove_exception(user=request.user, exception_id=int(request.POST.get("id") or 0))
            else:
                raise ServiceError(_("We didn't understand that change."))
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("clinic:availability")
    hours = [(WEEKDAYS[h.weekday], h) for h in profile.hours.all()]
    exceptions = profile.exceptions.filter(date__gte=dt.date.today())
    return render(
        request,
        "clinic/desk/availability.html",
        {
            "profile": profile,
            "hours": hours,
            "exceptions": exceptions,
            "weekdays": list(enumerate(WEEKDAYS)),
            "error": error,
        },
        status=status,
    )


@staff_required
def profile(request: AuthedRequest) -> HttpResponse:
    """A clinician's own public profile, as the directory shows it."""
    from closeknit.access import clinic as rules
    from closeknit.clinic import vocab
    from closeknit.clinic.services import practice as services

    p = rules.own_profile(request.user)
    if p is None:
        raise NotFound()
    error, status = None, 200
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("photo", "remove_photo"):
        from django.contrib import messages

        from closeknit.clinic.services import photo as photo_services

        try:
            if action == "photo":
                photo_services.set_photo(user=request.user, upload=request.FILES.get("photo"))
                messages.success(request, _("Your photo is up. This is what people see in the directory."))
            else:
                photo_services.remove_photo(user=request.user)
                messages.success(request, _("Your photo is removed. People see your initials instead."))
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            return redirect("clinic:profile_edit")
    elif request.method == "POST":
        data = (
            {k: request.POST.getlist(k) for k in services.PROFILE_LISTS}
            | {
                k: request.POST.get(k, "")
                for k in ("credentials", "bio", "bio_es", "address", "meeting_link", "fee_min", "fee_max")
            }
            | {k: request.POST.get(k) == "on" for k in ("sliding_scale", "online", "in_person", "accepting", "listed")}
        )
        try:
            services.update_profile(user=request.user, data=data)
        except ServiceError as exc:
            error, status = exc, exc.status
            p.refresh_from_db()
        else:
            from django.contrib import messages

            messages.success(request, _("Saved. This is what people see in the directory."))
            return redirect("clinic:profile_edit")
    lists = [
        ("languages", _("Languages you offer sessions in"), vocab.LANGUAGES, p.languages),
        ("specialties", _("What you often work with"), vocab.SPECIALTIES, p.specialties),
        ("cultural_competencies", _("Training or lived experience you offer"), vocab.CULTURAL, p.cultural_competencies),
        ("modalities", _("Ways of working"), vocab.MODALITIES, p.modalities),
    ]
    return render(request, "clinic/desk/profile.html", {"p": p, "lists": lists, "error": error}, status=status)
