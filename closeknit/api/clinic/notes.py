"""Clinical notes over HTTP, for the episode's clinician only (under /api/clinic/).

Routes only translate HTTP: writes go to closeknit.clinic.services.notes, reads to
closeknit.clinic.selectors.notes, which apply closeknit.access.clinic. Anyone else gets the same
404 as a wrong number. A signed note is locked: changing it answers 409 `note_locked`; amendments
are the way to correct it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Path, Router, Schema
from ninja.responses import Status
from pydantic import Field

from closeknit.access import clinic as rules
from closeknit.accounts.http import AuthedRequest
from closeknit.accounts.models import User
from closeknit.api.common import MAX_ID, In
from closeknit.api.errors import responses
from closeknit.clinic import note_templates
from closeknit.clinic.selectors import notes as selectors
from closeknit.clinic.services import notes as services
from closeknit.core.errors import NotFound

router = Router(tags=["clinic"])

Kind = Literal["session", "individual", "block", "other"]
Id = Path(..., ge=1, le=MAX_ID)


class NoteTemplateOut(Schema):
    slug: str
    name: str
    kinds: list[Kind]
    title: str
    body: str


class AmendmentOut(Schema):
    id: int
    reason: str
    body: str
    author: str
    signed_at: dt.datetime


class NoteOut(Schema):
    id: int
    episode_id: int
    kind: Kind
    title: str
    body: str
    session_on: dt.date
    subject_id: int | None = Field(description="The partner an individual session (or one-partner block) is about.")
    subject_name: str | None
    block_id: int | None
    confidential: bool = Field(description="Confidential to the subject: never reaches the other partner.")
    label: str = Field(description="How the page labels it, e.g. 'Confidential to Sam'.")
    status: Literal["draft", "signed"]
    signed_at: dt.datetime | None = Field(description="Set once; a signed note is locked.")
    created_at: dt.datetime
    updated_at: dt.datetime
    amendments: list[AmendmentOut] = Field(description="Oldest first, each signed when it was added.")


class NoteIn(In):
    kind: Kind
    title: str = Field(default="", max_length=services.MAX_TITLE, description="Empty: the template's title.")
    body: str | None = Field(default=None, max_length=services.MAX_BODY, description="Omitted: the template's text.")
    session_on: dt.date | None = Field(default=None, description="Omitted: today in your time zone.")
    subject_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Required for an individual session.")
    block_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Required for an intensive block.")
    template: str = Field(default="", max_length=64, description="A slug from GET /api/clinic/note-templates.")


class NoteDraftIn(In):
    title: str = Field(max_length=services.MAX_TITLE)
    body: str = Field(max_length=services.MAX_BODY)
    session_on: dt.date | None = None


class NoteSignIn(In):
    title: str | None = Field(default=None, max_length=services.MAX_TITLE, description="Omitted: as saved.")
    body: str | None = Field(default=None, max_length=services.MAX_BODY, description="Omitted: as saved.")


class AmendmentIn(In):
    reason: str = Field(max_length=services.MAX_REASON)
    body: str = Field(max_length=services.MAX_BODY)


def note_out(v: selectors.NoteView) -> NoteOut:
    n = v.note
    return NoteOut(
        id=n.pk,
        episode_id=n.episode_id,
        kind=n.kind,  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal
        title=n.title,
        body=n.body,
        session_on=n.session_on,
        subject_id=n.subject_id,
        subject_name=selectors.subject_name(n),
        block_id=n.block_id,
        confidential=v.confidential,
        label=v.label,
        status="signed" if n.locked else "draft",
        signed_at=n.signed_at,
        created_at=n.created_at,
        updated_at=n.updated_at,
        amendments=[
            AmendmentOut(id=a.pk, reason=a.reason, body=a.body, author=a.author_name, signed_at=a.signed_at)
            for a in v.amendments
        ],
    )


def _one(user: User, note_id: int) -> NoteOut:
    return note_out(selectors.note_for_clinician(user, note_id))


@router.get(
    "/clinic/note-templates",
    response={200: list[NoteTemplateOut], **responses(401, 404)},
    summary="Note templates to start from",
)
def list_note_templates(request: AuthedRequest) -> list[NoteTemplateOut]:
    """For clinicians: the note templates you can start a note from."""
    if rules.own_profile(request.user) is None:
        raise NotFound()
    return [
        NoteTemplateOut(slug=t.slug, name=t.name, kinds=list(t.kinds), title=t.title, body=t.body)  # type: ignore[arg-type]  # content strs; pydantic checks them against the Literal
        for t in note_templates.load().values()
    ]


@router.get(
    "/clinic/episodes/{episode_id}/notes",
    response={200: list[NoteOut], **responses(401, 404, 422)},
    summary="A couple's clinical notes",
)
def list_notes(request: AuthedRequest, episode_id: int = Id) -> list[NoteOut]:
    """Newest session first, drafts and signed notes, each with its amendments."""
    return [note_out(v) for v in selectors.notes_for_episode(request.user, episode_id)]


@router.post(
    "/clinic/episodes/{episode_id}/notes",
    response={201: NoteOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Start a note (a draft)",
)
def create_note(request: AuthedRequest, payload: NoteIn, episode_id: int = Id) -> Status[NoteOut]:
    """For the episode's clinician: starts a draft note. Drafts can change until they are signed."""
    note = services.create_note(user=request.user, episode_id=episode_id, **payload.model_dump())
    return Status(201, _one(request.user, note.pk))


@router.get("/clinic/notes/{note_id}", response={200: NoteOut, **responses(401, 404, 422)}, summary="One note")
def get_note(request: AuthedRequest, note_id: int = Id) -> NoteOut:
    """One note you may read, with its amendments. Another clinician's note follows the episode's confidentiality
    policy."""
    return _one(request.user, note_id)


@router.put(
    "/clinic/notes/{note_id}",
    response={200: NoteOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Save a draft",
)
def save_draft(request: AuthedRequest, payload: NoteDraftIn, note_id: int = Id) -> NoteOut:
    """409 `note_locked` once the note is signed; nothing is changed."""
    services.save_draft(user=request.user, note_id=note_id, **payload.model_dump())
    return _one(request.user, note_id)


@router.post(
    "/clinic/notes/{note_id}/sign",
    response={200: NoteOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Sign and lock a note",
)
def sign_note(request: AuthedRequest, payload: NoteSignIn, note_id: int = Id) -> NoteOut:
    """Locks it for good, with the text given or as saved. 409 `already_signed` the second time."""
    services.sign_note(user=request.user, note_id=note_id, **payload.model_dump())
    return _one(request.user, note_id)


@router.post(
    "/clinic/notes/{note_id}/amendments",
    response={201: AmendmentOut, **responses(400, 401, 403, 404, 409, 422)},
    summary="Amend a signed note",
)
def amend_note(request: AuthedRequest, payload: AmendmentIn, note_id: int = Id) -> Status[AmendmentOut]:
    """A signed note never changes; an amendment adds to it, with a reason, and is signed at once."""
    a = services.amend_note(user=request.user, note_id=note_id, **payload.model_dump())
    return Status(201, AmendmentOut(id=a.pk, reason=a.reason, body=a.body, author=a.author_name, signed_at=a.signed_at))


@router.delete(
    "/clinic/notes/{note_id}",
    response={204: None, **responses(401, 403, 404, 409, 422)},
    summary="Delete a draft",
)
def delete_draft(request: AuthedRequest, note_id: int = Id) -> Status[None]:
    """Only a draft; a signed note is part of the record (409 `note_locked`)."""
    services.delete_draft(user=request.user, note_id=note_id)
    return Status(204, None)
