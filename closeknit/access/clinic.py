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
- A lead (and its booked first conversation) is handed to another clinician of the same practice by
  whoever sees it; from then on the new clinician is the lead's clinician, screens included.
- Intensive templates: the practice's owner and its clinicians edit them; admin staff do not.
- A scheduled intensive (its day-of view, blocks, checklist, measures, maintenance plan) is run by
  the episode's clinician only; nobody else at the practice sees it. Its scores at a glance still go
  through `can_read(..., "scores")`, like every other read of a partner's data.
- A partner sees the measures assigned to them alone (never their partner's) once they open.
- The couple sees their own intensive's days: dates, times, block titles and kinds, and whose
  individual interview is when (`can_see_intensive_days`), while in the couple and the episode is
  open; never goals, checklists, note templates or notes. A cancelled intensive disappears.
- Safety alerts (the crisis net caught words a partner wrote): the episode's clinician is told only
  under the same conditions as `can_read(..., "safety_alerts")` — active episode, partner still in
  the couple, both acknowledged the policy, that partner's live consent — and sees only the kind,
  the flow and the time, never the words. The other partner is told nothing, not even existence.
- Progress reports: the clinician version is the episode's clinician's only; each partner's scores
  in it still need `can_read(..., "scores")` and a `log_read` line. A partner downloads their own
  version while in the couple; it shows the other partner's scores only as access.assessments
  already opens them to this partner, and never notes, check-in text or safety findings.
- A clinician's calendar (week and day): the clinician, and the practice's owner and admin staff, as for
  the schedule; intensive blocks show as "Busy" to everyone but the intensive's clinician. Its private
  feed opens with its secret only (stored as a hash), carries no names, and is a 404 once stopped.
- An online session's link: the participants only (`online_participant`: the clinician, both partners
  of the booking or of the couple in care that grew from it), and only from 15 minutes before the start
  (selectors.online). Colleagues, owners, admin staff, other couples and ex-partners never get it.
- Every allowed read is written to AccessLog by `log_read`, in the caller's transaction.
- Clinical notes are the episode clinician's own record: only that clinician (while they hold the
  clinician role) writes and reads them; not other clinicians, owners, admin staff or partners.
  Reading one's own note is not an AccessLog line (docs/decisions.md). After the episode ends the
  notes stay readable to their clinician and can be signed and amended, but not written or edited.
- A note with a subject (an individual session, or an intensive block with one partner) is
  confidential to that partner under the "individual" policy: `note_reaches` keeps it out of
  everything the other partner reads. Under "no_secrets" it is part of the joint record. Drafts
  reach no partner.
- Handing an episode over (open or ended): its clinician, or the practice's owner or admin staff (for
  a clinician who left), to a colleague holding the clinician role in the same practice only
  (`can_hand_over`, `can_take_over`). The new clinician reads nothing of a partner until that partner
  re-confirms (services.handover revokes every live consent at the handover); the notes follow the
  episode (docs/decisions.md, "Handing care over").
