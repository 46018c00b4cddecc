"""Reads about a couple's space, already limited to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from closeknit import access
from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Invitation, Membership


@dataclass(frozen=True)
class Space:
    couple: Couple
    me: User
    partner: User | None
    open_invitation: Invitation | None

    @property
    def is_solo(self) -> bool:
        return self.partner is None


def space_for(user: User) -> Space | None:
    couple_id = access.active_couple_id(user)
    if couple_id is None:
        return None
    couple = Couple.objects.get(pk=couple_id)
    members = list(
        Membership.objects.filter(couple_id=couple_id, left_at__isnull=True)
        .select_related("user")
        .order_by("joined_at")
    )
    partner = next((m.user for m in members if m.user_id != user.pk), None)
    invitation = None
    if partner is None:
        invitation = (
            Invitation.objects.filter(
                couple_id=couple_id, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
            )
            .order_by("-created_at")
            .first()
        )
    return Space(couple=couple, me=user, partner=partner, open_invitation=invitation)


def partner_of(user: User) -> User | None:
    space = space_for(user)
    return space.partner if space else None


def partner_ids(user: User) -> list[int]:
    couple_id = access.active_couple_id(user)
    if couple_id is None:
        return []
    return list(
        Membership.objects.filter(couple_id=couple_id, left_at__isnull=True)
        .exclude(user_id=user.pk)
        .values_list("user_id", flat=True)
    )


def members(couple_id: int | None) -> list[User]:
    """The couple's present partners, in the order they joined (partner "a" first). For callers that
    already hold the right to know who is in the couple (its care team, say): no viewer check here."""
    if couple_id is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(couple_id=couple_id, left_at__isnull=True)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]
