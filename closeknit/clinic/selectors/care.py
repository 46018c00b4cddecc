"""Care reads: a partner's own view of their episodes and log; the clinician's consented reads.

Every clinician read of a partner's data goes through access.clinic.can_read and is logged
in the same transaction by log_read, before the data leaves this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from closeknit.access import active_couple_id
from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.checkins import feelings
from closeknit.clinic.models import AccessLog, Consent, Episode, PolicyAck
from closeknit.clinic.models.care import CATEGORIES
from closeknit.core.errors import NotFound
from closeknit.core.pages import After, Page, keyset

CHECKIN_DAYS = 30


@dataclass
class PartnerEpisode:
    episode: Episode
    acknowledged: bool
    granted: set[str]
    categories: list[tuple[str, str]] = field(default_factory=lambda: [(c, gettext(label)) for c, label in CATEGORIES])


def episodes_for_partner(user: User) -> list[PartnerEpisode]:
    couple_id = active_couple_id(user)
    if couple_id is None:
        return []
    out = []
    for e in Episode.objects.filter(couple_id=couple_id, ended_at__isnull=True).select_related("clinician__user"):
        acked = PolicyAck.objects.filter(episode=e, user=user, policy=e.policy).exists()
        granted = set(
            Consent.objects.filter(episode=e, user=user, revoked_at__isnull=True).values_list("category", flat=True)
        )
        out.append(PartnerEpisode(episode=e, acknowledged=acked, granted=granted))
    return out


def my_access_log(user: User, limit: int = 200) -> list[AccessLog]:
    """What clinicians read about this person: theirs to see, always."""
    return list(AccessLog.objects.filter(subject=user).select_related("clinician")[:limit])


def my_access_log_page(user: User, *, after: After | None, limit: int) -> Page[AccessLog]:
    """All of it, a page at a time (the API): nothing read about a person is out of their reach."""
    return keyset(AccessLog.objects.filter(subject=user).select_related("clinician"), "at", after=after, limit=limit)


def practice_access_log_page(user: User, *, after: After | None, limit: int) -> Page[AccessLog]:
    """Every read at the practices this person owns, newest first, a page at a time (the API)."""
    owned = [pid for pid in rules.practice_ids(user) if rules.can_review_access_log(user, pid)]
    if not owned:
        raise NotFound()
    rows = AccessLog.objects.filter(episode__clinician__practice_id__in=owned).select_related("clinician", "subject")
    return keyset(rows, "at", after=after, limit=limit)


def practice_access_log(user: User, practice_id: int, limit: int = 500) -> list[AccessLog]:
    if not rules.can_review_access_log(user, practice_id):
        raise NotFound()
    return list(
        AccessLog.objects.filter(episode__clinician__practice_id=practice_id).select_related("clinician", "subject")[
            :limit
        ]
    )


@dataclass
class Member:
    user: User
    acknowledged: bool
    granted: set[str]


@dataclass
class ClinicianEpisode:
    episode: Episode
    members: list[Member]
    join_url_token: str


def episode_for_clinician(user: User, episode_id: int) -> ClinicianEpisode:
    profile = rules.own_profile(user)
    episode = Episode.objects.filter(pk=episode_id, clinician=profile).first() if profile else None
    if episode is None:
        raise NotFound("We could not find that couple.")
    members: list[Member] = []
    if episode.couple_id:
        from closeknit.couples import selectors as couples

        for p in couples.members(episode.couple_id):
            members.append(
                Member(
                    user=p,
                    acknowledged=PolicyAck.objects.filter(episode=episode, user=p, policy=episode.policy).exists(),
                    granted=set(
                        Consent.objects.filter(episode=episode, user=p, revoked_at__isnull=True).values_list(
                            "category", flat=True
                        )
                    ),
                )
            )
    return ClinicianEpisode(episode=episode, members=members, join_url_token=episode.join_token)


LABELS = {
    "feelings": gettext_lazy("Feelings"),
    "emotional_closeness": gettext_lazy("Emotional closeness (0-10)"),
    "physical_closeness": gettext_lazy("Physical closeness (0-10)"),
    "stress": gettext_lazy("Stress (0-10)"),
    "appreciation": gettext_lazy("Appreciation"),
    "need": gettext_lazy("Need"),
    "note": gettext_lazy("Note"),
}
WRITTEN = ("appreciation", "need", "note")  # the partner's own words: shown as written, with their `lang`


@dataclass(frozen=True)
class SharedCheckIn:
    local_date: dt.date
    answers: dict[str, Any]

    @property
    def labelled(self) -> list[tuple[str, Any, bool]]:
        """(label, value, written): the labels and feelings in the reader's language; `written` marks the
        partner's own words, which the page shows as written with their `lang`."""
        # A score the person skipped is null: left out, never shown as "None" or as a number.
        return [
            (
                str(LABELS.get(k, k)),
                ", ".join(feelings.label(f) for f in v) if k == "feelings" else v,
                k in WRITTEN,
            )
            for k, v in self.answers.items()
            if v is not None
        ]


def checkins_for_clinician(user: User, episode: Episode, subject: User) -> list[SharedCheckIn] | None:
    """None when the rules refuse. Consent to "checkins" opens the answers the partner shared with
    their partner, from check-ins written in this couple's space in the last 30 days; answers kept
    private stay private. The read and its log line commit together."""
    from closeknit.checkins.models import ANSWERS, CheckIn

    if not rules.can_read(user, subject, episode, "checkins"):
        return None
    assert episode.couple_id is not None  # can_read holds only in an active episode, which has its couple
    since = timezone.now().date() - dt.timedelta(days=CHECKIN_DAYS)
    with transaction.atomic():
        rows = list(
            CheckIn.objects.filter(author=subject, couple_id=episode.couple_id, local_date__gte=since).order_by(
                "-local_date"
            )
        )
        out = [
            SharedCheckIn(r.local_date, {a: getattr(r, a) for a in ANSWERS if r.is_shared(a)}) for r in rows if r.shared
        ]
        rules.log_read(
            clinician_user=user,
            subject=subject,
            episode=episode,
            category="checkins",
            what=f"check-ins, last {CHECKIN_DAYS} days",
            items=len(out),
        )
    return out
