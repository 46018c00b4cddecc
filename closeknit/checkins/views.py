"""Pages of the daily check-in. Thin: read through selectors, write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from closeknit.checkins import feelings, selectors, services
from closeknit.checkins.models import ANSWERS, SHARED_BY_DEFAULT
from closeknit.core.charts import closeness_chart
from closeknit.core.errors import ServiceError
from closeknit.couples import selectors as couples
from closeknit.desires import selectors as desires
from closeknit.practices.flows import coach
from closeknit.safety import net

RANGES = [
    ("emotional_closeness", "How emotionally close do you feel?", "Far apart", "Very close"),
    ("physical_closeness", "How physically close (touch, affection) do you feel?", "Far apart", "Very close"),
    ("stress", "How stressed are you today?", "Calm", "Very stressed"),
]
TEXTS = [
    (
        "appreciation",
        "One thing you appreciate about {partner}",
        "Small things count: a look, a message, a cup of tea.",
    ),
    ("need", "One thing you need", "From {partner}, from life, or from yourself."),
    ("note", "Anything else?", "Optional. Private unless you choose to share it."),
]


TO_PARTNER = ("appreciation", "need")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "checkins/landing.html")
    if request.user.role == "clinician":  # a clinic account works at the desk, not in a couple's space
        return redirect("clinic:dashboard")
    today = selectors.today_for(request.user)
    space = couples.space_for(request.user)
    support = None
    if today.mine and today.mine.support:
        support = net.card(
            today.mine.support,
            country=request.user.country,
            dismiss_url=reverse("checkins:not_about_me", args=[today.mine.id]),
        )
    return render(request, "checkins/today.html", {"today": today, "space": space, "support": support})


@login_required
@require_POST
def not_about_me(request: HttpRequest, checkin_id: int) -> HttpResponse:
    try:
        services.dismiss_support(user=request.user, checkin_id=checkin_id)
    except ServiceError as exc:
        return HttpResponse(exc.message, status=exc.status)
    messages.success(request, "Thanks for letting us know. The help lines stay under Get help now.")
    return redirect("home")


@login_required
def partner_card(request: HttpRequest) -> HttpResponse:
    """The partner's status alone, refreshed by htmx on the Today page so "waiting" turns into answers
    without a reload. Plain HTML: without script the page is simply current when loaded."""
    today = selectors.today_for(request.user)
    if today.partner is None:
        return HttpResponse(status=204)
    return render(request, "checkins/_partner_card.html", {"today": today})


@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = 200
    error: ServiceError | None = None
    coaches: dict = {}
    if request.method == "POST":
        data = {
            "feelings": request.POST.getlist("feelings"),
            "emotional_closeness": request.POST.get("emotional_closeness"),
            "physical_closeness": request.POST.get("physical_closeness"),
            "stress": request.POST.get("stress"),
            "appreciation": request.POST.get("appreciation", ""),
            "need": request.POST.get("need", ""),
            "note": request.POST.get("note", ""),
            "shared": request.POST.getlist("shared"),
        }
        # Shared appreciation and need are written to the partner: the gentle start-up coach looks first.
        waiting = False
        for name in TO_PARTNER:
            if name in data["shared"]:
                gate = coach.gate(request.POST, name, thanks=name == "appreciation")
                data[name] = gate.text
                if gate.panel is not None:
                    coaches[name] = gate.panel
                waiting = waiting or not gate.proceed
        values = data
        if not waiting:
            try:
                _, created = services.save_today(user=user, answers=data)
            except ServiceError as exc:
                error = exc
                status = exc.status
            else:
                messages.success(request, "Thank you for checking in." if created else "Today's check-in is updated.")
                return redirect("home")
    # Only now, for showing the form, read today's state: a successful save needs none of it.
    mine = selectors.mine_today(user)
    partner = couples.partner_of(user)
    if request.method != "POST":
        if mine is not None:
            values = {**mine.answers, "shared": list(mine.shared)}
        else:
            values = {"emotional_closeness": 5, "physical_closeness": 5, "stress": 5, "shared": list(SHARED_BY_DEFAULT)}
    partner_name = partner.name if partner else "your partner"
    context = {
        "mine": mine,
        "values": values,
        "error": error,
        "families": feelings.families(),
        "ranges": RANGES,
        "texts": [
            (n, label.format(partner=partner_name), hint.format(partner=partner_name)) for n, label, hint in TEXTS
        ],
        "partner_name": partner_name,
        "answers": ANSWERS,
        "coaches": coaches,
        "to_partner": TO_PARTNER,
    }
    return render(request, "checkins/checkin.html", context, status=status)


@login_required
def history(request: HttpRequest) -> HttpResponse:
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
    for key, title in (("emotional_closeness", "Emotional closeness"), ("physical_closeness", "Physical closeness")):
        if any(v is not None for v in series[f"mine_{key}"] + series[f"partner_{key}"]):
            charts.append(
                {
                    "title": title,
                    "svg": closeness_chart(
                        title=f"{title} over the last {days} days" + (", weekly averages" if weekly else ""),
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
