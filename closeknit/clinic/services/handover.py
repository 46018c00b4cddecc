"""Handing a care episode, or a lead, to a colleague in the same practice, and each partner's answer.

The episode changes hands at once: the departing clinician (who may already be gone) stops seeing it.
Consent was given to a person, so every live consent ends at the handover and each partner chooses
again what the new clinician may see; until they do, the new clinician reads nothing of theirs.
Either partner may decline instead, and declining ends the episode for the couple: couples work needs
both people in the room (docs/decisions.md, "Handing care over")."""

from __future__ import annotations

import functools

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic import ics
from closeknit.clinic.models import Appointment, ClinicianProfile, Consent, Episode, Handover, HandoverReply, Lead
from closeknit.clinic.selectors import schedule as schedule_selectors
from closeknit.clinic.selectors.handover import waiting_reply
from closeknit.clinic.services.care import CATEGORY_NAMES, set_consent
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors as couples


@transaction.atomic
def hand_over(*, user: User, episode_id: int, to_clinician_id: int) -> Handover:
    """Open episodes: each partner still in the couple is told and asked. Ended episodes: only the
    record changes custody (nobody is contacted about care that has ended)."""
    episode = Episode.objects.select_for_update().filter(pk=episode_id).select_related("clinician__user").first()
    if episode is None or not rules.can_hand_over(user, episode):
        raise NotFound(gettext("We could not find that couple."))
    target = ClinicianProfile.objects.select_related("user").filter(pk=to_clinician_id).first()
    if target is None or not rules.can_take_over(target, episode):
        raise ServiceError(gettext("Please choose a colleague who sees couples in this practice."), field="to")
    before = episode.clinician
    handover = Handover.objects.create(
        episode=episode,
        from_clinician=before,
        from_name=before.user.name,
        to_clinician=target,
        started_by=user,
    )
    episode.clinician = target
    episode.save(update_fields=["clinician"])
    if episode.ended_at is not None or episode.couple_id is None:
        return handover
    now = timezone.now()
    for partner in couples.members(episode.couple_id):
        live = list(Consent.objects.select_for_update().filter(episode=episode, user=partner, revoked_at__isnull=True))
        for consent in live:  # one by one, so the audit log records each
            consent.revoked_at = now
            consent.save(update_fields=["revoked_at"])
        HandoverReply.objects.create(handover=handover, user=partner, had=sorted(c.category for c in live))
        rules.log_read(
            clinician_user=target.user,
            subject=partner,
            episode=episode,
            category="care",
            what=f"care handed over from {before.user.name}; nothing shared until you choose again",
            items=0,
        )
    transaction.on_commit(lambda: _tell(handover.pk))
    return handover


@transaction.atomic
def hand_over_lead(*, user: User, lead_id: int, to_clinician_id: int) -> Lead:
    """A person who reached out, and the first conversation they booked, move to a colleague: the
    departing clinician's account can be deleted only once none is left in their hands (a lead is the
    practice's, not the clinician's). The booked time stays, so the couple keeps their slot: it must be
    free on the colleague's calendar, and the couple gets the booking again with the new name. The
    screens go with the lead: the new clinician is the one who must read them before a joint session."""
    lead = Lead.objects.select_for_update().filter(pk=lead_id).select_related("clinician__practice").first()
    if lead is None or not rules.can_hand_over_lead(user, lead):
        raise NotFound(gettext("We could not find that couple."))
    target = ClinicianProfile.objects.select_related("user", "practice").filter(pk=to_clinician_id).first()
    if target is None or not rules.can_take_lead(target, lead):
        raise ServiceError(gettext("Please choose a colleague who sees couples in this practice."), field="to")
    ClinicianProfile.objects.select_for_update().filter(pk=target.pk).first()  # the booking lock
    now = timezone.now()
    coming = list(
        Appointment.objects.select_for_update().filter(lead=lead, status=Appointment.Status.BOOKED, start__gt=now)
    )
    for appt in coming:
        busy = Appointment.objects.filter(
            clinician=target, status=Appointment.Status.BOOKED, start__lt=appt.end, end__gt=appt.start
        ).exists() or bool(schedule_selectors.intensive_busy(target, appt.start, appt.end))
        if busy:
            raise _not_free(target, appt)
    try:
        with transaction.atomic():
            Appointment.objects.filter(lead=lead).update(clinician=target)
    except IntegrityError:  # a past session at the very same start on both calendars
        raise _not_free(target, coming[0] if coming else None) from None
    for appt in coming:
        Appointment.objects.filter(pk=appt.pk).update(sequence=appt.sequence + 1)
        transaction.on_commit(functools.partial(_rebooked, appt.pk))
    lead.clinician = target
    lead.save(update_fields=["clinician"])
    return lead


def _not_free(target: ClinicianProfile, appt: Appointment | None) -> ServiceError:
    if appt is None:
        return ServiceError(
            gettext("%(name)s already has a session at the same time as one of this couple's.")
            % {"name": target.user.name},
            status=409,
            code="slot_taken",
            field="to",
        )
    return ServiceError(
        gettext(
            "%(name)s already has something at %(when)s, when this couple's first conversation is booked. "
            "Move the first conversation on the calendar first, or choose another colleague."
        )
        % {"name": target.user.name, "when": ics.when(appt, target.user.timezone or target.practice.timezone)},
        status=409,
        code="slot_taken",
        field="to",
    )


def _rebooked(appointment_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.appointment_changed(appointment_id, "booked")


def _tell(handover_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.handover_started(handover_id)


@transaction.atomic
def answer(*, user: User, episode_id: int, accept: bool, share: list[str] | None = None) -> HandoverReply:
    """`share` is what the partner chooses to share with the new clinician (any of the categories;
    nothing is shared for them by default)."""
    episode = Episode.objects.select_for_update().filter(pk=episode_id, ended_at__isnull=True).first()
    if episode is None or not rules.is_member(user, episode):
        raise NotFound("We could not find that.")
    reply = waiting_reply(user, episode)
    if reply is None:
        raise ServiceError("There is nothing waiting for your answer here.", status=409, code="no_handover")
    share = list(share or [])
    unknown = [c for c in share if c not in CATEGORY_NAMES]
    if unknown:
        raise ServiceError("That is not something you can share.", field="share")
    reply.answer = HandoverReply.Answer.ACCEPTED if accept else HandoverReply.Answer.DECLINED
    reply.answered_at = timezone.now()
    reply.save(update_fields=["answer", "answered_at"])
    if not accept:
        episode.ended_at = reply.answered_at
        episode.save(update_fields=["ended_at"])
        return reply
    for category in share:
        set_consent(user=user, episode_id=episode.pk, category=category, granted=True)
    return reply
