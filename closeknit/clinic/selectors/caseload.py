"""The clinician's caseload: one row per open care episode, with each partner's latest closeness
score and trend, between-session activity, overdue measures and risk flags.

Built in BULK: a fixed number of queries however many couples a clinician has (the benchmark in
bench/caseload_bench.py holds it to that). Partners' data is read only where
access.clinic.readable_categories allows (the same rule as can_read), and every such read is
logged: one "caseload overview" line per partner, per category, per clinician, per local day,
bulk-inserted in the same transaction as the reads it records (docs/decisions.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.assessments import change, definitions, progress
from closeknit.assessments.models import Administration
from closeknit.clinic.models import (
    AccessLog,
    Appointment,
    Consent,
    Episode,
    Intensive,
    Measure,
    SafetyAlert,
    Screen,
)
from closeknit.clinic.selectors.caseload_view import (  # noqa: F401  (the public names stay importable from here)
    ACTIVITY_DAYS,
    MIN_PRIOR_CHECKINS,
    PRIOR_DAYS,
    RECENT_DAYS,
    Case,
    Caseload,
    Closeness,
    Flag,
    Overdue,
    Partner,
    checkins_dropped,
    flags_of,
    weekday_text,
)
from closeknit.core.time import day_end, local_today, zone

SLUG = "closeness-check"
OVERVIEW = "caseload overview"
FILTERS = ("all", "flagged")
LOGGED = frozenset({"scores", "checkins", "practice_log", "safety_alerts"})  # what this page reads


@dataclass(frozen=True)
class _Scope:
    couples: QuerySet  # couple ids of the clinician's open episodes
    episodes: QuerySet  # their ids

    def sharing(self, category: str) -> QuerySet:
        """People with live consent in this category in one of these episodes: a coarse filter in SQL,
        so rows of people who share nothing are not even fetched; the exact rule (readable_categories)
        is applied to every row in Python."""
        return Consent.objects.filter(episode_id__in=self.episodes, category=category, revoked_at__isnull=True).values(
            "user_id"
        )


def _pick(value: object) -> tuple[dt.datetime, float] | None:
    """(submitted at, total) from a JSON pick. SQLite writes the stored UTC text ("2026-03-01
    09:30:00.5"), PostgreSQL an ISO time with its offset: fromisoformat reads both."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict) or value.get("total") is None or not value.get("at"):
        return None
    at = dt.datetime.fromisoformat(value["at"])
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)), float(value["total"])


def _instrument_title(slug: str) -> str:
    try:
        return definitions.get(slug).title
    except definitions.UnknownInstrument:
        return slug


def _total(scores: dict) -> float | None:
    value = scores.get("total") if isinstance(scores, dict) else None
    return float(value) if isinstance(value, int | float) else None


class _Verdicts:
    """Reliable change on the closeness total, via assessments.change; norms fetched once, lazily."""

    def __init__(self) -> None:
        self.instrument = definitions.get(SLUG)
        self.score = self.instrument.total
        self._norms: object = None

    def __call__(self, pre: float, post: float) -> change.Change | None:
        if self.score is None:
            return None
        norms = self.score.norms
        if norms is None:
            if self._norms is None:
                self._norms = progress.usage_norms(self.instrument).get(self.score.key) or False
            norms = self._norms or None  # type: ignore[assignment]  # _norms holds the norms, None or False (none)
        return change.change_for_score(self.score, pre, post, norms=norms)


