"""Who in a practice may see what about a couple. Every clinic selector asks this module.

The rules:
- Staff see their own practice only. Owners and admin staff see leads and the schedule of the
  practice; a clinician sees their own leads, schedule and episodes. Only the owner reviews the
  practice's access log.
- A clinician reads a partner's data only through an active care episode with that partner's couple,
  while the partner is an active member of that couple, with both partners' acknowledgement of the
  episode's confidentiality policy, and with that partner's live consent for that category. Admin
  staff and owners who are not the episode's clinician read nothing of a couple's data.
- Consent to "checkins" opens only the answers the partner shared with their partner; an answer kept
  private stays private from the clinician too (docs/decisions.md).
- Safety screens: the person and the lead's clinician; never the other partner, not even existence.
- Progress reports: the clinician version is the episode's clinician's only; each partner's scores
  in it still need `can_read(..., "scores")` and a `log_read` line. A partner downloads their own
  version while in the couple; it shows the other partner's scores only as core.access.assessments
  already opens them to this partner, and never notes, check-in text or safety findings.
- Every allowed read is written to AccessLog by `log_read`, in the caller's transaction.
- Clinical notes are the episode clinician's own record: only that clinician (while they hold the
  clinician role) writes and reads them; not other clinicians, owners, admin staff or partners.
  Reading one's own note is not an AccessLog line (docs/decisions.md). After the episode ends the
  notes stay readable to their clinician and can be signed and amended, but not written or edited.
- A note with a subject (an individual session, or an intensive block with one partner) is
  confidential to that partner under the "individual" policy: `note_reaches` keeps it out of
  everything the other partner reads. Under "no_secrets" it is part of the joint record. Drafts
  reach no partner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from closeknit.core.access import active_couple_id

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import ClinicianProfile, Episode, Lead


def roles_in(user: User, practice_id: int) -> set[str]:
    if not user.is_authenticated:
        return set()
    from closeknit.clinic.models import StaffRole

    return set(StaffRole.objects.filter(user_id=user.pk, practice_id=practice_id).values_list("role", flat=True))


def practice_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    from closeknit.clinic.models import StaffRole

    return list(StaffRole.objects.filter(user_id=user.pk).values_list("practice_id", flat=True).distinct())


def own_profile(user: User) -> ClinicianProfile | None:
    """The person's clinician profile, only while they hold the clinician role in its practice."""
    if not user.is_authenticated:
        return None
    from closeknit.clinic.models import ClinicianProfile, StaffRole

    profile = ClinicianProfile.objects.filter(user_id=user.pk).select_related("practice", "user").first()
    if profile is None:
        return None
    ok = StaffRole.objects.filter(user_id=user.pk, practice_id=profile.practice_id, role="clinician").exists()
    return profile if ok else None


def can_manage_schedule(user: User, clinician: ClinicianProfile) -> bool:
    if clinician.user_id == user.pk and own_profile(user) is not None:
        return True
    return bool(roles_in(user, clinician.practice_id) & {"owner", "admin"})


def can_see_lead(user: User, lead: Lead) -> bool:
    """Contact details and the booking; screen answers need `can_see_screens`."""
    clinician = lead.clinician
    if clinician.user_id == user.pk and own_profile(user) is not None:
        return True
    return bool(roles_in(user, clinician.practice_id) & {"owner", "admin"})


def can_see_screens(user: User, lead: Lead) -> bool:
    """Safety answers are clinical: the lead's clinician only, not the front desk."""
    return lead.clinician.user_id == user.pk and own_profile(user) is not None


def can_review_access_log(user: User, practice_id: int) -> bool:
    return "owner" in roles_in(user, practice_id)


def is_member(user: User, episode: Episode) -> bool:
    """A partner of the episode's couple, while they are in it."""
    return episode.couple_id is not None and active_couple_id(user) == episode.couple_id


def can_see_clinician_report(user: User, episode: Episode) -> bool:
    """The episode's clinician only, while they hold the role: not colleagues, owners or the front desk."""
    return user.is_authenticated and episode.clinician.user_id == user.pk and own_profile(user) is not None


def can_see_partner_report(user: User, episode: Episode) -> bool:
    """A partner of the episode's couple, while they are in it; what it shows of the other partner is
    decided per result by core.access.assessments."""
    return user.is_authenticated and is_member(user, episode)


def episode_active(episode: Episode) -> bool:
    return episode.ended_at is None and episode.couple_id is not None


def can_read(clinician_user: User, subject: User, episode: Episode, category: str) -> bool:
    """May this clinician read this partner's data of this category now? (Then log the read.)"""
    from closeknit.clinic.models import Consent, PolicyAck
    from closeknit.couples.models import Membership

    if not clinician_user.is_authenticated or not episode_active(episode):
        return False
    if episode.clinician.user_id != clinician_user.pk or own_profile(clinician_user) is None:
        return False
    members = set(
        Membership.objects.filter(couple_id=episode.couple_id, left_at__isnull=True).values_list("user_id", flat=True)
    )
    if subject.pk not in members:
        return False
    acked = set(PolicyAck.objects.filter(episode=episode, policy=episode.policy).values_list("user_id", flat=True))
    if not members <= acked:
        return False
    return Consent.objects.filter(
        episode=episode, user_id=subject.pk, category=category, revoked_at__isnull=True
    ).exists()


def log_read(*, clinician_user: User, subject: User, episode: Episode, category: str, what: str, items: int) -> None:
    from closeknit.clinic.models import AccessLog

    AccessLog.objects.create(
        clinician_id=clinician_user.pk,
        subject_id=subject.pk,
        episode=episode,
        category=category,
        what=what,
        items=items,
    )


def can_read_notes(user: User, episode: Episode) -> bool:
    """The episode's clinician only, even after the episode ends: records must be kept."""
    if not user.is_authenticated:
        return False
    return episode.clinician.user_id == user.pk and own_profile(user) is not None


def can_write_notes(user: User, episode: Episode) -> bool:
    """New notes and draft edits: the episode's clinician, while the episode is open."""
    return episode.ended_at is None and can_read_notes(user, episode)


def can_amend_notes(user: User, episode: Episode) -> bool:
    """Signing and amending stay open after the episode ends, so a record can be finished or corrected."""
    return can_read_notes(user, episode)


def note_is_confidential(note: Any, episode: Episode) -> bool:
    """Confidential to its subject: a note about one partner under the "individual" policy."""
    return episode.policy == "individual" and note.subject_id is not None


def note_reaches(partner: User, note: Any) -> bool:
    """May anything this partner reads (their report, a copy of their record) carry this note?

    Only signed notes, only for someone who was a partner in the episode's couple, and a note
    confidential to one partner reaches that partner alone. Call this for every note before it
    leaves the clinic towards a partner; `selectors.notes.notes_for_partner_record` already does."""
    from closeknit.couples.models import Membership

    if not partner.is_authenticated or note.signed_at is None:
        return False
    episode = note.episode
    if episode.couple_id is None:
        return False
    if not Membership.objects.filter(couple_id=episode.couple_id, user_id=partner.pk).exists():
        return False
    if note_is_confidential(note, episode):
        return note.subject_id == partner.pk
    return True
