"""What a person sees of an online session's link: nothing unless they take part, a note saying when it
appears until 15 minutes before the start, then the link itself until the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic import online
from closeknit.clinic.models import Appointment

# Lazy: each is read in the language of the person looking, when the page is drawn.
EARLY = gettext_lazy("The link appears 15 minutes before.")
ENDED = gettext_lazy("This session has ended.")
NOWHERE = gettext_lazy("Your therapist will send the link.")


@dataclass
class Join:
    state: str  # "early", "open", "ended" or "nowhere" (no room to give)
    url: str
    opens_at: dt.datetime

    @property
    def message(self) -> str:
        return str({"early": EARLY, "ended": ENDED, "nowhere": NOWHERE}.get(self.state, ""))


def join_for(
    appt: Appointment | None, *, user: User | None = None, screen: Any = None, now: dt.datetime | None = None
) -> Join | None:
    """None for anyone who does not take part (or an in-person session): the page shows no trace."""
    if appt is None:
        return None
    who = rules.online_participant(appt, user=user, screen=screen)
    if who is None:
        return None
    now = now or timezone.now()
    opens = appt.start - online.OPENS_BEFORE
    if now < opens:
        return Join("early", "", opens)
    if now >= appt.end:
        return Join("ended", "", opens)
    name, moderator = who
    url = online.link_for(appt, name=name, moderator=moderator)
    return Join("open" if url else "nowhere", url, opens)


def upcoming_for_partner(user: User, *, now: dt.datetime | None = None) -> list[tuple[Appointment, Join]]:
    """A partner's online sessions not yet over, each with what they may see of its link (the care page)."""
    from closeknit.access import active_couple_id
    from closeknit.clinic.models import Episode

    couple_id = active_couple_id(user)
    if couple_id is None:
        return []
    now = now or timezone.now()
    leads = Episode.objects.filter(couple_id=couple_id, ended_at__isnull=True, lead__isnull=False).values("lead_id")
    out = []
    for appt in Appointment.objects.filter(
        lead_id__in=leads, status=Appointment.Status.BOOKED, online=True, end__gt=now
    ).select_related("clinician__user", "lead"):
        join = join_for(appt, user=user, now=now)
        if join is not None:
            out.append((appt, join))
    return out
