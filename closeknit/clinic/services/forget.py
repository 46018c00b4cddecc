"""What the clinic lets go of when a partner deletes their account (accounts.services.delete_account asks
through accounts.hooks).

Reaching out needs no account, so a lead is matched by address: wherever one of the person's addresses
is the lead's writer or the partner they named, that person's side of the lead (name, address, message,
their own screen's answers) goes. The other side stays: it is the other person's. The lead itself, its
booking and whether a screen was flagged stay, as the clinician's intake record. Notes are kept as
decided before (services.notes.keep_notes_about); the access log about the person cascades with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from closeknit.accounts.models import User
from closeknit.clinic.models import Appointment, Lead, Screen
from closeknit.clinic.services import notes
from closeknit.core.errors import ServiceError

GONE = "A person who deleted their account"


def forget_leads(*, emails: Iterable[str]) -> int:
    """Returns how many leads lost a side. Addresses are stored lower-case by the intake form."""
    addresses = sorted({e.strip().lower() for e in emails if e and e.strip()})
    if not addresses:
        return 0
    changed = 0
    with transaction.atomic():
        for lead in Lead.objects.select_for_update().filter(email__in=addresses):
            Lead.objects.filter(pk=lead.pk).update(name=GONE, email="", message="")
            Screen.objects.filter(lead=lead, person="a").update(answers="")
            changed += 1
        for lead in Lead.objects.select_for_update().filter(partner_email__in=addresses):
            Lead.objects.filter(pk=lead.pk).update(partner_name="", partner_email="")
            Screen.objects.filter(lead=lead, person="b").update(answers="")
            changed += 1
    return changed


def refuse_while_holding_records(user: User) -> None:
    """Connected to accounts.hooks.deletion_refused: a clinician's account waits until their episodes
    are handed over (services.notes.holds_clinical_records), and their leads too: a person who reached
    out, and a first conversation they booked, must not vanish with the account (the foreign keys
    PROTECT them; this says so in words first)."""
    if notes.holds_clinical_records(user):
        raise ServiceError(
            _(
                "You still hold care episodes, and they are part of your practice's records, which must be "
                "kept. Please hand each one over to a colleague first (or ask your practice to); then you "
                "can delete this account. Notes you wrote stay with the couple's record under a pseudonym."
            ),
            status=409,
            code="keeps_clinical_records",
        )
    waiting = Lead.objects.filter(clinician__user=user).count()
    if waiting or Appointment.objects.filter(clinician__user=user).exists():
        raise ServiceError(
            ngettext(
                "One person who reached out to you is still in your hands, with any first conversation they "
                "booked. Please hand them over to a colleague first, on their page in the clinic (or ask your "
                "practice to); then you can delete this account.",
                "%(count)s people who reached out to you are still in your hands, with any first conversations "
                "they booked. Please hand each one over to a colleague first, on their page in the clinic (or "
                "ask your practice to); then you can delete this account.",
                waiting,
            )
            % {"count": waiting},
            status=409,
            code="keeps_leads",
        )


def forget_person(*, user: User, emails: Iterable[str], pseudonym: str) -> None:
    """Connected to accounts.hooks.forgetting, inside the deletion's transaction."""
    # A clinician's notes about this person are the practice's record, not this person's writing:
    # they stay, marked as about someone who deleted their account (docs/decisions.md).
    notes.keep_notes_about(user)
    notes.keep_notes_by(user, pseudonym)
    forget_leads(emails=emails)
