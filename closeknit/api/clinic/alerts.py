"""Safety alerts over HTTP, for the episode's clinician only (under /api/clinic/).

An alert says who, in which flow, when and what kind; never the words. Partners have no route here:
the person who wrote sees help on their own screen, and their partner is never told."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Path, Router, Schema
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.api.common import MAX_ID
from closeknit.api.errors import responses
from closeknit.clinic.selectors import alerts as alert_selectors
from closeknit.clinic.selectors import care as care_selectors
from closeknit.clinic.selectors import desk as desk_selectors
from closeknit.clinic.services import alerts as alert_services
from closeknit.core.errors import NotFound

router = Router(tags=["clinic"])


class SafetyAlertOut(Schema):
    id: int
    subject_id: int = Field(description="The partner the alert is about.")
    subject_name: str
    where: str = Field(description="The flow: checkin, reflection, gratitude, moment, question, map, talk.")
    kinds: list[Literal["suicide", "self_harm", "abuse"]]
    at: dt.datetime
    seen_at: dt.datetime | None


def _out(a: alert_selectors.AlertView) -> SafetyAlertOut:
    return SafetyAlertOut(
        id=a.id,
        subject_id=a.subject_id,
        subject_name=a.subject_name,
        where=a.where,
        kinds=list(a.kinds),  # type: ignore[arg-type]  # the selector's strs; pydantic checks them against the Literal
        at=a.at,
        seen_at=a.seen_at,
    )


def _staff(request: AuthedRequest):
    if not desk_selectors.is_staff(request.user):
        raise NotFound()
    return request.user


@router.get(
    "/clinic/episodes/{episode_id}/alerts",
    response={200: list[SafetyAlertOut], **responses(401, 404, 422)},
    summary="Safety alerts for an episode (logged)",
)
def list_alerts(request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID)) -> list[SafetyAlertOut]:
    """Only partners who consented to safety alerts; an empty list when none did or none fired."""
    view = care_selectors.episode_for_clinician(_staff(request), episode_id)
    return [_out(a) for a in alert_selectors.for_episode(request.user, view.episode) or []]


@router.post(
    "/clinic/alerts/{alert_id}/seen",
    response={200: SafetyAlertOut, **responses(400, 401, 403, 404, 422)},
    summary="Mark a safety alert seen",
)
def alert_seen(request: AuthedRequest, alert_id: int = Path(..., ge=1, le=MAX_ID)) -> SafetyAlertOut:
    """For the episode's clinician: records that you have seen a safety alert, and when."""
    alert = alert_services.mark_seen(user=_staff(request), alert_id=alert_id)
    return _out(alert_selectors.view_of(alert))