def caseload_for(user: User, *, only: str = "all") -> Caseload:
    """The caseload of the person's own open episodes (a clinician); empty for anyone else."""
    tz = getattr(user, "timezone", "UTC") or "UTC"
    today = local_today(tz)
    profile = rules.own_profile(user) if user.is_authenticated else None
    if profile is None:
        return Caseload([], [], today, 0)
    # The open episodes as a subquery: each read below filters by it in SQL, instead of sending
    # hundreds of ids as parameters (which cost more than the reads themselves at 200 couples).
    mine = Episode.objects.filter(clinician=profile, ended_at__isnull=True)
    scope = _Scope(couples=mine.filter(couple__isnull=False).values("couple_id"), episodes=mine.values("pk"))
    episodes: list[Episode] = list(mine.annotate(lead_clinician=F("lead__clinician_id")).order_by("started_at"))
    waiting = [e for e in episodes if e.couple_id is None]
    joined = [e for e in episodes if e.couple_id is not None]
    if not joined:
        return Caseload([], waiting, today, 0)
    from closeknit.couples.models import Membership

    people: dict[int, list[tuple[int, str]]] = {}
    for couple_id, user_id, display_name, email in (
        Membership.objects.filter(couple_id__in=scope.couples, left_at__isnull=True)
        .order_by("joined_at", "pk")
        .values_list("couple_id", "user_id", "user__display_name", "user__email")
    ):
        # as User.name: the chosen name, else the part of the email before the @
        people.setdefault(couple_id, []).append((user_id, display_name or email.split("@", 1)[0]))
    allowed = rules.readable_categories(user, joined)
    cases = [
        Case(
            episode=e,
            names=" & ".join(name for _, name in people.get(e.couple_id, [])) or "A couple",  # type: ignore[arg-type]  # a joined episode: couple_id is set
            partners=[Partner(pk, name, allowed.get((e.pk, pk), set())) for pk, name in people.get(e.couple_id, [])],  # type: ignore[arg-type]  # a joined episode: couple_id is set
        )
        for e in joined
    ]
    reads = _reads_to_log(user, cases, scope)
    guard = transaction.atomic() if reads else contextlib.nullcontext()
    with guard:
        _closeness(profile.pk, cases, scope)
        _activity(cases, today, scope)
        if reads:
            AccessLog.objects.bulk_create(reads)
        _safety(profile.pk, cases, scope)
    _measures(cases, today, scope)
    _coming_up(cases, today, zone(tz), scope)
    for c in cases:
        c.flags.extend(flags_of(c))
    cases.sort(key=lambda c: (not any(f.key == "safety" for f in c.flags), not c.flags, not c.overdue, c.names))
    flagged = sum(1 for c in cases if c.flags)
    if only == "flagged":
        cases = [c for c in cases if c.flags]
    return Caseload(cases, waiting, today, flagged)


def _reads_to_log(user: User, cases: list[Case], scope: _Scope) -> list[AccessLog]:
    """The overview lines not yet written today (the clinician's day) for the reads this page makes."""
    wanted = {(c.episode.pk, p.user_id, cat) for c in cases for p in c.partners for cat in p.shared & LOGGED}
    if not wanted:
        return []
    tz = getattr(user, "timezone", "UTC") or "UTC"
    since = day_end(local_today(tz) - dt.timedelta(days=1), tz)
    done = set(
        AccessLog.objects.filter(
            clinician_id=user.pk, what=OVERVIEW, at__gte=since, episode_id__in=scope.episodes
        ).values_list("episode_id", "subject_id", "category")
    )
    return [
        AccessLog(clinician_id=user.pk, subject_id=s, episode_id=e, category=cat, what=OVERVIEW, items=1)
        for e, s, cat in sorted(wanted - done)
    ]


def _closeness(profile_id: int, cases: list[Case], scope: _Scope) -> None:
    """Latest two closeness totals per partner and the first since care began (one query), and the
    pre-intensive one (one query); only for partners who share scores."""
    # cases are joined episodes: each has its couple
    by_key = {(cast(int, c.episode.couple_id), p.user_id): p for c in cases for p in c.partners if p.scores_shared}
    if not by_key:
        return
    # One row per partner who shares scores (their live consent), with their latest two results and
    # the first since care began picked by index lookups (author, instrument, status, -submitted_at):
    # the cost follows the number of partners, not the length of their history.
    # Each pick carries its time and total together as one small JSON object (one lookup, not two).
    own = (
        Administration.objects.filter(
            author_id=OuterRef("user_id"),
            couple_id=OuterRef("episode__couple_id"),
            instrument=SLUG,
            status=Administration.Status.SUBMITTED,
        )
        .annotate(pick=JSONObject(at=F("submitted_at"), total=Cast(KT("scores__total"), FloatField())))
        .values("pick")
    )
    newest = own.order_by("-submitted_at")
    since = own.filter(submitted_at__gte=OuterRef("episode__started_at")).order_by("submitted_at")
    latest: dict[tuple[int, int], list[tuple[dt.datetime, float]]] = {}
    first: dict[tuple[int, int], tuple[dt.datetime, float]] = {}
    for user_id, couple_id, *picks in (
        Consent.objects.filter(episode_id__in=scope.episodes, category="scores", revoked_at__isnull=True)
        .order_by()
        .annotate(
            p1=Subquery(newest[:1], output_field=JSONField()),
            p2=Subquery(newest[1:2], output_field=JSONField()),
            p0=Subquery(since[:1], output_field=JSONField()),
        )
        .values_list("user_id", "episode__couple_id", "p1", "p2", "p0")
    ):
        key = (couple_id, user_id)
        if key not in by_key:  # the exact rule (readable_categories) decides, row by row
            continue
        p1, p2, p0 = (_pick(p) for p in picks)
        latest[key] = [p for p in (p1, p2) if p is not None]
        if p0 is not None:
            first[key] = p0
    episode_couple = {c.episode.pk: cast(int, c.episode.couple_id) for c in cases}  # cases are joined episodes
    pre: dict[tuple[int, int], tuple[dt.datetime, float]] = {}
    for episode_id, author, at, scores in (
        Measure.objects.filter(
            episode_id__in=scope.episodes,
            user_id__in=scope.sharing("scores"),
            instrument=SLUG,
            phase=Measure.Phase.PRE,
            cancelled_at__isnull=True,
            administration__isnull=False,
        )
        .order_by("intensive__starts_on", "pk")
        .values_list("episode_id", "user_id", "administration__submitted_at", "administration__scores")
    ):
        if (total := _total(scores)) is not None and at is not None:
            pre[(episode_couple[episode_id], author)] = (at, total)  # the latest intensive's wins
    verdict = _Verdicts()
    for key, partner in by_key.items():
        rows = latest.get(key)
        if not rows:
            continue
        (at, value), prev = rows[0], (rows[1] if len(rows) > 1 else None)
        base_row, pre_row = first.get(key), pre.get(key)
        partner.closeness = Closeness(
            latest=value,
            latest_on=timezone.localdate(at),
            previous=prev[1] if prev else None,
            previous_on=timezone.localdate(prev[0]) if prev else None,
            verdict=verdict(base_row[1], value) if base_row and base_row[0] < at else None,
            pre_verdict=verdict(pre_row[1], value) if pre_row and pre_row[0] < at else None,
        )


