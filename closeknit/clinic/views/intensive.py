"""Clinician pages for intensives (desktop): templates, scheduling, the overview, the day-of view and
the maintenance plan. Thin: selectors read (and refuse with NotFound), services write."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.clinic.models.intensive import BLOCK_KINDS
from closeknit.clinic.selectors import intensive as selectors
from closeknit.clinic.selectors import notes as note_selectors
from closeknit.clinic.services import intensive as services
from closeknit.clinic.services import intensive_templates as template_services
from closeknit.clinic.views.desk import staff_required
from closeknit.core.errors import NotFound, ServiceError


def _date(value: str | None, field: str, *, required: bool = True) -> dt.date | None:
    if not value:
        if required:
            raise ServiceError(_("Please pick a date."), field=field)
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(_("Please give the date as year-month-day, such as 2026-12-14."), field=field) from None


def _int(value: str | None) -> int:
    if not value or not value.isdigit() or len(value) > 12:
        raise NotFound()
    return int(value)


# --- templates -------------------------------------------------------------------------------------
@staff_required
def templates_page(request: AuthedRequest) -> HttpResponse:
    practice = template_services.practice_for_templates(request.user)
    template_services.ensure_templates(user=request.user, practice_id=practice.pk)
    return render(
        request,
        "clinic/desk/intensive/templates.html",
        {"practice": practice, "templates": selectors.templates_for_practice(practice.pk)},
    )


def _block_data(post) -> dict:
    return {
        "kind": post.get("kind", ""),
        "title": post.get("title", ""),
        "minutes": post.get("minutes", ""),
        "with_partner": post.get("with_partner", ""),
        "goals": post.get("goals", ""),
        "practices": post.getlist("practices"),
        "checklist": post.get("checklist", ""),
        "note_template": post.get("note_template", ""),
    }


@staff_required
def template_page(request: AuthedRequest, template_id: int) -> HttpResponse:
    from closeknit.practices.library import library

    template = selectors.template_for(request.user, template_id)
    error, status, editing = None, 200, request.GET.get("edit")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "details":
                template_services.update_template(
                    user=request.user,
                    template_id=template.pk,
                    name=request.POST.get("name", ""),
                    description=request.POST.get("description", ""),
                    day_starts=_time(request.POST.get("day_starts")),
                )
            elif action == "save_block":
                raw_id = request.POST.get("block_id")
                template_services.save_block(
                    user=request.user,
                    template_id=template.pk,
                    block_id=_int(raw_id) if raw_id else None,
                    day=request.POST.get("day", ""),
                    data=_block_data(request.POST),
                )
            elif action == "remove_block":
                template_services.remove_block(user=request.user, block_id=_int(request.POST.get("block_id")))
            elif action in ("up", "down"):
                template_services.move_block(
                    user=request.user, block_id=_int(request.POST.get("block_id")), direction=action
                )
            else:
                raise ServiceError(_("We didn't understand that change."))
        except NotFound:
            raise
        except ServiceError as exc:
            error, status = exc, exc.status
            editing = request.POST.get("block_id") or "new"
            template.refresh_from_db()
        else:
            messages.success(request, _("Saved. Intensives already scheduled keep their own copy."))
            return redirect("clinic:intensive_template", template.pk)
    days = selectors.template_days(template)
    posted_block = _posted_block(request.POST) if error and request.POST.get("action") == "save_block" else None
    return render(
        request,
        "clinic/desk/intensive/template.html",
        {
            "template": template,
            "days": days,
            "kinds": BLOCK_KINDS,
            "practices": sorted(library().practices.values(), key=lambda p: p.title),
            "error": error,
            "editing": editing,
            "posted_block": posted_block,
            "day_choices": range(1, min(len(days) + 1, 5) + 1),
            "last_day": len(days) or 1,
        },
        status=status,
    )


def _posted_block(post):
    """What the person typed, to show again beside the reason it was refused."""
    from types import SimpleNamespace

    raw_id, raw_day = post.get("block_id", ""), post.get("day", "")
    return SimpleNamespace(
        pk=int(raw_id) if raw_id.isdigit() else None,
        day=int(raw_day) if raw_day.isdigit() else None,
        kind=post.get("kind", ""),
        title=post.get("title", ""),
        minutes=post.get("minutes", ""),
        with_partner=post.get("with_partner", ""),
        goals=post.get("goals", ""),
        practices=post.getlist("practices"),
        checklist=[line for line in post.get("checklist", "").splitlines() if line.strip()],
        note_template=post.get("note_template", ""),
    )


def _time(value: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value) if value else None
    except ValueError:
        raise ServiceError(_("Please give the time as hours and minutes, such as 09:00."), field="day_starts") from None


# --- scheduling ------------------------------------------------------------------------------------
@staff_required
def schedule(request: AuthedRequest, episode_id: int) -> HttpResponse:
    from closeknit.clinic.selectors import care

    view = care.episode_for_clinician(request.user, episode_id)  # NotFound for anyone but its clinician
    practice_id = view.episode.clinician.practice_id
    template_services.ensure_templates(user=request.user, practice_id=practice_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            raw_template = request.POST.get("template", "")
            intensive = services.schedule(
                user=request.user,
                episode_id=view.episode.pk,
                template_id=int(raw_template) if raw_template.isdigit() and len(raw_template) < 12 else 0,
                starts_on=_date(request.POST.get("starts_on"), "starts_on"),
                pre_due_on=_date(request.POST.get("pre_due_on"), "pre_due_on", required=False),
            )
        except NotFound:
            raise
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            messages.success(
                request, _("Scheduled. Each partner now sees their check-ups to take before the first day.")
            )
            return redirect("clinic:intensive", intensive.pk)
    return render(
        request,
        "clinic/desk/intensive/schedule.html",
        {
            "v": view,
            "templates": selectors.templates_for_practice(practice_id),
            "error": error,
            "posted": request.POST if error else {},
            "pre_due_days": services.PRE_DUE_DAYS,
        },
        status=status,
    )


# --- one intensive ---------------------------------------------------------------------------------
@staff_required
def detail(request: AuthedRequest, intensive_id: int) -> HttpResponse:
    view = selectors.intensive_for(request.user, intensive_id)
    return render(request, "clinic/desk/intensive/detail.html", {"v": view})


def _note(request: AuthedRequest, block) -> str:
    """The block's note, as the notes area renders it: its panel dict merged into the include's context."""
    from django.template.loader import render_to_string

    context = {"block": block, **note_selectors.block_panel(request.user, block)}
    return render_to_string("clinic/desk/notes/_block_note.html", context, request=request)


def _day_page(request: AuthedRequest, intensive_id: int, number: int, error=None, status: int = 200) -> HttpResponse:
    dv = selectors.day_for(request.user, intensive_id, number)
    blocks = [(b, _note(request, b)) for b in dv.blocks]
    context = {"d": dv, "v": dv.view, "blocks": blocks, "error": error}
    return render(request, "clinic/desk/intensive/day.html", context, status=status)


@staff_required
def day(request: AuthedRequest, intensive_id: int, number: int) -> HttpResponse:
    return _day_page(request, intensive_id, number)


def _back_to_day(block) -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("clinic:intensive_day", args=[block.intensive_id, block.day]) + f"#block-{block.pk}")


def _refused(request: AuthedRequest, block_id: int, exc: ServiceError) -> HttpResponse:
    """Show the day again with the reason, under the refusal's own 4xx status."""
    from closeknit.clinic.models import IntensiveBlock

    found = IntensiveBlock.objects.filter(pk=block_id).first()
    if found is None:
        raise NotFound()
    return _day_page(request, found.intensive_id, found.day, error=exc, status=exc.status)


