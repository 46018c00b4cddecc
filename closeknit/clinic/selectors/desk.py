"""What practice staff see: leads, the schedule, episodes. Filtered by access.clinic."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic import screening
from closeknit.clinic.models import Appointment, ClinicianProfile, Episode, Lead
from closeknit.core.errors import NotFound


@dataclass
class Desk:
    profile: ClinicianProfile | None
    leads: list[Lead]
    appointments: list[Appointment]
    episodes: list[Episode]
    is_owner: bool
    practice_ids: list[int]


def _visible_clinicians(user: User) -> Q:
    """Own profile as a clinician; every clinician of a practice where one is owner or admin staff."""
    q = Q(pk__in=[])
    if rules.own_profile(user) is not None:
        q |= Q(user_id=user.pk)
    managed = [pid for pid in rules.practice_ids(user) if rules.roles_in(user, pid) & {"owner", "admin"}]
    if managed:
        q |= Q(practice_id__in=managed)
    return q


def is_staff(user: User) -> bool:
    return bool(rules.practice_ids(user))


def desk_for(user: User) -> Desk:
    clinicians = ClinicianProfile.objects.filter(_visible_clinicians(user))
    profile = rules.own_profile(user)
    leads = list(
        Lead.objects.filter(clinician__in=clinicians)
        .exclude(status=Lead.Status.CLOSED)
        .select_related("clinician__user")
        .prefetch_related("screens")
        .order_by("-created_at")[:100]
    )
    appointments = list(
        Appointment.objects.filter(
            clinician__in=clinicians, status=Appointment.Status.BOOKED, end__gte=timezone.now()
        ).select_related("clinician__user", "lead")[:100]
    )
    # Names, scores and flags per couple come from selectors.caseload (the dashboard's caseload).
    episodes = list(Episode.objects.filter(clinician=profile, ended_at__isnull=True).only("pk")) if profile else []
    pids = rules.practice_ids(user)
    return Desk(
        profile=profile,
        leads=leads,
        appointments=appointments,
        episodes=episodes,
        is_owner=any(rules.can_review_access_log(user, pid) for pid in pids),
        practice_ids=pids,
    )


@dataclass
class ScreenView:
    person: str
    name: str
    answered: bool
    flagged: bool
    answers: screening.Answers | None

    @property
    def rows(self) -> list[tuple[str, bool]]:
        return [(str(q.text), self.answers.safety[q.name]) for q in screening.SAFETY] if self.answers else []

    @property
    def coming(self) -> str:
        return str(screening.COMING.get(self.answers.coming, "")) if self.answers else ""


@dataclass
class LeadView:
    lead: Lead
    appointment: Appointment | None
    screens: list[ScreenView] | None  # None: this viewer may not read screens at all


def lead_for(user: User, lead_id: int) -> LeadView:
    lead = Lead.objects.filter(pk=lead_id).select_related("clinician__user", "clinician__practice").first()
    if lead is None or not rules.can_see_lead(user, lead):
        raise NotFound(gettext("We could not find that couple."))
    screens = None
    if rules.can_see_screens(user, lead):
        screens = []
        for s in lead.screens.order_by("person"):
            name = lead.name if s.person == "a" else (lead.partner_name or gettext("Their partner"))
            answers = screening.Answers.from_json(s.answers) if s.answered_at else None
            screens.append(ScreenView(s.person, name, s.answered_at is not None, s.flagged, answers))
    appt = lead.appointments.filter(status=Appointment.Status.BOOKED).first()
    return LeadView(lead=lead, appointment=appt, screens=screens)
