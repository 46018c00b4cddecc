"""Care episodes: a clinician starts one, a couple joins it, each partner acknowledges the
confidentiality policy and grants or revokes consent per category, on their own."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from closeknit.access import active_couple_id
from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import Consent, Episode, Lead, PolicyAck
from closeknit.clinic.models.care import CATEGORIES
from closeknit.core.errors import NotFound, ServiceError

CATEGORY_NAMES = {c for c, _ in CATEGORIES}


@transaction.atomic
def start_episode(*, user: User, policy: str, lead_id: int | None = None) -> Episode:
    profile = rules.own_profile(user)
    if profile is None:
        raise NotFound()
    if policy not in Episode.Policy.values:
        raise ServiceError(gettext("Please choose how you will handle what partners tell you alone."), field="policy")
    lead = None
    if lead_id is not None:
        lead = Lead.objects.filter(pk=lead_id, clinician=profile).first()
        if lead is None:
            raise NotFound(gettext("We could not find that couple."))
    episode = Episode.objects.create(clinician=profile, lead=lead, policy=policy, join_token=secrets.token_urlsafe(24))
    if lead is not None:  # the couple who reached out hear of it from us, each at their own address
        transaction.on_commit(lambda: _invite(episode.pk))
    return episode


def _invite(episode_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.episode_started(episode_id)


def _open_episode(token: str) -> Episode:
    episode = Episode.objects.filter(join_token=token, ended_at__isnull=True).select_related("clinician__user").first()
    if not token or episode is None:
        raise NotFound("We could not find that invitation. It may have ended; please ask your therapist.")
    return episode


def episode_by_token(token: str) -> Episode:
    return _open_episode(token)


@transaction.atomic
def join_episode(*, user: User, token: str) -> Episode:
    """The first partner to join ties the episode to their couple; the other partner joins the same."""
    episode = _open_episode(token)
    couple_id = active_couple_id(user)
    if couple_id is None:
        raise ServiceError("Please make or join your shared space first.", status=409, code="no_space")
    updated = Episode.objects.filter(pk=episode.pk, couple__isnull=True).update(couple_id=couple_id)
    if not updated:
        episode.refresh_from_db()
        if episode.couple_id != couple_id:
            raise NotFound("We could not find that invitation. It may have ended; please ask your therapist.")
    episode.refresh_from_db()
    return episode


def _member_episode(user: User, episode_id: int) -> Episode:
    episode = Episode.objects.filter(pk=episode_id, ended_at__isnull=True).first()
    if episode is None or not rules.is_member(user, episode):
        raise NotFound("We could not find that.")
    return episode


@transaction.atomic
def acknowledge(*, user: User, episode_id: int, policy: str) -> PolicyAck:
    """`policy` is what the person read; if the episode's policy is different, they read the wrong one."""
    episode = _member_episode(user, episode_id)
    if policy != episode.policy:
        raise ServiceError("The agreement changed; please read it again.", status=409, code="policy_changed")
    ack, _ = PolicyAck.objects.get_or_create(episode=episode, user=user, defaults={"policy": policy})
    return ack


@transaction.atomic
def set_consent(*, user: User, episode_id: int, category: str, granted: bool) -> None:
    if category not in CATEGORY_NAMES:
        raise ServiceError("That is not something you can share.", field="category")
    episode = _member_episode(user, episode_id)
    live = Consent.objects.filter(episode=episode, user=user, category=category, revoked_at__isnull=True)
    if granted:
        if not PolicyAck.objects.filter(episode=episode, user=user, policy=episode.policy).exists():
            raise ServiceError(
                "Please read and accept the agreement first.", status=409, code="policy_not_acknowledged"
            )
        if not live.exists():
            try:
                with transaction.atomic():
                    Consent.objects.create(episode=episode, user=user, category=category)
            except IntegrityError:  # a double submit: the grant is already there
                pass
    else:
        for consent in live.select_for_update():  # saved one by one so the audit log records each
            consent.revoked_at = timezone.now()
            consent.save(update_fields=["revoked_at"])


@transaction.atomic
def end_episode(*, user: User, episode_id: int) -> None:
    profile = rules.own_profile(user)
    if profile is None or not Episode.objects.filter(pk=episode_id, clinician=profile).exists():
        raise NotFound()
    Episode.objects.filter(pk=episode_id, ended_at__isnull=True).update(ended_at=timezone.now())
