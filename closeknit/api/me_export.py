"""The shape of the account export (GET /api/me/export), part by part, so a generated client reads it
into real types. The document itself is built by closeknit.accounts.selectors.export_for, the same one
the account page downloads; tests/api/test_me.py checks that every key it writes is described here.

Slugs and item ids stay plain strings: an export keeps what was written even after a word leaves a list.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from closeknit.api.checkins import AnswerName
from closeknit.api.desires import Mark


class ExportProfileOut(Schema):
    email: str
    display_name: str
    pronouns: str
    timezone: str
    language: str
    country: str
    joined: dt.datetime


class ExportReminderOut(Schema):
    enabled: bool
    local_time: str = Field(description="HH:MM in your own time zone.", pattern=r"^\d{2}:\d{2}$")
    partner_nudges: bool


class ExportPushDeviceOut(Schema):
    endpoint: str = Field(description="The push service address this browser gave us.")
    added: dt.datetime


class ExportNotificationsOut(Schema):
    push_kinds: list[Literal["reminder", "nudge", "talk", "intensive"]] = Field(
        description="The notes you chose to get as push notifications."
    )
    devices: list[ExportPushDeviceOut]


class ExportReactionOut(Schema):
    to_checkin_of: dt.date = Field(description="The day of your partner's check-in you reacted to.")
    kind: Literal["thanks", "heart"] = Field(description="What you sent; never your partner's words.")
    sent: dt.datetime


class ExportSpaceOut(Schema):
    name: str
    joined: dt.datetime
    left: dt.datetime | None = Field(description="Null while you are still in it.")


class ExportCheckInOut(Schema):
    date: dt.date = Field(description="Your calendar day, in the zone below.")
    timezone: str
    feelings: list[str] = Field(description="Feeling slugs, as in GET /api/feelings.")
    emotional_closeness: int | None = Field(description="0-10; null if you left it out.")
    physical_closeness: int | None = Field(description="0-10; null if you left it out.")
    stress: int | None = Field(description="0-10; null if you left it out.")
    appreciation: str
    need: str
    note: str
    shared_with_partner: list[AnswerName] = Field(description="The answers your partner could see.")
    written: dt.datetime
    changed: dt.datetime


class ExportAdministrationOut(Schema):
    instrument: str = Field(description="The check-up's slug.")
    version: str
    status: Literal["draft", "submitted"]
    answers: dict[str, float] = Field(description="Question id -> the value you chose; skipped ones are absent.")
    scores: dict[str, float] = Field(description="Score key ('total' or a part's id) -> value; empty for a draft.")
    answers_shared_with_partner: bool
    started: dt.datetime
    submitted: dt.datetime | None


class ExportPlanOut(Schema):
    goals: list[str] = Field(description="The parts of the check-up you chose to work on, in order.")
    started_on: dt.date
    ended: bool


class ExportAssessmentsOut(Schema):
    administrations: list[ExportAdministrationOut]
    plans: list[ExportPlanOut]


class ExportPracticeLogOut(Schema):
    practice: str = Field(description="The practice's slug.")
    date: dt.date
    finished: dt.datetime | None
    rating: int | None = Field(description="How it felt, 1-5.")
    felt_heard: int | None = Field(description="For the speaker, 0-10.")
    detail: str = Field(description="A deck item id, such as the gesture chosen; empty if none.")
    reflection: str
    shared_with_partner: bool


class ExportNoteOut(Schema):
    kind: Literal["gratitude", "moment"] = Field(description="An appreciation (gratitude) or a moment.")
    date: dt.date
    happened_on: dt.date | None
    text: str
    shared_with_partner: bool


class ExportPairedAnswerOut(Schema):
    practice: str
    item: str = Field(description="The deck item (a closeness question's id) or map-<round> for a map.")
    answer: str = Field(description="Your words; for a map, its placements as JSON text.")
    written: dt.datetime


class ExportOpenerOut(Schema):
    practice: str
    started: dt.datetime
    opener: str


class ExportPracticesOut(Schema):
    log: list[ExportPracticeLogOut]
    notes: list[ExportNoteOut]
    answers: list[ExportPairedAnswerOut]
    conversation_openers: list[ExportOpenerOut]


class ExportWishOut(Schema):
    item: str
    text: str
    answer: Mark
    answer_label: str
    changed: dt.datetime


class ExportBoundaryOut(Schema):
    text: str
    shared_with_partner: bool
    written: dt.datetime


class ExportWishesOut(Schema):
    adult_confirmed: dt.datetime | None
    answers: list[ExportWishOut]
    boundaries: list[ExportBoundaryOut]


class ExportOut(Schema):
    """Everything you wrote, in every space you were ever in, and nothing anyone else wrote: the same
    document as the account page's JSON download. A later version may add parts; read what you know."""

    format: Literal["closeknit-export/1"]
    profile: ExportProfileOut
    reminder: ExportReminderOut | None = Field(description="Null if you never set a reminder.")
    notifications: ExportNotificationsOut
    spaces: list[ExportSpaceOut]
    checkins: list[ExportCheckInOut]
    reactions_sent: list[ExportReactionOut]
    assessments: ExportAssessmentsOut
    practices: ExportPracticesOut
    wishes_and_boundaries: ExportWishesOut
