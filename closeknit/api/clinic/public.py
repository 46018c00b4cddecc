"""The clinic over HTTP: the public directory, reaching out, private screens and booking (by the
person's own link token), partners' care and consent, and the clinician's desk.

Routes only translate HTTP; who may see what is decided by closeknit.access.clinic through the
clinic's selectors and services. Every clinician read of a partner's data is logged there.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.api.common import In
from closeknit.api.errors import responses
from closeknit.clinic import screening, vocab
from closeknit.clinic.models import Appointment, ClinicianProfile, Screen
from closeknit.clinic.models.care import CATEGORIES
from closeknit.clinic.selectors import directory, schedule
from closeknit.clinic.selectors import online as online_selectors
from closeknit.clinic.services import booking, intake
from closeknit.core.client_ip import client_ip

router = Router(tags=["clinic"])

Policy = Literal["no_secrets", "individual"]
if TYPE_CHECKING:  # built at import time from our own lists, which a type checker cannot read: a str to it
    Language = str
    Specialty = str
    Cultural = str
    Time = str
    Category = str
    Coming = str
else:
    Language = Literal[tuple(vocab.LANGUAGES)]
    Specialty = Literal[tuple(vocab.SPECIALTIES)]
    Cultural = Literal[tuple(vocab.CULTURAL)]
    Time = Literal[tuple(vocab.TIMES)]
    Category = Literal[tuple(c for c, _ in CATEGORIES)]
    Coming = Literal[tuple(screening.COMING)]
Token = Path(..., min_length=1, max_length=64)


# --- directory -------------------------------------------------------------------------------------
class TherapistOut(Schema):
    slug: str
    name: str
    pronouns: str
    credentials: str
    practice: str
    languages: list[str]
    specialties: list[str]
    cultural: list[str] = Field(description="Training or lived experience the clinician offers.")
    modalities: list[str]
    fee_min: int
    fee_max: int
    currency: str
    sliding_scale: bool
    online: bool
    in_person: bool
    bio: str
    bio_es: str = Field(description="The introduction in Spanish, when the clinician wrote one; else empty.")
    accepting: bool


class TherapistMatchOut(Schema):
    therapist: TherapistOut
    reasons: list[str] = Field(description="Why this therapist fits what you asked, in plain words.")
    to_ask: list[str] = Field(description="Things that may not fit, worth asking about.")
    speaks: bool = Field(
        description="Offers sessions in the language asked for (true when none was): those who do come first; "
        "a language ranks, it never hides anyone."
    )


class TherapistAskIn(Schema):
    language: Language | None = None
    specialty: Specialty | None = None
    cultural: list[Cultural] = Field(default_factory=list)
    meeting: Literal["online", "in_person"] | None = None
    budget: int | None = Field(default=None, ge=0, le=100_000)
    times: list[Time] = Field(default_factory=list)


def therapist_out(p: ClinicianProfile) -> TherapistOut:
    return TherapistOut(
        slug=p.slug,
        name=p.user.name,
        pronouns=p.user.pronouns,
        credentials=p.credentials,
        practice=p.practice.name,
        languages=list(p.languages),
        specialties=list(p.specialties),
        cultural=list(p.cultural_competencies),
        modalities=list(p.modalities),
        fee_min=p.fee_min,
        fee_max=p.fee_max,
        currency=p.currency,
        sliding_scale=p.sliding_scale,
        online=p.online,
        in_person=p.in_person,
        bio=p.bio,
        bio_es=p.bio_es,
        accepting=p.accepting,
    )


@router.get(
    "/therapists", auth=None, response={200: list[TherapistMatchOut], **responses(422)}, summary="Find a therapist"
)
def find_therapists(request: HttpRequest, ask: Query[TherapistAskIn]) -> list[TherapistMatchOut]:
    """Best fit first, each with reasons. A language and cultural experience rank and explain; they never
    hide anyone (those who offer the language asked for come first, `speaks`)."""
    parsed = directory.Ask(
        language=ask.language or "",
        specialty=ask.specialty or "",
        cultural=tuple(dict.fromkeys(ask.cultural)),
        meeting=ask.meeting or "",
        budget=ask.budget,
        times=tuple(dict.fromkeys(ask.times)),
    )
    return [
        TherapistMatchOut(
            therapist=therapist_out(listing.profile),
            reasons=listing.match.reasons,
            to_ask=listing.match.to_ask,
            speaks=listing.match.speaks,
        )
        for listing in directory.search(parsed)
    ]


@router.get(
    "/therapists/{slug}", auth=None, response={200: TherapistOut, **responses(404, 422)}, summary="One therapist"
)
def get_therapist(request: HttpRequest, slug: str = Path(..., max_length=80)) -> TherapistOut:
    """A therapist's public profile: credentials, languages, specialties, ways of working and fees. Open to everyone."""
    return therapist_out(directory.profile(slug))


# --- reaching out and screens ------------------------------------------------------------------------
class ReachOutIn(In):
    name: str = Field(max_length=80)
    email: str = Field(max_length=254)
    partner_name: str = Field(default="", max_length=80)
    partner_email: str = Field(default="", max_length=254)
    message: str = Field(
        default="", max_length=2000, description="Your partner may see this; keep private things for your screen."
    )
    meeting: Literal["online", "in_person"] = "online"


class ReachOutOut(Schema):
    screen_token: str = Field(description="Your own private link token: GET/POST /api/screens/{token}.")