def _activity(cases: list[Case], today: dt.date, scope: _Scope) -> None:
    """Check-in days (only check-ins with something shared, as the episode page shows) and finished
    practices, per partner; windows end on the clinician's today (a partner a day ahead counts)."""
    from closeknit.checkins.models import CheckIn
    from closeknit.practices.models import PracticeLog

    checkins = {(c.episode.couple_id, p.user_id): p for c in cases for p in c.partners if "checkins" in p.shared}
    practices = {(c.episode.couple_id, p.user_id): p for c in cases for p in c.partners if "practice_log" in p.shared}
    top = today + dt.timedelta(days=1)
    if checkins:
        week, recent = today - dt.timedelta(days=ACTIVITY_DAYS), today - dt.timedelta(days=RECENT_DAYS)
        oldest = recent - dt.timedelta(days=PRIOR_DAYS)
        # Per partner, one range walk of the (author, local_date) index over the 42 days, so the cost
        # follows the partners in care, not the size of the check-in table (PostgreSQL chose a full
        # scan for the one-big-aggregate form). The three counts travel packed in one number:
        # 10000 x last 7 days + 100 x last 14 + the 28 before (each is under 100).
        packed = (
            CheckIn.objects.filter(
                author_id=OuterRef("user_id"),
                couple_id=OuterRef("episode__couple_id"),
                local_date__gt=oldest,
                local_date__lte=top,
            )
            # "[]" as stored text: cheaper than comparing JSON values on every row, same answer
            .annotate(shared_text=Cast("shared", TextField()))
            .exclude(shared_text="[]")
            .order_by()
            .values("author_id")
            .annotate(
                n=Sum(
                    SqlCase(
                        When(local_date__gt=week, then=Value(10100)),
                        When(local_date__gt=recent, then=Value(100)),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                )
            )
            .values("n")[:1]
        )
        for user_id, couple_id, n in (
            _partners_sharing(scope, "checkins")
            .annotate(n=Subquery(packed, output_field=IntegerField()))
            .values_list("user_id", "episode__couple_id", "n")
        ):
            p = checkins.get((couple_id, user_id))
            if p is not None:
                n = n or 0
                p.checkin_days = min(n // 10000, ACTIVITY_DAYS)
                p.recent_checkins, p.prior_checkins = min(n // 100 % 100, RECENT_DAYS), n % 100
        for p in checkins.values():
            if p.checkin_days is None:
                p.checkin_days = 0
    if practices:
        done = (
            PracticeLog.objects.filter(
                author_id=OuterRef("user_id"),
                couple_id=OuterRef("episode__couple_id"),
                finished_at__isnull=False,
                local_date__gt=today - dt.timedelta(days=ACTIVITY_DAYS),
                local_date__lte=top,
            )
            .order_by()
            .values("author_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        for user_id, couple_id, n in (
            _partners_sharing(scope, "practice_log")
            .annotate(n=Subquery(done, output_field=IntegerField()))
            .values_list("user_id", "episode__couple_id", "n")
        ):
            if (p := practices.get((couple_id, user_id))) is not None:
                p.practices = n or 0
        for p in practices.values():
            if p.practices is None:
                p.practices = 0


def _partners_sharing(scope: _Scope, category: str) -> QuerySet:
    """One row per live consent in this category in the clinician's open episodes: (user, couple)."""
    return (
        Consent.objects.filter(episode_id__in=scope.episodes, category=category, revoked_at__isnull=True)
        .order_by()
        .values("user_id", "episode__couple_id")
    )


def _measures(cases: list[Case], today: dt.date, scope: _Scope) -> None:
    """Overdue: due before the clinician's today, not done, not cancelled. The clinician assigned
    them, so they are the clinician's own work list, not a read of a partner's data."""
    by_episode = {c.episode.pk: c for c in cases}
    names = {p.user_id: p.name for c in cases for p in c.partners}
    for episode_id, user_id, slug, due in (
        Measure.objects.filter(
            episode_id__in=scope.episodes, due_on__lt=today, completed_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("due_on", "pk")
        .values_list("episode_id", "user_id", "instrument", "due_on")
    ):
        by_episode[episode_id].overdue.append(
            Overdue(names.get(user_id, "A partner who left"), _instrument_title(slug), due)
        )


def _safety(profile_id: int, cases: list[Case], scope: _Scope) -> None:
    """Flagged intake screens of the episode's lead (the lead's clinician only, as can_see_screens),
    and safety alerts not yet seen. Only "flagged" and a count leave here, never answers or words."""
    leads = {c.episode.lead_id: c for c in cases if c.episode.lead_id and c.episode.lead_clinician == profile_id}  # type: ignore[attr-defined]  # lead_clinician is annotated on the query
    screened = (
        set(Screen.objects.filter(lead_id__in=leads, flagged=True).values_list("lead_id", flat=True))
        if leads
        else set()
    )
    readable = {(c.episode.pk, p.user_id) for c in cases for p in c.partners if "safety_alerts" in p.shared}
    alerts: dict[int, int] = {}
    if readable:
        for episode_id, subject_id, n in (
            SafetyAlert.objects.filter(
                episode_id__in=scope.episodes,
                subject_id__in=scope.sharing("safety_alerts"),
                seen_at__isnull=True,
            )
            .order_by()
            .values("episode_id", "subject_id")
            .annotate(n=Count("pk"))
            .values_list("episode_id", "subject_id", "n")
        ):
            if (episode_id, subject_id) in readable:  # as can_see_alert: only while consent holds
                alerts[episode_id] = alerts.get(episode_id, 0) + n
    for c in cases:
        why = []
        if c.episode.lead_id in screened:
            why.append(
                gettext("A private intake screen came back with answers about safety. Read it before any joint work.")
            )
        if unseen := alerts.get(c.episode.pk):
            why.append(
                ngettext(
                    "%(n)s safety alert not yet seen: words written in the app that may mean someone is not safe. "
                    "Open the couple's page to see where and when.",
                    "%(n)s safety alerts not yet seen: words written in the app that may mean someone is not safe. "
                    "Open the couple's page to see where and when.",
                    unseen,
                )
                % {"n": unseen}
            )
        if why:
            label = gettext("Safety screen") if c.episode.lead_id in screened else gettext("Safety alert")
            c.flags.append(Flag("safety", label, " ".join(why)))


def _coming_up(cases: list[Case], today: dt.date, tz: dt.tzinfo, scope: _Scope) -> None:
    """The next booked session (through the episode's lead) and the next scheduled intensive, in the
    clinician's zone."""
    by_lead = {c.episode.lead_id: c for c in cases if c.episode.lead_id}
    if by_lead:
        for lead_id, start in (
            Appointment.objects.filter(lead_id__in=by_lead, status=Appointment.Status.BOOKED, start__gte=timezone.now())
            .order_by("start")
            .values_list("lead_id", "start")
        ):
            if by_lead[lead_id].next_appointment is None:
                by_lead[lead_id].next_appointment = start
    by_episode = {c.episode.pk: c for c in cases}
    for intensive in Intensive.objects.filter(
        episode_id__in=scope.episodes, status=Intensive.Status.SCHEDULED, ends_on__gte=today
    ).order_by("starts_on", "pk"):
        case = by_episode[intensive.episode_id]
        if case.next_intensive is None:
            case.next_intensive = intensive
    for c in cases:
        c.zone = tz
        if (i := c.next_intensive) is not None:
            days = weekday_text(i.starts_on) + (f" – {weekday_text(i.ends_on)}" if i.ends_on != i.starts_on else "")
            c.next_lines.append(gettext("Intensive %(days)s") % {"days": days})
        if c.next_appointment is not None:
            local = c.next_appointment.astimezone(tz)
            c.next_lines.append(
                gettext("Next session %(day)s, %(time)s")
                % {"day": weekday_text(local.date()), "time": f"{local:%H:%M}"}
            )
