"""The clinician's caseload over HTTP (under /api/clinic/): the same rows as the desk page.

Scores and activity appear only where that partner shares them with the clinician now (otherwise
null, with `shared` saying what is open), and the reads are logged exactly as the page logs them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from closeknit.access import clinic as rules
from closeknit.accounts.http import AuthedRequest
from closeknit.api.errors import responses
from closeknit.clinic.selectors import caseload as selectors
from closeknit.core.errors import NotFound

router = Router(tags=["clinic"])


class ClosenessOut(Schema):
    latest: float = Field(description="Closeness overall (0 to 4) at the latest closeness check.")
    latest_on: dt.date
    previous: float | None
    trend: Literal["up", "down", "same", ""] = Field(description="The step since the check before; empty if one.")
    summary: str = Field(description="Reliable change since care began (or since the intensive), in words.")


class CaseloadPartnerOut(Schema):
    user_id: int
    name: str
    shared: list[str] = Field(description="Categories this partner shares with you now.")
    closeness: ClosenessOut | None = Field(description="Null when not shared or not taken yet.")
    checkin_days: int | None = Field(description="Days with a check-in in the last 7; null when not shared.")
    practices: int | None = Field(description="Practices finished in the last 7 days; null when not shared.")


class OverdueOut(Schema):
    name: str
    instrument: str
    due_on: dt.date


class FlagOut(Schema):
    key: Literal["safety", "worse", "dropped"]
    label: str
    why: str


class CaseOut(Schema):
    episode_id: int
    names: str
    in_care_since: dt.datetime
    next_session: dt.datetime | None
    next_intensive_on: dt.date | None
    partners: list[CaseloadPartnerOut]
    overdue: list[OverdueOut]
    flags: list[FlagOut]


class CaseloadOut(Schema):
    cases: list[CaseOut]
    flagged: int = Field(description="Couples with at least one flag, whatever the filter.")
    waiting: list[int] = Field(description="Episodes whose couple has not joined yet.")


class CaseloadQuery(Schema):
    only: Literal["all", "flagged"] = "all"


def _case(c: selectors.Case) -> CaseOut:
    return CaseOut(
        episode_id=c.episode.pk,
        names=c.names,
        in_care_since=c.episode.started_at,
        next_session=c.next_appointment,
        next_intensive_on=c.next_intensive.starts_on if c.next_intensive else None,
        partners=[
            CaseloadPartnerOut(
                user_id=p.user_id,
                name=p.name,
                shared=sorted(p.shared),
                closeness=ClosenessOut(
                    latest=p.closeness.latest,
                    latest_on=p.closeness.latest_on,
                    previous=p.closeness.previous,
                    trend=p.closeness.trend,  # type: ignore[arg-type]  # the selector's str; pydantic checks it against the Literal
                    summary=p.closeness.summary,
                )
                if p.closeness
                else None,
                checkin_days=p.checkin_days,
                practices=p.practices,
            )
            for p in c.partners
        ],
        overdue=[OverdueOut(name=o.name, instrument=o.instrument, due_on=o.due_on) for o in c.overdue],
        flags=[FlagOut(key=f.key, label=f.label, why=f.why) for f in c.flags],  # type: ignore[arg-type]  # the selector's strs; pydantic checks them against the Literal
    )


@router.get(
    "/clinic/caseload",
    response={200: CaseloadOut, **responses(401, 404, 422)},
    summary="Your caseload: one row per couple in care, flags first (reads logged)",
)
def caseload(request: AuthedRequest, query: Query[CaseloadQuery]) -> CaseloadOut:
    """Only a clinician has a caseload; anyone else gets 404."""
    if rules.own_profile(request.user) is None:
        raise NotFound("Only a clinician has a caseload.")
    load = selectors.caseload_for(request.user, only=query.only)
    return CaseloadOut(cases=[_case(c) for c in load.cases], flagged=load.flagged, waiting=[e.pk for e in load.waiting])
