"""Reads for handing care over: which episodes a person may hand over, to whom, and what a partner is
asked. No partner data here: a handover shows names and dates, never what was shared."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import ClinicianProfile, Episode, HandoverReply, Lead, StaffRole
from closeknit.clinic.models.care import CATEGORIES
from closeknit.core.errors import NotFound


def episodes_to_hand_over(user: User) -> list[Episode]:
    """The person's own episodes (as a clinician), and, for owners and admin staff, every episode of
    their practices: someone has to act for a colleague who has left."""
    managed = [pid for pid in rules.practice_ids(user) if rules.roles_in(user, pid) & {"owner", "admin"}]
    own = rules.own_profile(user)
    rows = Episode.objects.filter(clinician__practice_id__in=managed)
    if own is not None:
        rows = rows | Episode.objects.filter(clinician=own)
    return list(rows.select_related("clinician__user", "lead").order_by("clinician__user__display_name", "started_at"))


def episode_to_hand_over(user: User, episode_id: int) -> Episode:
    episode = Episode.objects.select_related("clinician__user").filter(pk=episode_id).first()
    if episode is None or not rules.can_hand_over(user, episode):
        raise NotFound(gettext("We could not find that couple."))
    return episode


def colleagues(episode: Episode) -> list[ClinicianProfile]:
    """Who may take this episode: the other clinicians of its practice."""
    return _other_clinicians(episode.clinician)


def lead_colleagues(user: User, lead: Lead) -> list[ClinicianProfile]:
    """Who may take this lead, for someone who may hand it over; nobody otherwise."""
    if not rules.can_hand_over_lead(user, lead):
        return []
    return _other_clinicians(lead.clinician)


def _other_clinicians(clinician: ClinicianProfile) -> list[ClinicianProfile]:
    people = StaffRole.objects.filter(practice_id=clinician.practice_id, role="clinician").values("user_id")
    return list(
        ClinicianProfile.objects.filter(practice_id=clinician.practice_id, user_id__in=people)
        .exclude(pk=clinician.pk)
        .select_related("user")
        .order_by("user__display_name")
    )


def waiting_reply(user: User, episode: Episode) -> HandoverReply | None:
    """This partner's unanswered reply to the episode's latest handover, if any."""
    latest = episode.handovers.order_by("-started_at", "-pk").first()
    if latest is None:
        return None
    return HandoverReply.objects.filter(handover=latest, user=user, answer="").select_related("handover").first()


@dataclass
class Asked:
    reply: HandoverReply
    episode: Episode
    new_name: str
    from_name: str
    categories: list[tuple[str, str]]


def waiting_for_partner(user: User, episodes: list[Episode]) -> dict[int, Asked]:
    """{episode id: what this partner is asked} for the open episodes (already theirs to see) whose
    latest handover waits for their answer. Nothing about the other partner's answer."""
    out: dict[int, Asked] = {}
    for e in episodes:
        reply = waiting_reply(user, e)
        if reply is not None:
            h = reply.handover
            out[e.pk] = Asked(
                reply, e, e.clinician.user.name, h.from_name, [(c, gettext(label)) for c, label in CATEGORIES]
            )
    return out
