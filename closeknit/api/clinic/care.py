"""API routes for partners' care and consent, and for the clinician's desk; they reuse the schemas of
closeknit.api.clinic.public.

Who may see what is decided by closeknit.access.clinic through the clinic's selectors and
services; every clinician read of a partner's data is logged there before it is returned.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.utils.translation import gettext
from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field, PlainSerializer, WithJsonSchema

from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.clinic.public import Category, ClinicAppointmentOut, Policy, appointment_out
from closeknit.api.common import MAX_ID, In
from closeknit.api.errors import responses
from closeknit.api.pagination import CURSOR, LIMIT, decode, page_of, page_out
from closeknit.clinic import policies
from closeknit.clinic.models.care import CATEGORIES, LOG_KINDS
from closeknit.clinic.selectors import care as care_selectors
from closeknit.clinic.selectors import desk as desk_selectors
from closeknit.clinic.services import availability, care
from closeknit.core.errors import NotFound

router: Router = Router(tags=["clinic"])


# --- partners: care and consent ------------------------------------------------------------------------
class CareConsentOut(Schema):
    category: Category
    label: str
    shared: bool


class CareEpisodeOut(Schema):
    id: int
    clinician: str
    policy: Policy
    policy_text: str
    acknowledged: bool = Field(description="You accepted the policy; sharing needs it.")
    consents: list[CareConsentOut] = Field(description="Your own choices only; your partner chooses separately.")


class CareJoinIn(In):
    token: str = Field(min_length=1, max_length=64)


class PolicyAckIn(In):
    policy: Policy


class CareConsentIn(In):
    shared: bool


if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    LogKind = str
else:
    LogKind = Literal[tuple(c for c, _ in LOG_KINDS)]


class AccessLogOut(Schema):
    at: dt.datetime
    clinician: str
    subject: str
    category: LogKind
    what: str
    items: int


def log_out(row) -> AccessLogOut:
    return AccessLogOut(
        at=row.at,
        clinician=row.reader,
        subject=row.subject.name,
        category=row.category,
        what=row.what,
        items=row.items,
    )


def _my_episodes(user: User) -> list[CareEpisodeOut]:
    out = []
    for e in care_selectors.episodes_for_partner(user):
        name = e.episode.clinician.user.name
        out.append(
            CareEpisodeOut(
                id=e.episode.pk,
                clinician=name,
                policy=e.episode.policy,  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal
                policy_text=policies.text(e.episode.policy, name),
                acknowledged=e.acknowledged,
                consents=[
                    CareConsentOut(category=c, label=gettext(label), shared=c in e.granted) for c, label in CATEGORIES
                ],
            )
        )
    return out


def _one(user: User, episode_id: int) -> CareEpisodeOut:
    found = next((e for e in _my_episodes(user) if e.id == episode_id), None)
    if found is None:
        raise NotFound()
    return found


@router.get("/care", response={200: list[CareEpisodeOut], **responses(401)}, summary="Your care episodes")
def my_care(request: AuthedRequest) -> list[CareEpisodeOut]:
    """The therapists you are connected with, the confidentiality policy of each, and what you share with them."""
    return _my_episodes(request.user)


@router.post(
    "/care/join",
    response={200: CareEpisodeOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Connect to your therapist",
)
def join_care(request: AuthedRequest, payload: CareJoinIn) -> CareEpisodeOut:
    """Connects you with the code your therapist gave you. You share nothing until you choose to."""
    episode = care.join_episode(user=request.user, token=payload.token)
    return _one(request.user, episode.pk)


@router.post(
    "/care/{episode_id}/acknowledge",
    response={200: CareEpisodeOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Accept the confidentiality policy",
)
def acknowledge(
    request: AuthedRequest, payload: PolicyAckIn, episode_id: int = Path(..., ge=1, le=MAX_ID)
) -> CareEpisodeOut:
    """Send the policy you read; 409 `policy_changed` if it is not the episode's."""
    care.acknowledge(user=request.user, episode_id=episode_id, policy=payload.policy)
    return _one(request.user, episode_id)


