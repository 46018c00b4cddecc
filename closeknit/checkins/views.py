"""Pages of the daily check-in. Thin: read through selectors, write through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.checkins import feelings, selectors, services, today
from closeknit.checkins.models import ANSWERS, SCORES
from closeknit.core.charts import closeness_chart
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors as couples
from closeknit.desires import selectors as desires
from closeknit.practices.flows import coach

RANGES = [
    (
        "emotional_closeness",
        gettext_lazy("How emotionally close do you feel?"),
        gettext_lazy("Far apart"),
        gettext_lazy("Very close"),
    ),
    (
        "physical_closeness",
        gettext_lazy("How physically close (touch, affection) do you feel?"),
        gettext_lazy("Far apart"),
        gettext_lazy("Very close"),
    ),
    ("stress", gettext_lazy("How stressed are you today?"), gettext_lazy("Calm"), gettext_lazy("Very stressed")),
]
# (name, label, hint) with a partner in the space, and the words for someone using closeknit alone:
# a person on their own is never asked about a partner.
TEXTS = [
    (
        "appreciation",
        gettext_lazy("One thing you appreciate about {partner}"),
        gettext_lazy("Small things count: a look, a message, a cup of tea."),
    ),
    ("need", gettext_lazy("One thing you need"), gettext_lazy("From {partner}, from life, or from yourself.")),
    ("note", gettext_lazy("Anything else?"), gettext_lazy("Private unless you choose to share it.")),
]
TEXTS_SOLO = [
    (
        "appreciation",
        gettext_lazy("One thing you appreciate today"),
        gettext_lazy("Small things count: a kind word, a quiet moment, a cup of tea."),
    ),
    (
        "need",
        gettext_lazy("One thing you need"),
        gettext_lazy("From life, from the people around you, or from yourself."),
    ),
    ("note", gettext_lazy("Anything else?"), gettext_lazy("Just for you.")),
]
SHARE_LABELS = {
    "feelings": gettext_lazy("Feelings"),
    "emotional_closeness": gettext_lazy("Emotional closeness"),
    "physical_closeness": gettext_lazy("Physical closeness"),
    "stress": gettext_lazy("Stress"),
    "appreciation": gettext_lazy("Appreciation"),
    "need": gettext_lazy("Need"),
    "note": gettext_lazy("Note"),
}


TO_PARTNER = ("appreciation", "need")


def home(request: HttpRequest) -> HttpResponse:
    """Today: one next step and at most three cards, chosen by checkins.today; or, before there is a
    space or anything written, the first run's one question (invite your partner or go alone)."""
    if not request.user.is_authenticated:
        return render(request, "checkins/landing.html")
    if request.user.role == "clinician":  # a clinic account works at the desk, not in a couple's space
        return redirect("clinic:dashboard")
    page = today.select(request.user)
    if page.first_run:
        return render(request, "checkins/first_run.html", {"page": page})
    return render(request, "checkins/today.html", {"page": page, "today": page.today, "space": page.space})


@login_required
@require_POST
def not_about_me(request: AuthedRequest, checkin_id: int) -> HttpResponse:
    try:
        services.dismiss_support(user=request.user, checkin_id=checkin_id)
    except ServiceError as exc:
        return HttpResponse(exc.message, status=exc.status)
    messages.success(request, _("Thanks for letting us know. The help lines stay under Get help now."))
    return redirect("home")


@login_required
@require_POST
def react(request: AuthedRequest, checkin_id: int) -> HttpResponse:
    """A "thank you" or a heart for a partner's revealed check-in; the same again takes it back. Back to
    the page it was sent from, at the answers."""
    try:
        services.react(user=request.user, checkin_id=checkin_id, kind=request.POST.get("kind", ""))
    except ServiceError as exc:
        return HttpResponse(exc.message, status=exc.status)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = "/"
    return redirect(f"{back}#react-{checkin_id}")


@login_required
def partner_card(request: AuthedRequest) -> HttpResponse:
    """The partner's status alone, refreshed by htmx on the Today page so "waiting" turns into answers
    without a reload. Plain HTML: without script the page is simply current when loaded."""
    today = selectors.today_for(request.user)
    if today.partner is None:
        return HttpResponse(status=204)
    return render(request, "checkins/_partner_card.html", {"today": today})


@login_required
def checkin(request: AuthedRequest) -> HttpResponse:
    """A few taps: some words for how you feel, three optional scores, optional texts folded away,
    and sharing chosen in plain view above the save button. Nothing is shared unless ticked; a
    score left on "Skip" is stored as not answered."""
    user = request.user
    status = 200
    error: ServiceError | None = None
    coaches: dict = {}
    partner = couples.partner_of(user)
    if request.method == "POST":
        data: dict[str, Any] = {
            "feelings": request.POST.getlist("feelings"),
            **{name: request.POST.get(name) for name in SCORES},
            "appreciation": request.POST.get("appreciation", ""),
            "need": request.POST.get("need", ""),
            "note": request.POST.get("note", ""),
            # Alone in the space, the page offers no sharing, so nothing is shared.
            "shared": request.POST.getlist("shared") if partner is not None else [],
        }
        # Shared appreciation and need are written to the partner: the gentle start-up coach looks first.
        waiting = False
        for name in TO_PARTNER:
            if name in data["shared"]:
                gate = coach.gate(request.POST, name, thanks=name == "appreciation", language=user.language)
                data[name] = gate.text
                if gate.panel is not None:
                    coaches[name] = gate.panel
                waiting = waiting or not gate.proceed
        values = data
        if not waiting:
            try:
                _checkin, created = services.save_today(user=user, answers=data)
            except ServiceError as exc:
                error = exc
                status = exc.status
            else:
                messages.success(
                    request, _("Thank you for checking in.") if created else _("Today's check-in is updated.")
                )
                return redirect("home")
    # Only now, for showing the form, read today's state: a successful save needs none of it.
    mine = selectors.mine_today(user)
    if request.method != "POST":
        values = {**mine.answers, "shared": list(mine.shared)} if mine is not None else {"shared": []}
    return render(request, "checkins/checkin.html", _form_context(values, mine, partner, error, coaches), status=status)


