"""Writes to a couple's space. Each function is one transaction and raises ServiceError on refusal."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit import access
from closeknit.accounts.models import User
from closeknit.core import ratelimit
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable
from closeknit.couples.models import Couple, Invitation, Membership

INVITE_LIFETIME = dt.timedelta(days=7)
# No 0/O, 1/I/L: a code is read aloud or typed from a text message.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def create_space(*, user: User, name: str = "") -> Couple:
    if access.active_couple_id(user) is not None:
        raise ServiceError(
            _("You already have a shared space. Leave it first to start a new one."),
            status=409,
            code="already_in_space",
        )
    name = storable(
        name, field="name", label=pgettext("field label", "the space's name"), max_length=80, single_line=True
    )
    try:
        with transaction.atomic():
            couple = Couple.objects.create(name=name, created_by=user)
            Membership.objects.create(couple=couple, user=user)
    except IntegrityError:  # a second request raced this one
        raise ServiceError(_("You already have a shared space."), status=409, code="already_in_space") from None
    access.forget(user)
    return couple


def ensure_space(*, user: User) -> int:
    """The person's active space, or a new solo one: everything solo-capable works alone, so writing
    anything before making a space must not be refused."""
    couple_id = access.active_couple_id(user)
    if couple_id is None:
        couple_id = create_space(user=user).pk
        access.forget(user)
    return couple_id


def rename_space(*, user: User, couple_id: int, name: str) -> Couple:
    if not access.can_manage_space(user, couple_id):
        raise NotFound()
    name = storable(
        name, field="name", label=pgettext("field label", "the space's name"), max_length=80, single_line=True
    )
    Couple.objects.filter(pk=couple_id).update(name=name)
    return Couple.objects.get(pk=couple_id)


def create_invitation(*, user: User, couple_id: int) -> Invitation:
    if not access.can_manage_space(user, couple_id):
        raise NotFound()
    with transaction.atomic():
        # Lock the space: two clicks at once must not leave two open invitations (PostgreSQL; SQLite
        # already serialises writers).
        Couple.objects.select_for_update().filter(pk=couple_id).first()
        if Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).count() >= 2:
            raise ServiceError(_("Your space already has two partners."), status=409, code="space_full")
        now = timezone.now()
        # One open invitation at a time: a new one replaces the old, so a forgotten link stops working.
        Invitation.objects.filter(couple_id=couple_id, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return Invitation.objects.create(
                        couple_id=couple_id,
                        created_by=user,
                        token=secrets.token_urlsafe(24),
                        code=_new_code(),
                        expires_at=now + INVITE_LIFETIME,
                    )
            except IntegrityError:
                continue
    raise ServiceError(_("Could not make an invitation just now; please try again."), status=409, code="retry")


def revoke_invitation(*, user: User, invitation_id: int) -> None:
    inv = Invitation.objects.filter(pk=invitation_id).first()
    if inv is None or not access.can_manage_space(user, inv.couple_id):
        raise NotFound()
    if inv.used_at:
        raise ServiceError(_("That invitation was already used."), status=409, code="invite_used")
    if not inv.revoked_at:
        Invitation.objects.filter(pk=inv.pk).update(revoked_at=timezone.now())


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")
CODE_ATTEMPTS = 10
CODE_WINDOW = 15 * 60


def _count_code_attempt(user: User) -> None:
    """Codes are short enough to guess by sweeping: allow a person ten tries per quarter hour."""
    ratelimit.hit(
        f"invite-code-attempts:{user.pk}",
        limit=CODE_ATTEMPTS,
        window=CODE_WINDOW,
        message=_("Too many codes tried. Please wait a few minutes, or ask your partner for the link."),
        code="too_many_attempts",
    )


def _find_invitation(*, token: str | None, code: str | None) -> Invitation:
    qs = Invitation.objects.select_related("couple")
    inv = None
    if token and not TOKEN_SHAPE.fullmatch(token):
        token, code = None, None  # a malformed link cannot match; never send it to the database
    if token:
        inv = qs.filter(token=token).first()
    elif code:
        inv = qs.filter(code=normalise_code(code)).first()
    if inv is None:
        raise ServiceError(
            _("We don't recognise that invitation. Check the code, or ask for a new link."),
            status=404,
            code="invite_unknown",
        )
    return inv


def check_invitation(*, token: str | None = None, code: str | None = None) -> Invitation:
    """Raise a clear error unless the invitation can still be used."""
    inv = _find_invitation(token=token, code=code)
    state = inv.status(timezone.now())
    if inv.couple.ended_at:
        state = "revoked"
    messages = {
        "revoked": _("This invitation was cancelled. Ask your partner for a new one."),
        "used": _("This invitation has already been used."),
        "expired": _("This invitation has expired. Ask your partner for a new one."),
    }
    if state != "open":
        raise ServiceError(messages[state], status=410, code=f"invite_{state}")
    return inv


def accept_invitation(*, user: User, token: str | None = None, code: str | None = None) -> Couple:
    if code is not None and not token:
        _count_code_attempt(user)
    with transaction.atomic():
        inv = check_invitation(token=token, code=code)
        # Lock the space so two invitations accepted at the same moment cannot make three partners.
        Couple.objects.select_for_update().filter(pk=inv.couple_id).first()
        if Membership.objects.filter(couple_id=inv.couple_id, user=user, left_at__isnull=True).exists():
            raise ServiceError(_("You are already in this space."), status=409, code="already_member")
        current = access.active_couple_id(user)
        if current is not None:
            if Membership.objects.filter(couple_id=current, left_at__isnull=True).count() > 1:
                raise ServiceError(
                    _("You are already in a shared space with a partner. Leave it before joining another."),
                    status=409,
                    code="already_in_space",
                )
            # Alone in a space of one's own: joining a partner closes it. What was written stays the author's.
            _end_space(current)
            access.forget(user)
        if Membership.objects.filter(couple_id=inv.couple_id, left_at__isnull=True).count() >= 2:
            raise ServiceError(_("That space already has two partners."), status=409, code="space_full")
        # Mark used first and conditionally: two people racing for one invitation cannot both win.
        won = Invitation.objects.filter(pk=inv.pk, used_at__isnull=True, revoked_at__isnull=True).update(
            used_at=timezone.now(), used_by=user
        )
        if not won:
            raise ServiceError(_("This invitation has already been used."), status=410, code="invite_used")
        try:
            with transaction.atomic():
                Membership.objects.create(couple_id=inv.couple_id, user=user)
        except IntegrityError:
            raise ServiceError(_("You are already in a shared space."), status=409, code="already_in_space") from None
    access.forget(user)
    return inv.couple


def leave_space(*, user: User) -> None:
    """Leaving ends the space for both: entries stay with their authors; shared views close."""
    couple_id = access.active_couple_id(user)
    if couple_id is None:
        raise ServiceError(_("You are not in a shared space."), status=409, code="no_space")
    with transaction.atomic():
        _end_space(couple_id)
    access.forget(user)


def _end_space(couple_id: int) -> None:
    now = timezone.now()
    Couple.objects.filter(pk=couple_id, ended_at__isnull=True).update(ended_at=now)
    Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).update(left_at=now)
    Invitation.objects.filter(couple_id=couple_id, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)


def forget_names(*, user: User) -> int:
    """Before a person's account goes: every space they were ever in loses its name. Either partner may
    have named or renamed it and nothing records who, so the name goes whole; the space the other
    partner was in has ended by now (leaving ends it), and an unnamed space reads as "Your shared
    space" wherever it is shown (docs/decisions.md)."""
    spaces = Membership.objects.filter(user=user).values("couple_id")
    return Couple.objects.filter(pk__in=spaces).exclude(name="").update(name="")