def _block_action(request: AuthedRequest, block_id: int, fn) -> HttpResponse:
    try:
        block = fn(user=request.user, block_id=block_id)
    except NotFound:
        raise
    except ServiceError as exc:
        return _refused(request, block_id, exc)
    return _back_to_day(block)


@staff_required
@require_POST
def start_block(request: AuthedRequest, block_id: int) -> HttpResponse:
    return _block_action(request, block_id, services.start_block)


@staff_required
@require_POST
def finish_block(request: AuthedRequest, block_id: int) -> HttpResponse:
    return _block_action(request, block_id, services.finish_block)


@staff_required
@require_POST
def tick(request: AuthedRequest, block_id: int, index: int) -> HttpResponse:
    done = request.POST.get("done")
    if done not in ("1", "0"):
        return HttpResponse(_("Say whether the step is done."), status=400)
    try:
        block = services.tick(user=request.user, block_id=block_id, index=index, done=done == "1")
    except NotFound:
        raise
    except ServiceError as exc:
        if request.headers.get("HX-Request"):
            return HttpResponse(exc.message, status=exc.status)
        return _refused(request, block_id, exc)
    if request.headers.get("HX-Request"):
        block.done_steps = sum(1 for s in block.checklist if s.get("done"))
        return render(request, "clinic/desk/intensive/_checklist.html", {"b": block, "running": True})
    return _back_to_day(block)