- The caseload dashboard asks `readable_categories` (the same rule as `can_read`, for all of a
  clinician's episodes in a few queries) and logs one "caseload overview" line per partner, per
  category read, per clinician, per day (docs/decisions.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from closeknit.access import active_couple_id

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import ClinicianProfile, Episode, Intensive, Lead


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


def can_hand_over(user: User, episode: Episode) -> bool:
    """The episode's clinician while they hold the role, or the owner or admin staff of its practice
    (someone has to act for a clinician who has already left)."""
    if not user.is_authenticated:
        return False
    clinician = episode.clinician
    if clinician.user_id == user.pk and own_profile(user) is not None:
        return True
    return bool(roles_in(user, clinician.practice_id) & {"owner", "admin"})


def can_take_over(profile: ClinicianProfile, episode: Episode) -> bool:
    """A colleague: another clinician profile in the same practice, whose person holds the clinician role there."""
    return _colleague_of(profile, episode.clinician)


def _colleague_of(profile: ClinicianProfile, holder: ClinicianProfile) -> bool:
    """Another clinician profile in `holder`'s practice, whose person holds the clinician role there."""
    from closeknit.clinic.models import StaffRole

    return (
        profile.pk != holder.pk
        and profile.practice_id == holder.practice_id
        and StaffRole.objects.filter(
            user_id=profile.user_id, practice_id=profile.practice_id, role="clinician"
        ).exists()
    )


def can_hand_over_lead(user: User, lead: Lead) -> bool:
    """Whoever sees the lead (its clinician, the practice's owner and admin staff) may hand it to a
    colleague: a clinician leaving hands over their own, the front desk acts for one who has left."""
    return user.is_authenticated and can_see_lead(user, lead)


def can_take_lead(profile: ClinicianProfile, lead: Lead) -> bool:
    """Another clinician of the lead's practice, whose person holds the clinician role there."""
    return _colleague_of(profile, lead.clinician)


def can_see_screens(user: User, lead: Lead) -> bool:
    """Safety answers are clinical: the lead's clinician only, not the front desk."""
    return lead.clinician.user_id == user.pk and own_profile(user) is not None


def can_review_access_log(user: User, practice_id: int) -> bool:
    return "owner" in roles_in(user, practice_id)


def can_edit_templates(user: User, practice_id: int) -> bool:
    """Templates shape clinical days: the owner and the practice's clinicians, not the front desk."""
    roles = roles_in(user, practice_id)
    if "owner" in roles:
        return True
    profile = own_profile(user) if "clinician" in roles else None
    return profile is not None and profile.practice_id == practice_id


def can_run_intensive(user: User, intensive: Intensive) -> bool:
    """The episode's clinician only, while they still hold the clinician role."""
    clinician = intensive.episode.clinician
    return user.is_authenticated and clinician.user_id == user.pk and own_profile(user) is not None


def can_schedule_intensive(user: User, episode: Episode) -> bool:
    """The episode's clinician, once the couple has joined and while the episode is open."""
    return episode_active(episode) and episode.clinician.user_id == user.pk and own_profile(user) is not None


def is_member(user: User, episode: Episode) -> bool:
    """A partner of the episode's couple, while they are in it."""
    return episode.couple_id is not None and active_couple_id(user) == episode.couple_id


def can_see_intensive_days(user: User, intensive: Intensive) -> bool:
    """The couple sees when their intensive runs and what each block is called, while they are in the
    couple and care is open: never the goals, checklists, note templates or notes, which are the
    clinician's working material."""
    episode = intensive.episode
    return (
        user.is_authenticated
        and episode_active(episode)
        and intensive.status != "cancelled"
        and is_member(user, episode)
    )


def can_see_clinician_report(user: User, episode: Episode) -> bool:
    """The episode's clinician only, while they hold the role: not colleagues, owners or the front desk."""
    return user.is_authenticated and episode.clinician.user_id == user.pk and own_profile(user) is not None


def can_see_partner_report(user: User, episode: Episode) -> bool:
    """A partner of the episode's couple, while they are in it; what it shows of the other partner is
    decided per result by access.assessments."""
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
    assert episode.couple_id is not None  # episode_active above
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


def alert_episodes(subject: User) -> list[Episode]:
    """The care episodes whose clinician is told when the crisis net catches this partner's words:
    exactly those where the clinician could read the "safety_alerts" category now."""
    from closeknit.clinic.models import Episode

    couple_id = active_couple_id(subject)
    if couple_id is None:
        return []
    episodes = Episode.objects.filter(couple_id=couple_id, ended_at__isnull=True).select_related("clinician__user")
    return [e for e in episodes if can_read(e.clinician.user, subject, e, "safety_alerts")]


def can_see_alert(user: User, episode: Episode, subject: User) -> bool:
    """A clinician sees (and marks seen) a partner's safety alert only while consent still holds."""
    return can_read(user, subject, episode, "safety_alerts")


def readable_categories(clinician_user: User, episodes: list[Episode]) -> dict[tuple[int, int], set[str]]:
    """`can_read` for many episodes at once, in a fixed number of queries (the caseload dashboard).

    Returns {(episode id, partner's user id): categories with live consent} for every partner the
    clinician may read now; a pair absent from the answer may be read in no category. Same rules as
    `can_read`, line for line; a test proves they agree on every combination."""
    from closeknit.clinic.models import ClinicianProfile, Consent, PolicyAck
    from closeknit.couples.models import Membership

    if not clinician_user.is_authenticated or own_profile(clinician_user) is None:
        return {}
    open_eps = [e for e in episodes if episode_active(e)]
    if not open_eps:
        return {}
    mine = set(
        ClinicianProfile.objects.filter(
            pk__in={e.clinician_id for e in open_eps}, user_id=clinician_user.pk
        ).values_list("pk", flat=True)
    )
    open_eps = [e for e in open_eps if e.clinician_id in mine]
    if not open_eps:
        return {}
    members: dict[int, set[int]] = {}
    for couple_id, user_id in Membership.objects.filter(
        couple_id__in={e.couple_id for e in open_eps}, left_at__isnull=True
    ).values_list("couple_id", "user_id"):
        members.setdefault(couple_id, set()).add(user_id)
    policy = {e.pk: e.policy for e in open_eps}
    acked: dict[int, set[int]] = {}
    for episode_id, user_id, pol in PolicyAck.objects.filter(episode_id__in=policy).values_list(
        "episode_id", "user_id", "policy"
    ):
        if pol == policy[episode_id]:
            acked.setdefault(episode_id, set()).add(user_id)
    granted: dict[tuple[int, int], set[str]] = {}
    for episode_id, user_id, category in Consent.objects.filter(
        episode_id__in=policy, revoked_at__isnull=True
    ).values_list("episode_id", "user_id", "category"):
        granted.setdefault((episode_id, user_id), set()).add(category)
    out: dict[tuple[int, int], set[str]] = {}
    for e in open_eps:
        people = members.get(e.couple_id, set())  # type: ignore[arg-type]  # open episodes have their couple
        if not people <= acked.get(e.pk, set()):
            continue
        for user_id in people:
            if granted.get((e.pk, user_id)):
                out[(e.pk, user_id)] = set(granted[(e.pk, user_id)])
    return out


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
    """Confidential to its subject: a note about one partner under the "individual" policy. A note
    whose subject deleted their account stays confidential, to nobody: it never reaches the other."""
    return episode.policy == "individual" and (note.subject_id is not None or note.subject_removed)


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


def can_see_calendar(user: User, clinician: ClinicianProfile) -> bool:
    """A clinician's week: the clinician themself, and the owner and admin staff of their practice
    (the same people who manage the schedule). Intensive blocks show their titles to the clinician
    only; to everyone else they are just "Busy" (see `can_run_intensive`)."""
    return user.is_authenticated and can_manage_schedule(user, clinician)


def online_participant(appt: Any, *, user: User | None = None, screen: Any = None) -> tuple[str, bool] | None:
    """(name, is_moderator) when this person takes part in this online session, else None.

    The participants are the appointment's clinician (while they hold the role), and the two partners
    of its couple: through their own private booking link (the partner only once the writer's screen let
    anything reach them, as for every email), or, once in care, through their account while they are
    still in the couple of an open episode that grew from this request. Nobody else: not colleagues,
    owners or the front desk, not another couple, not someone who has left the couple. Once care grew
    from the request, a booking link opens the room only while that care is open and its couple still
    together: a link outlives a partner who left, and the room must not."""
    from closeknit.clinic.models import Episode

    if appt.status != "booked" or not appt.online or appt.lead_id is None:
        return None
    if screen is not None:
        lead = screen.lead
        if screen.lead_id != appt.lead_id:
            return None
        grown = Episode.objects.filter(lead_id=appt.lead_id)
        if grown.exists() and not grown.filter(ended_at__isnull=True, couple__ended_at__isnull=True).exists():
            return None
        if screen.person == "a" and lead.email:
            return (lead.name, False)
        if screen.person == "b" and lead.partner_email and lead.partner_invited_at is not None:
            return (lead.partner_name or "Partner", False)
        return None
    if user is None or not user.is_authenticated:
        return None
    if appt.clinician.user_id == user.pk:
        return (user.name, True) if own_profile(user) is not None else None
    couple_id = active_couple_id(user)
    if couple_id is None:
        return None
    if Episode.objects.filter(lead_id=appt.lead_id, couple_id=couple_id, ended_at__isnull=True).exists():
        return (user.name, False)
    return None
