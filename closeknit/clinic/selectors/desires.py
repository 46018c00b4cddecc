"""What a clinician may read of a partner's wishes and boundaries: the clinic reads the desires practice
(as care.checkins_for_clinician reads check-ins), with consent, and logs the read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from closeknit.access import clinic as clinic_rules
from closeknit.access import desires as rules
from closeknit.accounts.models import User
from closeknit.clinic.models import Episode
from closeknit.desires.content import Item, deck
from closeknit.desires.models import Boundary, DesireAnswer


@dataclass(frozen=True)
class ForClinician:
    answers: list[tuple[Item, str]]
    boundaries: list[str]


def for_clinician(user: User, episode: Episode, subject: User) -> ForClinician | None:
    """None unless the person consented to "desires" in this episode. Only their own list and
    boundaries, from this couple's space; the read and its log line commit together."""
    if not rules.clinician_may_read(user, subject, episode):
        return None
    assert episode.couple_id is not None  # the rules read only an active episode, which has its couple
    with transaction.atomic():
        marks = dict(
            DesireAnswer.objects.filter(author=subject, couple_id=episode.couple_id).values_list("item", "value")
        )
        answers = [(i, marks[i.id]) for i in deck().items if i.id in marks]
        bounds = [b.text for b in Boundary.objects.filter(author=subject, couple_id=episode.couple_id)]
        clinic_rules.log_read(
            clinician_user=user,
            subject=subject,
            episode=episode,
            category=rules.CATEGORY,
            what="wishes and boundaries",
            items=len(answers) + len(bounds),
        )
    return ForClinician(answers, bounds)