@staff_required
def finish(request: AuthedRequest, intensive_id: int) -> HttpResponse:
    view = selectors.intensive_for(request.user, intensive_id)
    error, status = None, 200
    if request.method == "POST":  # "not before its last day" is the service's rule, like the rest
        picked = request.POST.getlist("practices")
        steps = [(slug, request.POST.get(f"how_often_{slug}", "")) for slug in picked]
        try:
            services.finish(
                user=request.user, intensive_id=intensive_id, steps=steps, note=request.POST.get("note", "")
            )
        except NotFound:
            raise
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("The intensive is finished. The practices are on the couple's plan now."))
            return redirect("clinic:intensive", intensive_id)
    posted = request.POST if error else None
    rows = []
    for slug, title in view.linked:
        rows.append(
            {
                "slug": slug,
                "title": title,
                "checked": (slug in posted.getlist("practices")) if posted else slug in view.suggested,
                "how_often": posted.get(f"how_often_{slug}") if posted else "twice a week",
            }
        )
    return render(
        request,
        "clinic/desk/intensive/finish.html",
        {
            "v": view,
            "rows": rows,
            "how_often": list(services.HOW_OFTEN_LABELS.items()),
            "note": posted.get("note", "") if posted else "",
            "error": error,
        },
        status=status,
    )


@staff_required
@require_POST
def cancel(request: AuthedRequest, intensive_id: int) -> HttpResponse:
    try:
        services.cancel(user=request.user, intensive_id=intensive_id)
    except NotFound:
        raise
    except ServiceError as exc:
        view = selectors.intensive_for(request.user, intensive_id)
        return render(request, "clinic/desk/intensive/detail.html", {"v": view, "error": exc}, status=exc.status)
    messages.success(request, _("Cancelled. The couple's open check-ups for it are withdrawn."))
    return redirect("clinic:intensive", intensive_id)


@staff_required
def calendar(request: AuthedRequest, intensive_id: int) -> HttpResponse:
    """The intensive's blocks as a calendar file for the clinician's own calendar."""
    from closeknit.clinic.ics import intensive_calendar

    view = selectors.intensive_for(request.user, intensive_id)
    body = intensive_calendar(
        intensive_id=view.intensive.pk,
        name=view.intensive.name,
        blocks=[(b.pk, b.start, b.end, b.title) for _, _, blocks in view.days for b in blocks if b.kind != "break"],
        tz=view.zone,
        cancelled=view.intensive.status == "cancelled",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intensive-{view.intensive.pk}.ics"'
    return response
