"""Writes for the desires practice. Keyword-only, one transaction each. Every write that could change
what both partners see ends by syncing the couple's Reveal, so its dates move only with the matches."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from closeknit import access
from closeknit.access import desires as rules
from closeknit.accounts.models import User
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable
from closeknit.couples import selectors as couples
from closeknit.couples.models import Couple
from closeknit.desires import matching
from closeknit.desires.content import VALUES, deck
from closeknit.desires.models import AdultConfirmation, Boundary, DesireAnswer, Reveal
from closeknit.safety import net

MAX_BOUNDARY = 300
MAX_BOUNDARIES = 20
NOT_HERE = gettext_noop("We could not find that.")


def _offered_couple(user: User) -> int:
    """The person's space, or a 404 that says nothing about why (gating is silent)."""
    if not rules.offered(user):
        raise NotFound(_(NOT_HERE))
    couple_id = access.active_couple_id(user)
    assert couple_id is not None
    return couple_id


def _adult(user: User) -> None:
    if not AdultConfirmation.objects.filter(user=user).exists():
        raise ServiceError(_("Please confirm you are an adult before you start."), status=403, code="adult_required")


def confirm_adult(*, user: User, confirmed: Any) -> AdultConfirmation:
    _offered_couple(user)
    if confirmed is not True:
        raise ServiceError(_("Tick the box to confirm you are 18 or older."), field="confirmed")
    row, _created = AdultConfirmation.objects.get_or_create(user=user)
    return row


def set_answers(*, user: User, answers: Any) -> int:
    """Save some or all of the person's marks; returns how many were saved. All or nothing."""
    couple_id = _offered_couple(user)
    _adult(user)
    if not couples.partner_ids(user):
        raise ServiceError(_("This practice opens once your partner has joined your space."), status=409, code="solo")
    if not isinstance(answers, Mapping) or not answers:
        raise ServiceError(_("Mark at least one item."), field="answers")
    d = deck()
    for item, value in answers.items():
        if d.item(item) is None:
            raise ServiceError(_("We don't know one of those items."), field="answers", code="unknown_item")
        if value not in VALUES:
            raise ServiceError(_('Each mark should be "yes", "maybe" or "no".'), field="answers")
    with transaction.atomic():
        # One writer per couple at a time: two partners finishing at the same moment must not each
        # miss the other's list (READ COMMITTED on PostgreSQL) and leave the reveal closed.
        list(Couple.objects.select_for_update().filter(pk=couple_id).values_list("pk", flat=True))
        existing = {
            r.item: r for r in DesireAnswer.objects.select_for_update().filter(author=user, couple_id=couple_id)
        }
        for item, value in answers.items():
            row = existing.get(item)
            if row is None:
                try:
                    with transaction.atomic():
                        DesireAnswer.objects.create(author=user, couple_id=couple_id, item=item, value=value)
                    continue
                except IntegrityError:
                    row = DesireAnswer.objects.get(author=user, couple_id=couple_id, item=item)
            if row.value != value:
                row.value = value
                row.save(update_fields=["value", "updated_at"])
        _sync_reveal(couple_id)
    return len(answers)


def _sync_reveal(couple_id: int) -> None:
    """Open the reveal once both have finished; afterwards move `changed_at` only if the matches move."""
    members = [u.pk for u in couples.members(couple_id)]
    if len(members) != 2:
        return
    lists = matching.lists_for(couple_id, members)
    matches = json.dumps(matching.matches(*lists))
    now = timezone.now()
    reveal = Reveal.objects.select_for_update().filter(couple_id=couple_id).first()
    if reveal is None:
        if not all(matching.finished(a) for a in lists):
            return
        try:
            with transaction.atomic():
                Reveal.objects.create(couple_id=couple_id, matches=matches, opened_at=now, changed_at=now)
        except IntegrityError:
            pass  # the partner's save opened it a moment ago, with the same matches
        return
    if reveal.matches != matches:
        reveal.matches = matches
        reveal.changed_at = now
        reveal.save(update_fields=["matches", "changed_at"])


def add_boundary(*, user: User, text: Any, shared: Any = False) -> Boundary:
    couple_id = _offered_couple(user)
    _adult(user)
    if not isinstance(text, str):
        raise ServiceError(_("A boundary should be text."), field="text")
    if not isinstance(shared, bool):
        raise ServiceError(_("Shared should be true or false."), field="shared")
    clean = storable(text, field="text", label=pgettext("field label", "the boundary"), max_length=MAX_BOUNDARY)
    if not clean:
        raise ServiceError(_("Write your boundary in a few words."), field="text")
    with transaction.atomic():
        if Boundary.objects.filter(author=user, couple_id=couple_id).count() >= MAX_BOUNDARIES:
            raise ServiceError(
                _("You can keep up to %(n)d boundaries; remove one to add another.") % {"n": MAX_BOUNDARIES},
                field="text",
            )
        support = net.screen(user=user, texts=[clean], where="boundary")
        row = Boundary.objects.create(author=user, couple_id=couple_id, text=clean, shared=shared)
        row.support = support  # shown to the author once, not kept
        return row


def _own_boundary(user: User, boundary_id: int) -> Boundary:
    couple_id = _offered_couple(user)
    row = Boundary.objects.filter(pk=boundary_id, author=user, couple_id=couple_id).first()
    if row is None:
        raise NotFound(_(NOT_HERE))
    return row


def share_boundary(*, user: User, boundary_id: int, shared: Any) -> Boundary:
    if not isinstance(shared, bool):
        raise ServiceError(_("Shared should be true or false."), field="shared")
    with transaction.atomic():
        row = _own_boundary(user, boundary_id)
        row.shared = shared
        row.save(update_fields=["shared"])
        return row


def delete_boundary(*, user: User, boundary_id: int) -> None:
    with transaction.atomic():
        _own_boundary(user, boundary_id).delete()
