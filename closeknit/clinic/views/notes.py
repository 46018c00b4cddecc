"""Pages for clinical notes: start one, edit the draft, sign it (which locks it), amend it.

Thin: reads come from closeknit.clinic.selectors.notes, writes from closeknit.clinic.services.notes,
and a refusal is shown on the page it came from with its own status, having written nothing.
Forms work without JavaScript; signing needs the confirmation box ticked.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.access import clinic as rules
from closeknit.accounts.http import AuthedRequest
from closeknit.clinic import note_templates
from closeknit.clinic.models import IntensiveBlock
from closeknit.clinic.selectors import notes as selectors
from closeknit.clinic.services import notes as services
from closeknit.clinic.views.desk import staff_required
from closeknit.core.errors import NotFound, ServiceError


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(_("Please give the session's date as a day, like 2026-03-14."), field="session_on") from None


def _int(value: str | None, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ServiceError(_("Please choose from the list."), field=field)
    return int(value)


def _kind_of(template: str) -> str:
    """A form that names a template only: its first kind is the note's."""
    found = note_templates.get(template)
    return found.kinds[0] if found else ""


def _what(form) -> tuple[str, str | None]:
    """The form asks one question, who the session was with; the kind and the partner follow from the
    answer (and the template from the kind), so the three can never disagree. Older forms that send
    kind, template and subject_id still work."""
    picked = form.get("session_for", "")
    if picked.startswith("individual-"):
        return "individual", picked.removeprefix("individual-")
    if picked in ("session", "other"):
        return picked, None
    return form.get("kind") or _kind_of(form.get("template", "")), form.get("subject_id")


def _picked(form, panel) -> str:
    """The answer to show ticked: what was sent, if it is one of the choices; else a joint session."""
    sent = form.get("session_for", "")
    return sent if sent in {value for value, _label in _choices(panel)} else "session"


def _choices(panel) -> list[tuple[str, str]]:
    """(value, label) for "Who was the session with?": joint first, one line per partner, then other."""
    return (
        [("session", _("Both partners: a joint session"))]
        + [(f"individual-{m.pk}", _("%(name)s alone: an individual session") % {"name": m.name}) for m in panel.members]
        + [("other", _("Something else: a call, a message, a letter"))]
    )