@router.put(
    "/care/{episode_id}/consents/{category}",
    response={200: CareEpisodeOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Share or stop sharing a category",
)
def set_consent(
    request: AuthedRequest, payload: CareConsentIn, category: Category, episode_id: int = Path(..., ge=1, le=MAX_ID)
) -> CareEpisodeOut:
    """Share one category (scores, check-ins, reflections, practice log, safety alerts) with your care team, or stop
    sharing it at once."""
    care.set_consent(user=request.user, episode_id=episode_id, category=category, granted=payload.shared)
    return _one(request.user, episode_id)


AccessLogPage = page_of(AccessLogOut, "AccessLogPage")


@router.get("/care/access-log", response={200: AccessLogPage, **responses(401, 422)}, summary="Who read what of yours")
def my_access_log(request: AuthedRequest, limit: int = LIMIT, cursor: str | None = CURSOR) -> dict[str, Any]:
    """Every read a clinician made of your data, newest first, a page at a time."""
    page = care_selectors.my_access_log_page(request.user, after=decode(cursor), limit=limit)
    return page_out(request, [log_out(r) for r in page.items], page.next)


# --- the clinician's desk ----------------------------------------------------------------------------------
class ClinicLeadOut(Schema):
    id: int
    name: str
    partner_name: str
    clinician: str
    status: str
    online: bool
    created_at: dt.datetime
    screens: list[Literal["waiting", "answered", "read_first"]] | None = Field(
        description="For the lead's own clinician only; null for other staff."
    )


class ClinicDeskOut(Schema):
    leads: list[ClinicLeadOut]
    appointments: list[ClinicAppointmentOut]
    episodes: list[int]


class SharedAnswersOut(Schema):
    """A partner's check-in answers as a clinician may read them: only the answers the partner shared
    with their partner appear; the others stay private and are left out (not null)."""

    feelings: list[str] | None = Field(default=None, description="Feeling slugs, as in GET /api/feelings.")
    emotional_closeness: int | None = Field(default=None, description="0-10.")
    physical_closeness: int | None = Field(default=None, description="0-10.")
    stress: int | None = Field(default=None, description="0-10.")
    appreciation: str | None = None
    need: str | None = None
    note: str | None = None


class SharedCheckInOut(Schema):
    local_date: dt.date
    answers: SharedAnswersOut = Field(description="Only answers the partner shared with their partner.")


class WeeklyHoursIn(In):
    model_config = In.model_config | {"strict": False}
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: dt.time
    end: dt.time


# A wall-clock time in the clinician's own zone, such as "09:00:00". Not JSON Schema's `time` format,
# which means an instant with an offset ("09:00:00Z") and would be a promise these values do not keep.
LocalTime = Annotated[
    dt.time,
    PlainSerializer(lambda t: t.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"}),
    Field(description="A time of day in your own time zone, HH:MM:SS."),
]


class WeeklyHoursOut(Schema):
    id: int
    weekday: int
    start: LocalTime
    end: LocalTime


class AvailabilityExceptionIn(In):
    model_config = In.model_config | {"strict": False}
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None


class AvailabilityExceptionOut(Schema):
    id: int
    date: dt.date
    start: LocalTime | None
    end: LocalTime | None


class CareEpisodeIn(In):
    model_config = In.model_config | {"strict": False}
    policy: Policy
    lead_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class EpisodeMemberOut(Schema):
    id: int
    name: str
    acknowledged: bool = Field(description="They have read and accepted the confidentiality policy.")
    shared: list[Category] = Field(description="What they let the care team see now; revocable.")


class StaffEpisodeOut(Schema):
    id: int
    policy: Policy
    join_token: str
    members: list[EpisodeMemberOut]


class AvailabilityOut(Schema):
    hours: list[WeeklyHoursOut]
    exceptions: list[AvailabilityExceptionOut]


def _staff(request: AuthedRequest) -> User:
    user: User = request.user
    if not desk_selectors.is_staff(user):
        raise NotFound()
    return user


def _screen_state(s) -> Literal["waiting", "answered", "read_first"]:
    return "read_first" if s.flagged else ("answered" if s.answered_at else "waiting")


@router.get(
    "/clinic/desk", response={200: ClinicDeskOut, **responses(401, 404)}, summary="Leads, appointments, episodes"
)
def desk(request: AuthedRequest) -> ClinicDeskOut:
    """For practice staff: new leads, coming appointments, and the care episodes you can open."""
    user = _staff(request)
    d = desk_selectors.desk_for(user)
    own = d.profile.pk if d.profile else None
    return ClinicDeskOut(
        leads=[
            ClinicLeadOut(
                id=lead.pk,
                name=lead.name,
                partner_name=lead.partner_name,
                clinician=lead.clinician.user.name,
                status=lead.status,
                online=lead.online,
                created_at=lead.created_at,
                screens=[_screen_state(s) for s in lead.screens.all()] if lead.clinician_id == own else None,
            )
            for lead in d.leads
        ],
        appointments=[appointment_out(a, user=user) for a in d.appointments],
        episodes=[e.pk for e in d.episodes],
    )


@router.post(
    "/clinic/episodes", response={201: StaffEpisodeOut, **responses(400, 401, 403, 404, 422)}, summary="Start care"
)
def start_episode(request: AuthedRequest, payload: CareEpisodeIn) -> Status[StaffEpisodeOut]:
    """For clinicians: starts care under a confidentiality policy and returns the join code to give the couple."""
    e = care.start_episode(user=_staff(request), policy=payload.policy, lead_id=payload.lead_id)
    return Status(201, StaffEpisodeOut(id=e.pk, policy=e.policy, join_token=e.join_token, members=[]))  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal


@router.get(
    "/clinic/episodes/{episode_id}", response={200: StaffEpisodeOut, **responses(401, 404, 422)}, summary="One episode"
)
def get_episode(request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID)) -> StaffEpisodeOut:
    """For the episode's clinician: its policy, join code, and each partner with what they agreed to share."""
    v = care_selectors.episode_for_clinician(_staff(request), episode_id)
    members = [
        EpisodeMemberOut(id=m.user.pk, name=m.user.name, acknowledged=m.acknowledged, shared=sorted(m.granted))
        for m in v.members
    ]
    return StaffEpisodeOut(id=v.episode.pk, policy=v.episode.policy, join_token=v.join_url_token, members=members)  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal


@router.get(
    "/clinic/episodes/{episode_id}/members/{user_id}/checkins",
    response={200: list[SharedCheckInOut], **responses(401, 404, 422)},
    summary="A partner's shared check-ins (logged)",
    exclude_unset=True,
)
def member_checkins(
    request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID), user_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """404 unless that partner consents now; each answer here is written to the access log they see."""
    v = care_selectors.episode_for_clinician(_staff(request), episode_id)
    member = next((m.user for m in v.members if m.user.pk == user_id), None)
    rows = care_selectors.checkins_for_clinician(request.user, v.episode, member) if member else None
    if rows is None:
        raise NotFound("These are not shared with you.")
    # Plain dicts: ninja validates them into SharedCheckInOut, and exclude_unset leaves out what was not shared.
    return [{"local_date": r.local_date, "answers": r.answers} for r in rows]


@router.get(
    "/clinic/access-log",
    response={200: AccessLogPage, **responses(401, 404, 422)},
    summary="The practice's access log",
)
def practice_log(request: AuthedRequest, limit: int = LIMIT, cursor: str | None = CURSOR) -> dict[str, Any]:
    """For practice owners: every read at their practices, newest first, a page at a time."""
    page = care_selectors.practice_access_log_page(_staff(request), after=decode(cursor), limit=limit)
    return page_out(request, [log_out(r) for r in page.items], page.next)


@router.get("/clinic/availability", response={200: AvailabilityOut, **responses(401, 404)}, summary="Your hours")
def get_availability(request: AuthedRequest) -> AvailabilityOut:
    """For clinicians: your weekly hours and your days off or changed hours."""
    from closeknit.access import clinic as rules

    profile = rules.own_profile(_staff(request))
    if profile is None:
        raise NotFound()
    return AvailabilityOut(
        hours=[WeeklyHoursOut(id=h.pk, weekday=h.weekday, start=h.start, end=h.end) for h in profile.hours.all()],
        exceptions=[
            AvailabilityExceptionOut(id=e.pk, date=e.date, start=e.start, end=e.end) for e in profile.exceptions.all()
        ],
    )


@router.post(
    "/clinic/availability/hours",
    response={201: WeeklyHoursOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Add weekly hours",
)
def add_hours(request: AuthedRequest, payload: WeeklyHoursIn) -> Status[WeeklyHoursOut]:
    """Adds weekly hours (your time zone). Overlapping hours are refused with 409."""
    h = availability.add_hours(user=_staff(request), **payload.model_dump())
    return Status(201, WeeklyHoursOut(id=h.pk, weekday=h.weekday, start=h.start, end=h.end))


@router.delete(
    "/clinic/availability/hours/{hours_id}",
    response={204: None, **responses(401, 403, 404, 422)},
    summary="Remove weekly hours",
)
def remove_hours(request: AuthedRequest, hours_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    """Removes one stretch of your weekly hours."""
    availability.remove_hours(user=_staff(request), hours_id=hours_id)
    return Status(204, None)


@router.post(
    "/clinic/availability/exceptions",
    response={201: AvailabilityExceptionOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Add a day off or changed hours",
)
def add_exception(request: AuthedRequest, payload: AvailabilityExceptionIn) -> Status[AvailabilityExceptionOut]:
    """A whole day off (no times) or changed hours for one date."""
    e = availability.add_exception(user=_staff(request), **payload.model_dump())
    return Status(201, AvailabilityExceptionOut(id=e.pk, date=e.date, start=e.start, end=e.end))


@router.delete(
    "/clinic/availability/exceptions/{exception_id}",
    response={204: None, **responses(401, 403, 404, 422)},
    summary="Remove an exception",
)
def remove_exception(request: AuthedRequest, exception_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    """Removes a day off or changed hours."""
    availability.remove_exception(user=_staff(request), exception_id=exception_id)
    return Status(204, None)
