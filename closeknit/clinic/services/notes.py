"""Clinical notes: a draft is written and edited, then signed, which locks it for good.

A locked note changes only by amendments, each signed when written. Every write here is one
transaction, and the writes that must not race a signature (saving, signing, deleting a draft) are
conditional UPDATE/DELETE statements on `signed_at IS NULL`: whichever comes second changes nothing
and is refused, so two people (or two tabs) can never both sign a note with different texts.
Who may do what is decided by closeknit.access.clinic.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic import note_templates
from closeknit.clinic.models import Episode, IntensiveBlock, Note
from closeknit.clinic.models.notes import Amendment
from closeknit.core.errors import NotFound, ServiceError

MAX_TITLE = note_templates.MAX_TITLE
MAX_BODY = note_templates.MAX_BODY
MAX_REASON = 200
KINDS = set(Note.Kind.values)
EARLIEST = dt.date(2000, 1, 1)

LOCKED = gettext_noop("This note is signed, so it is locked. You can add an amendment instead.")
ENDED = gettext_noop(
    "Care with this couple has ended, so new notes and edits are closed. You can still sign and amend notes."
)


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Please give the note a title."), field="title")
    if len(title) > MAX_TITLE:
        raise ServiceError(_("Please keep the title under %(n)s characters.") % {"n": MAX_TITLE}, field="title")
    return title


def _clean_body(body: str, *, field: str = "body", required: bool = False) -> str:
    body = (body or "").replace("\r\n", "\n")
    if "\x00" in body:
        raise ServiceError(_("That text contains a character we can't store."), field=field)
    if len(body) > MAX_BODY:
        raise ServiceError(_("Please keep the text under %(n)s characters.") % {"n": f"{MAX_BODY:,}"}, field=field)
    if required and not body.strip():
        raise ServiceError(_("Please write the amendment."), field=field)
    return body


def _clean_date(value: dt.date | None, episode: Episode) -> dt.date:
    today = timezone.now().astimezone(ZoneInfo(episode.clinician.timezone)).date()
    if value is None:
        return today
    if not isinstance(value, dt.date):
        raise ServiceError(_("Please give the session's date."), field="session_on")
    if value < EARLIEST or value > today + dt.timedelta(days=1):
        raise ServiceError(_("The session date can't be in the future."), field="session_on")
    return value


def _episode_for(user: User, episode_id: int) -> Episode:
    episode = Episode.objects.filter(pk=episode_id).select_related("clinician__user").first()
    if episode is None or not rules.can_read_notes(user, episode):
        raise NotFound(_("We could not find that couple."))
    return episode


def _note_for(user: User, note_id: int, *, lock: bool = False) -> Note:
    rows = Note.objects.select_related("episode__clinician__user")
    if lock:
        rows = rows.select_for_update(of=("self",))
    note = rows.filter(pk=note_id).first()
    if note is None or not rules.can_read_notes(user, note.episode):
        raise NotFound(_("We could not find that note."))
    return note


def _members(episode: Episode) -> dict[int, User]:
    from closeknit.couples import selectors as couples

    return {u.pk: u for u in couples.members(episode.couple_id)}


@transaction.atomic
def create_note(
    *,
    user: User,
    episode_id: int,
    kind: str,
    title: str = "",
    body: str | None = None,
    session_on: dt.date | None = None,
    subject_id: int | None = None,
    block_id: int | None = None,
    template: str = "",
) -> Note:
    """A new draft. With no body, it starts from a template: the one asked for, or the kind's default
    (for a block, the block's own template when it has one). An intensive block has one note."""
    episode = _episode_for(user, episode_id)
    if not rules.can_write_notes(user, episode):
        raise ServiceError(_(ENDED), status=409, code="episode_ended")
    if kind not in KINDS:
        raise ServiceError(_("Please choose what kind of note this is."), field="kind")
    chosen = None
    if template:
        chosen = note_templates.get(template)
        if chosen is None or kind not in chosen.kinds:
            raise ServiceError(_("Please choose a template that fits this kind of note."), field="template")
    block = None
    if block_id is not None:
        if kind != Note.Kind.BLOCK:
            raise ServiceError(_("Only a note for an intensive block belongs to a block."), field="block_id")
        # Locking the block row makes two "save" clicks for the same block write one note, not two.
        block = (
            IntensiveBlock.objects.select_for_update()
            .filter(pk=block_id, intensive__episode_id=episode.pk)
            .select_related("intensive")
            .first()
        )
        if block is None:
            raise ServiceError(_("That block is not part of this couple's intensive."), field="block_id")
        if Note.objects.filter(block=block).exists():
            raise ServiceError(
                _("This block already has a note; please open it instead."), status=409, code="block_has_note"
            )
    elif kind == Note.Kind.BLOCK:
        raise ServiceError(_("Please choose the intensive block this note is for."), field="block_id")

    members = _members(episode)
    subject = None
    if kind == Note.Kind.INDIVIDUAL:
        if subject_id is None:
            raise ServiceError(_("Please choose which partner the individual session was with."), field="subject_id")
        subject = members.get(subject_id)
        if subject is None:
            raise ServiceError(_("That person is not a partner in this couple."), field="subject_id")
    elif subject_id is not None:
        raise ServiceError(_("Only an individual session note is about one partner."), field="subject_id")
    if block is not None and block.with_user_id is not None:
        subject = members.get(block.with_user_id)  # an interview with one partner is about them

    if block is not None:
        text = note_templates.for_block(block)
        title = title or block.title
        if session_on is None:
            session_on = block.start.astimezone(ZoneInfo(episode.clinician.timezone)).date()
    else:
        chosen = chosen or note_templates.default_for(kind)
        text = chosen.body if chosen else ""
        title = title or (chosen.title if chosen else "")
    return Note.objects.create(
        episode=episode,
        author=user,
        kind=kind,
        subject=subject,
        block=block,
        title=_clean_title(title),
        body=_clean_body(text if body is None else body),
        session_on=_clean_date(session_on, episode),
    )


@transaction.atomic
def save_draft(*, user: User, note_id: int, title: str, body: str, session_on: dt.date | None = None) -> Note:
    """Refused with 409 `note_locked` once signed, and nothing is written."""
    note = _note_for(user, note_id, lock=True)
    if note.locked:
        raise ServiceError(_(LOCKED), status=409, code="note_locked")
    if not rules.can_write_notes(user, note.episode):
        raise ServiceError(_(ENDED), status=409, code="episode_ended")
    title, body = _clean_title(title), _clean_body(body)
    day = _clean_date(session_on, note.episode) if session_on is not None else note.session_on
    note.title, note.body, note.session_on = title, body, day
    note.updated_at = timezone.now()
    changed = Note.objects.filter(pk=note.pk, signed_at__isnull=True).update(  # the field encrypts
        title=title, body=body, session_on=day, updated_at=note.updated_at
    )
    if not changed:  # signed between our read and this write
        raise ServiceError(_(LOCKED), status=409, code="note_locked")
    return note


@transaction.atomic
def sign_note(
    *, user: User, note_id: int, title: str | None = None, body: str | None = None, confirm: bool = True
) -> Note:
    """Locks the note with the text given (or as saved). Set once: a second signature is refused
    with 409 `already_signed`, whatever its text. `confirm` is the page's "I understand it locks"."""
    note = _note_for(user, note_id, lock=True)
    if note.locked:
        raise ServiceError(_("This note is already signed."), status=409, code="already_signed")
    if not rules.can_amend_notes(user, note.episode):
        raise NotFound(_("We could not find that note."))
    if not confirm:
        raise ServiceError(
            _("Signing locks the note for good. Please tick the box to confirm."), field="confirm", code="confirm"
        )
    edits = title is not None or body is not None
    if edits and note.episode.ended_at is not None:
        raise ServiceError(_(ENDED), status=409, code="episode_ended")
    final_title = _clean_title(note.title if title is None else title)
    final_body = _clean_body(note.body if body is None else body)
    if not final_body.strip():
        raise ServiceError(_("Please write the note before signing it."), field="body")
    now = timezone.now()
    signed = Note.objects.filter(pk=note.pk, signed_at__isnull=True).update(
        title=final_title, body=final_body, signed_at=now, updated_at=now
    )
    if not signed:
        raise ServiceError(_("This note is already signed."), status=409, code="already_signed")
    note.title, note.body, note.signed_at, note.updated_at = final_title, final_body, now, now
    return note


@transaction.atomic
def amend_note(*, user: User, note_id: int, reason: str, body: str) -> Amendment:
    """Signed as it is written. A draft is edited, not amended."""
    note = _note_for(user, note_id)
    if not rules.can_amend_notes(user, note.episode):
        raise NotFound(_("We could not find that note."))
    if not note.locked:
        raise ServiceError(
            _("This note is still a draft: you can change it directly."), status=409, code="note_not_signed"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Please say why you are amending the note."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(_("Please keep the reason under %(n)s characters.") % {"n": MAX_REASON}, field="reason")
    return Amendment.objects.create(note=note, author=user, reason=reason, body=_clean_body(body, required=True))


@transaction.atomic
def delete_draft(*, user: User, note_id: int) -> None:
    """Only a draft can go; a signed note is part of the record."""
    note = _note_for(user, note_id, lock=True)
    if note.locked:
        raise ServiceError(
            _("A signed note is part of the record and can't be deleted."), status=409, code="note_locked"
        )
    if not rules.can_write_notes(user, note.episode):
        raise ServiceError(_(ENDED), status=409, code="episode_ended")
    deleted, _count = Note.objects.filter(pk=note.pk, signed_at__isnull=True).delete()
    if not deleted:
        raise ServiceError(
            _("A signed note is part of the record and can't be deleted."), status=409, code="note_locked"
        )


def holds_clinical_records(user: User) -> bool:
    """Is this person still the clinician of any care episode, open or ended? Then their account cannot
    be deleted yet: the episode carries the notes, intensives, measures and the access log partners read,
    which belong to the practice's record. Once each is handed to a colleague (services.handover), the
    notes they wrote stay with it under their pseudonym (`keep_notes_by`)."""
    return Episode.objects.filter(clinician__user=user).exists()


def keep_notes_by(user: User, pseudonym: str) -> int:
    """Before a clinician's account is deleted: what they wrote and read stays, signed by their pseudonym."""
    from closeknit.clinic.models import AccessLog

    count = Note.objects.filter(author=user).update(author=None, author_pseudonym=pseudonym)
    count += Amendment.objects.filter(author=user).update(author=None, author_pseudonym=pseudonym)
    AccessLog.objects.filter(clinician=user).update(clinician=None, clinician_pseudonym=pseudonym)
    return count


def keep_notes_about(user: User) -> int:
    """Before a partner's account is deleted: the notes about them stay in the clinician's record,
    marked as about a partner who deleted their account (still confidential, now to nobody)."""
    return Note.objects.filter(subject=user).update(subject=None, subject_removed=True)
