"""Pages of the two-phone hard conversation. Each phone polls the shared state every two seconds
(htmx), and without script the page still works: every button posts and the page reloads."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts.http import AuthedPageRequest, AuthedRequest
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors as couples
from closeknit.practices import selectors, services
from closeknit.practices.flows import coach
from closeknit.practices.flows import talk as talks
from closeknit.practices.library import library
from closeknit.practices.models import Conversation
from closeknit.safety import net

open_for = talks.open_for


@login_required
@require_http_methods(["GET", "POST"])
def start_page(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        practice = services.practice_or_404(request.user, slug)
    except ServiceError:
        raise Http404 from None
    if practice.kind != "hard-conversation":
        raise Http404
    existing = talks.open_for(request.user)
    if existing is not None and request.method != "POST":
        return redirect("practices:talk", talk_id=existing.pk)
    # A POST while one is open (the partner started theirs as this page was filled) goes through
    # talks.start, which joins it: the words are dropped there, but the safety net reads them first.
    error, status, coached = None, 200, None
    values: Mapping[str, str] = request.POST
    if request.method == "POST":
        # Harsh own words: show the coach once before sending (read in their language, the setting's if unsure).
        # Joining drops them, so there is nothing to coach then; the net still reads them in talks.start.
        gate = (
            coach.gate(request.POST, "own", language=request.user.language)
            if existing is None
            else coach.Gate(text=request.POST.get("own", ""), panel=None, proceed=True)
        )
        coached = gate.panel
        values = {**request.POST.dict(), "own": gate.text}
    if request.method == "POST" and gate.proceed:
        try:
            opener = talks.compose_opener(
                feel=request.POST.get("feel", ""),
                about=request.POST.get("about", ""),
                need=request.POST.get("need", ""),
                own=gate.text,
            )
            talk = talks.start(user=request.user, slug=slug, opener=opener)
        except talks.Withheld as withheld:
            # Nothing opened, nothing sent: the help, for the writer alone, on Today (see talks._withhold).
            net.flash(request, withheld.support)
            messages.info(request, _("Nothing was sent to your partner."))
            return redirect("home")
        except ServiceError as exc:
            error, status = exc, exc.status
        else:
            net.flash(request, getattr(talk, "support", None))
            return redirect("practices:talk", talk_id=talk.pk)
    deck = library().decks["gentle-start-up"]
    context = {
        "practice": practice,
        "sets": {s.slug: s for s in deck.sets},
        "partner": couples.partner_of(request.user),
        "error": error,
        "values": values,
        "coach": coached,
        "coach_held": coach.held(coached),
        "opener_frame": talks.opener_frame(),
    }
    return render(request, "practices/talk_start.html", context, status=status)


def _context(request: HttpRequest, talk: Conversation) -> dict:
    me = request.user
    partner = talk.listener if me.pk == talk.speaker_id else talk.speaker
    return {
        "talk": talk,
        "practice": library().get(talk.slug),
        "i_speak": me.pk == talk.speaker_id,
        "partner": partner,
        "speaker_name": "You" if me.pk == talk.speaker_id else talk.speaker.name,
        "seconds": talks.seconds_left(talk),
        "i_felt_heard": me.pk in talk.heard,
        "partner_felt_heard": partner.pk in talk.heard,
        "waiting": talk.joined_at is None and talk.ended_at is None,
    }


def _load(request: AuthedRequest, talk_id: int) -> Conversation:
    try:
        talk = talks.get(request.user, talk_id)
    except NotFound:
        raise Http404 from None
    return Conversation.objects.select_related("speaker", "listener").get(pk=talk.pk)


@login_required
def page(request: AuthedRequest, talk_id: int) -> HttpResponse:
    talk = _load(request, talk_id)
    if talk.joined_at is None and talk.started_by_id != request.user.pk:
        talks.join(user=request.user, talk_id=talk.pk)  # the other phone has arrived: the clock may start
        talk = _load(request, talk_id)
    return render(request, "practices/talk.html", _context(request, talk))


@login_required
def state(request: AuthedRequest, talk_id: int) -> HttpResponse:
    """The floor panel alone, for polling. Unchanged since the phone's last look: 204, nothing to swap."""
    talk = _load(request, talk_id)
    if request.GET.get("v") == str(talk.version):
        return HttpResponse(status=204)  # the countdown runs on the phone; nothing else changed
    return render(request, "practices/_floor.html", _context(request, talk))


@login_required
@require_POST
def act(request: AuthedPageRequest, talk_id: int) -> HttpResponse:
    _load(request, talk_id)
    action = request.POST.get("action", "")
    try:
        talk = talks.act(user=request.user, talk_id=talk_id, action=action)
    except ServiceError as exc:
        if request.htmx:
            talk = _load(request, talk_id)
            return render(request, "practices/_floor.html", {**_context(request, talk), "error": exc}, status=200)
        messages.error(request, exc.message)
        return redirect("practices:talk", talk_id=talk_id)
    if talk.ended_at is not None:
        log = selectors.open_run(request.user)
        if log is None or log.slug != talk.slug:
            log = services.start(user=request.user, slug=talk.slug)
            practice = library().get(talk.slug)
            assert practice is not None  # start() above found it
            services.go_to_step(user=request.user, log_id=log.pk, step=len(practice.steps))
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"/practices/run/{log.pk}/"
            return response
        return redirect("practices:run", log_id=log.pk)
    if request.htmx:
        talk = _load(request, talk_id)
        return render(request, "practices/_floor.html", _context(request, talk))
    return redirect("practices:talk", talk_id=talk_id)