@router.post(
    "/therapists/{slug}/reach-out",
    auth=None,
    response={201: ReachOutOut, **responses(400, 404, 409, 422, 429)},
    summary="Reach out to a therapist",
)
def reach_out(request: HttpRequest, payload: ReachOutIn, slug: str = Path(..., max_length=80)) -> Status[ReachOutOut]:
    """Your partner's own private questions go to their email, never through you."""
    data = payload.model_dump()
    meeting = data.pop("meeting")
    _lead, screen = intake.reach_out(
        clinician_slug=slug, online=meeting != "in_person", client_key=client_ip(request), **data
    )
    return Status(201, ReachOutOut(screen_token=screen.token))


class ScreenQuestionOut(Schema):
    name: str
    text: str


class IntakeScreenOut(Schema):
    therapist: str
    answered: bool
    questions: list[ScreenQuestionOut] = Field(description="Answer each yes or no.")
    coming_choices: dict[str, str]
    support: bool = Field(
        description="True when your answers suggest support: see /help/ for people to talk to. Only in the "
        "answer to your own POST; a later GET always says false, so the link tells no one else."
    )


class IntakeScreenIn(In):
    hurt: bool
    afraid: bool
    control: bool
    pressure: bool
    crisis: bool
    coming: Coming
    goals: str = Field(default="", max_length=1000)


def screen_out(s, *, just_answered: bool = False) -> IntakeScreenOut:
    return IntakeScreenOut(
        therapist=s.lead.clinician.user.name,
        answered=s.answered_at is not None,
        questions=[ScreenQuestionOut(name=q.name, text=str(q.text)) for q in screening.SAFETY],
        coming_choices={k: str(v) for k, v in screening.COMING.items()},
        support=just_answered and s.flagged,
    )


@router.get(
    "/screens/{token}", auth=None, response={200: IntakeScreenOut, **responses(404, 422)}, summary="Your private screen"
)
def get_screen(request: HttpRequest, token: str = Token) -> IntakeScreenOut:
    """The private safety screen a practice sent you, by its link. Only you have the link; no login needed."""
    return screen_out(intake.screen_by_token(token))


@router.post(
    "/screens/{token}",
    auth=None,
    response={200: IntakeScreenOut, **responses(400, 404, 409, 422)},
    summary="Answer your screen",
)
def answer_screen(request: HttpRequest, payload: IntakeScreenIn, token: str = Token) -> IntakeScreenOut:
    """Once only: a second answer is a 409 `already_answered`."""
    return screen_out(intake.answer_screen(token=token, data=payload.model_dump()), just_answered=True)


# --- booking -----------------------------------------------------------------------------------------
class ClinicAppointmentOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    timezone: str = Field(description="The clinician's zone, which the invite uses.")
    online: bool
    location: str = Field(
        description="The address; for an online session the link to join, from 15 minutes before the start "
        "until the end, and empty before."
    )
    status: Literal["booked", "cancelled"]


class ClinicBookingOut(Schema):
    appointment: ClinicAppointmentOut | None
    slots: list[dt.datetime] = Field(description="Open starts for the next three weeks, as UTC instants.")


class BookingIn(In):
    model_config = In.model_config | {"strict": False}
    start: dt.datetime = Field(description="One of the slots, with its offset.")


def appointment_out(a: Appointment, screen: Screen | None = None, user: Any = None) -> ClinicAppointmentOut:
    """An online session's link only for a participant and only from 15 minutes before (selectors.online)."""
    if a.online:
        join = online_selectors.join_for(a, screen=screen, user=user)
        location = join.url if join else ""
    else:
        location = a.location
    return ClinicAppointmentOut(
        id=a.pk,
        start=a.start,
        end=a.end,
        timezone=a.clinician.user.timezone,
        online=a.online,
        location=location,
        status=a.status,  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal
    )


def _booking(token: str) -> ClinicBookingOut:
    s = intake.screen_by_token(token)
    appt = booking.current(s.lead)
    return ClinicBookingOut(
        appointment=appointment_out(appt, s) if appt else None, slots=schedule.open_slots(s.lead.clinician)
    )


@router.get(
    "/bookings/{token}", auth=None, response={200: ClinicBookingOut, **responses(404, 422)}, summary="Your booking"
)
def get_booking(request: HttpRequest, token: str = Token) -> ClinicBookingOut:
    """Your first conversation, if booked, and the open times of the next three weeks. The link is the only key; no
    login needed."""
    return _booking(token)


@router.put(
    "/bookings/{token}",
    auth=None,
    response={200: ClinicBookingOut, **responses(400, 404, 409, 422)},
    summary="Book or move your first conversation",
)
def put_booking(request: HttpRequest, payload: BookingIn, token: str = Token) -> ClinicBookingOut:
    """409 `slot_taken` if someone got there first; both partners get an email with a calendar invite."""
    if payload.start.tzinfo is None:
        from closeknit.core.errors import ServiceError

        raise ServiceError(_("Please give the time with its offset, such as 2027-03-03T15:00:00Z."), field="start")
    s = intake.screen_by_token(token)
    if booking.current(s.lead) is None:
        booking.book(token=token, start=payload.start)
    else:
        booking.reschedule(token=token, start=payload.start)
    return _booking(token)


@router.delete(
    "/bookings/{token}", auth=None, response={200: ClinicBookingOut, **responses(404, 409, 422)}, summary="Cancel it"
)
def cancel_booking(request: HttpRequest, token: str = Token) -> ClinicBookingOut:
    """Frees the time and tells the practice. The link stays yours, so you can book again."""
    booking.cancel(token=token)
    return _booking(token)