def _next(request: HttpRequest, fallback: str) -> str:
    """Back to where the form was (the day-of view, the episode page), never off the clinic desk."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if ok and target.startswith("/clinic/") else fallback


def _note_page(request: AuthedRequest, note_id: int, *, error: ServiceError | None = None, form=None) -> HttpResponse:
    view = selectors.note_for_clinician(request.user, note_id)
    episode = view.note.episode
    return render(
        request,
        "clinic/desk/notes/note.html",
        {
            "v": view,
            "error": error,
            "form": form or {},
            "can_write": rules.can_write_notes(request.user, episode),
            "max_body": services.MAX_BODY,
            "next": _next(request, ""),
        },
        status=error.status if error else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new(request: AuthedRequest, episode_id: int) -> HttpResponse:
    """GET: the choices; POST: a draft from the chosen template, then its page to write in."""
    from closeknit.clinic.selectors import care

    view = care.episode_for_clinician(request.user, episode_id)
    panel = selectors.episode_panel(request.user, view.episode).get("notes_panel")
    if panel is None:
        raise NotFound(_("We could not find that couple."))
    error = None
    form = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        kind, subject = _what(form)
        try:
            note = services.create_note(
                user=request.user,
                episode_id=episode_id,
                kind=kind,
                title=form.get("title", ""),
                template=form.get("template", ""),
                session_on=_date(form.get("session_on")),
                subject_id=_int(subject, "subject_id"),
            )
        except ServiceError as exc:
            error = exc
        else:
            return redirect("clinic:note", note.pk)
    return render(
        request,
        "clinic/desk/notes/new.html",
        {
            "p": panel,
            "v": view,
            "error": error,
            "form": form,
            "choices": _choices(panel),
            "picked": _picked(form, panel),
        },
        status=error.status if error else 200,
    )


@staff_required
def note(request: AuthedRequest, note_id: int) -> HttpResponse:
    return _note_page(request, note_id)


@staff_required
@require_POST
def save(request: AuthedRequest, note_id: int) -> HttpResponse:
    try:
        services.save_draft(
            user=request.user,
            note_id=note_id,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            session_on=_date(request.POST.get("session_on")),
        )
    except NotFound:
        raise
    except ServiceError as exc:
        return _note_page(request, note_id, error=exc, form=request.POST)
    return redirect(_next(request, reverse("clinic:note", args=[note_id])))


@staff_required
@require_POST
def sign(request: AuthedRequest, note_id: int) -> HttpResponse:
    """Saves the text on the form and signs it in one conditional write."""
    has_text = "body" in request.POST
    try:
        services.sign_note(
            user=request.user,
            note_id=note_id,
            title=request.POST.get("title") if has_text else None,
            body=request.POST.get("body") if has_text else None,
            confirm=request.POST.get("confirm") == "yes",
        )
    except NotFound:
        raise
    except ServiceError as exc:
        return _note_page(request, note_id, error=exc, form=request.POST)
    return redirect(_next(request, reverse("clinic:note", args=[note_id])))


@staff_required
@require_POST
def amend(request: AuthedRequest, note_id: int) -> HttpResponse:
    try:
        services.amend_note(
            user=request.user,
            note_id=note_id,
            reason=request.POST.get("reason", ""),
            body=request.POST.get("amendment", ""),
        )
    except NotFound:
        raise
    except ServiceError as exc:
        return _note_page(request, note_id, error=exc, form=request.POST)
    return redirect(_next(request, reverse("clinic:note", args=[note_id])) + "#amendments")


@staff_required
@require_POST
def delete(request: AuthedRequest, note_id: int) -> HttpResponse:
    view = selectors.note_for_clinician(request.user, note_id)
    try:
        services.delete_draft(user=request.user, note_id=note_id)
    except NotFound:
        raise
    except ServiceError as exc:
        return _note_page(request, note_id, error=exc)
    return redirect(reverse("clinic:episode", args=[view.note.episode_id]) + "#notes")


def _block(request: AuthedRequest, block_id: int) -> IntensiveBlock:
    block = (
        IntensiveBlock.objects.select_related("intensive__episode__clinician__user", "with_user")
        .filter(pk=block_id)
        .first()
    )
    if block is None or not rules.can_read_notes(request.user, block.intensive.episode):
        raise NotFound(_("We could not find that block."))
    return block


@staff_required
@require_http_methods(["GET", "POST"])
def block_note(request: AuthedRequest, block_id: int) -> HttpResponse:
    """The block's note on a page of its own; the day-of view includes the same form.

    POST saves the draft (making it the first time) or, with action=sign, saves and signs it."""
    block = _block(request, block_id)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        body = request.POST.get("body", "")
        try:
            with transaction.atomic():  # a refused signature also undoes the draft it would have made
                _save_block_note(request, block, action, body)
        except NotFound:
            raise
        except ServiceError as exc:
            error = exc
        else:
            return redirect(_next(request, reverse("clinic:block_note", args=[block.pk])))
    context = selectors.block_panel(request.user, block)
    return render(
        request,
        "clinic/desk/notes/block.html",
        {**context, "block_note_error": error, "posted_body": request.POST.get("body") if error else None},
        status=error.status if error else 200,
    )


def _save_block_note(request: AuthedRequest, block: IntensiveBlock, action: str, body: str) -> None:
    user = request.user
    existing = block.notes.first()
    if existing is None:
        existing = services.create_note(
            user=user,
            episode_id=block.intensive.episode_id,
            kind="block",
            block_id=block.pk,
            body=body,
        )
    elif action != "sign":
        services.save_draft(user=user, note_id=existing.pk, title=existing.title, body=body)
    if action == "sign":
        services.sign_note(
            user=user,
            note_id=existing.pk,
            body=body,
            confirm=request.POST.get("confirm") == "yes",
        )