def _form_context(
    values: dict, mine: selectors.CheckInView | None, partner: User | None, error: ServiceError | None, coaches: dict
) -> dict:
    partner_name = partner.name if partner is not None else None
    picked = set(values.get("feelings") or [])
    common = feelings.common()
    common_slugs = {f.slug for f in common}
    more = [(fam, [f for f in fam.feelings if f.slug not in common_slugs]) for fam in feelings.families()]
    texts = TEXTS if partner_name else TEXTS_SOLO
    text_rows = [
        (n, str(label).format(partner=partner_name), str(hint).format(partner=partner_name)) for n, label, hint in texts
    ]
    scores = []
    for name, label, low, high in RANGES:
        raw = values.get(name)
        value = "" if raw is None else str(raw).strip()
        scores.append(
            {
                "name": name,
                "label": label,
                "low": low,
                "high": high,
                "pips": [(str(n), str(n) == value) for n in range(11)],
                "skipped": value not in {str(n) for n in range(11)},
            }
        )
    shared = [a for a in ANSWERS if a in (values.get("shared") or [])] if partner_name else []
    field = error.field if error else None
    return {
        "mine": mine,
        "values": values,
        "error": error,
        "common": common,
        "more": [(fam, rest) for fam, rest in more if rest],
        "more_open": bool(picked - common_slugs),
        "scores": scores,
        "texts": text_rows,
        "texts_open": any(values.get(n) for n, _label, _hint in texts)
        or bool(coaches)
        or field in {n for n, _label, _hint in texts},
        "partner_name": partner_name,
        "share_choices": [(a, SHARE_LABELS[a]) for a in ANSWERS],
        "shared": shared,
        "save_label": save_label(partner_name, len(shared), editing=mine is not None),
        # The same words for static/js/checkin.js, which relabels the button as boxes change.
        "save_alone": save_label(partner_name, 0, editing=False),
        "save_one": save_label(partner_name, 1, editing=False),
        "save_many": save_label(partner_name, 2, editing=False, count="{n}"),
        "coaches": coaches,
        "coach_held": coach.held(*(coaches.get(n) for n in TO_PARTNER)),
        "to_partner": TO_PARTNER,
    }


def save_label(partner_name: str | None, shared: int, *, editing: bool, count: str | None = None) -> str:
    """The save button says what will happen; static/js/checkin.js writes the same words as boxes change
    (`count` stands in for the number there: the page hands it the words with "{n}" in place)."""
    if partner_name is None:
        return _("Save changes") if editing else _("Save my check-in")
    if shared == 0:
        return _("Save, just for me")
    return ngettext(
        "Save — share %(count)s answer with %(name)s", "Save — share %(count)s answers with %(name)s", shared
    ) % {"count": count if count is not None else shared, "name": partner_name}


@login_required
def history(request: AuthedRequest) -> HttpResponse:
    try:
        days = min(max(int(request.GET.get("days", 30)), 7), 365)
    except ValueError:
        days = 30
    user = request.user
    history_rows = selectors.history_for(user, days=days)
    series = selectors.closeness_series(user, days=days, history=history_rows)
    weekly = days > 45
    if weekly:  # daily points over months are noise; weekly averages show the trend
        series = selectors.weekly_means(series)
    charts = []
    has_partner = series["partner"] is not None
    for key, title in (
        ("emotional_closeness", _("Emotional closeness")),
        ("physical_closeness", _("Physical closeness")),
    ):
        if any(v is not None for v in series[f"mine_{key}"] + series[f"partner_{key}"]):
            charts.append(
                {
                    "title": title,
                    "svg": closeness_chart(
                        title=(
                            _("%(title)s over the last %(days)s days, weekly averages")
                            if weekly
                            else _("%(title)s over the last %(days)s days")
                        )
                        % {"title": title, "days": days},
                        dates=series["dates"],
                        mine=series[f"mine_{key}"],
                        partner=series[f"partner_{key}"] if has_partner else None,
                        me_label=user.name,
                        partner_label=series["partner"],
                    ),
                    "key": key,
                }
            )
    show_all = request.GET.get("all") == "1"
    context = {
        "days": days,
        "weekly": weekly,
        "history": history_rows if show_all else history_rows[:14],
        "more": not show_all and len(history_rows) > 14,
        "total": len(history_rows),
        "charts": charts,
        "partner_name": series["partner"],
        "streak": selectors.streak_for(user),
        "desires_changed": desires.last_change(user),  # beside the physical-closeness line
        "labels": {f.slug: f.label for fam in feelings.families() for f in fam.feelings},
    }
    return render(request, "checkins/history.html", context)
