"""Reads for clinical notes, filtered by closeknit.access.clinic.

Notes are the episode clinician's own record: nobody else on the staff reads them, and a read by
their author is not written to the AccessLog (that log is of partners' data; docs/decisions.md).
What may reach a partner is decided by `rules.note_reaches`; `notes_for_partner_record` is the one
read other areas (the per-partner progress report) should call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from closeknit.access import clinic as rules
from closeknit.clinic import note_templates
from closeknit.clinic.models import Note
from closeknit.clinic.models.notes import Amendment
from closeknit.core.errors import NotFound

if TYPE_CHECKING:
    import datetime as dt

    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


@dataclass
class NoteView:
    note: Note
    confidential: bool
    label: str
    amendments: list[Amendment] = field(default_factory=list)

    @property
    def subject_name(self) -> str | None:
        return subject_name(self.note)

    @property
    def status(self) -> str:
        return "Signed" if self.note.locked else "Draft"


@dataclass
class PartnerSection:
    name: str
    user_id: int
    notes: list[NoteView]


@dataclass
class NotesPanel:
    episode: Episode
    joint: list[NoteView]
    individual: list[PartnerSection]
    can_write: bool
    policy: str
    members: list[Any]
    templates: list[note_templates.NoteTemplate]
    kinds: list[tuple[str, str]]


REMOVED = "a partner who deleted their account"


def subject_name(note: Note) -> str | None:
    """Who the note is about, for the clinician: a name, REMOVED, or None for a joint note."""
    if note.subject_id is not None:
        return note.subject.name  # type: ignore[union-attr]  # subject_id is set, so subject is there
    return REMOVED if note.subject_removed else None


def _label(note: Note, confidential: bool) -> str:
    name = subject_name(note)
    if name is None:
        return str(note.get_kind_display())
    if confidential:
        return _("Confidential to %(name)s") % {"name": name}
    if note.kind == Note.Kind.INDIVIDUAL:
        return _("Individual session with %(name)s") % {"name": name}
    return _("%(kind)s with %(name)s") % {"kind": note.get_kind_display(), "name": name}


def _view(note: Note, episode: Episode, amendments: list[Amendment] | None = None) -> NoteView:
    confidential = rules.note_is_confidential(note, episode)
    return NoteView(note=note, confidential=confidential, label=_label(note, confidential), amendments=amendments or [])


def _members(episode: Episode) -> list[Any]:
    from closeknit.couples import selectors as couples

    return couples.members(episode.couple_id)


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """What the episode page shows of clinical notes; merged into its context.

    Under the "individual" policy, notes confidential to one partner are kept out of the joint
    timeline and listed in a section of their own per partner."""
    if not rules.can_read_notes(user, episode):
        return {}
    notes = list(Note.objects.filter(episode=episode).select_related("subject", "block"))
    views = [_view(n, episode) for n in notes]
    sections: dict[int, PartnerSection] = {}
    for v in views:
        if v.confidential:
            sid = v.note.subject_id or 0  # 0: the partner deleted their account; their notes stay together
            name = subject_name(v.note) or REMOVED
            sections.setdefault(sid, PartnerSection(name=name, user_id=sid, notes=[])).notes.append(v)
    return {
        "notes_panel": NotesPanel(
            episode=episode,
            joint=[v for v in views if not v.confidential],
            individual=sorted(sections.values(), key=lambda s: s.name),
            can_write=rules.can_write_notes(user, episode),
            policy=episode.policy,
            members=_members(episode),
            templates=[t for t in note_templates.load().values() if "block" not in t.kinds],
            kinds=[(k, str(label)) for k, label in Note.Kind.choices if k != Note.Kind.BLOCK],
        )
    }


def note_for_clinician(user: User, note_id: int) -> NoteView:
    """One note with its amendments in order; NotFound for anyone but the episode's clinician."""
    note = Note.objects.filter(pk=note_id).select_related("episode__clinician__user", "subject", "block").first()
    if note is None or not rules.can_read_notes(user, note.episode):
        raise NotFound(_("We could not find that note."))
    return _view(note, note.episode, list(note.amendments.select_related("author").order_by("signed_at", "pk")))


def notes_for_episode(user: User, episode_id: int) -> list[NoteView]:
    from closeknit.clinic.models import Episode

    episode = Episode.objects.filter(pk=episode_id).select_related("clinician__user").first()
    if episode is None or not rules.can_read_notes(user, episode):
        raise NotFound(_("We could not find that couple."))
    notes = Note.objects.filter(episode=episode).select_related("subject", "block").prefetch_related("amendments")
    return [_view(n, episode, sorted(n.amendments.all(), key=lambda a: (a.signed_at, a.pk))) for n in notes]


@dataclass
class BlockNote:
    block: Any
    note: Note | None
    label: str
    confidential: bool
    text: str
    amendments: list[Amendment]
    can_write: bool
    can_amend: bool


def block_panel(user: User, block: Any) -> dict[str, Any]:
    """The note for one intensive block, for the day-of view; merged into its context as `block_note`.

    Before a note exists, `text` is the block's own note template (or our default block template)."""
    episode = block.intensive.episode
    if not rules.can_read_notes(user, episode):
        return {}
    note = Note.objects.filter(block=block).select_related("subject").first()
    if note is not None:
        v = _view(note, episode, list(note.amendments.select_related("author").order_by("signed_at", "pk")))
        label, confidential, text, amendments = v.label, v.confidential, note.body, v.amendments
    else:
        confidential = episode.policy == "individual" and block.with_user_id is not None
        name = block.with_user.name if block.with_user_id else ""
        if confidential:
            label = _("Confidential to %(name)s") % {"name": name}
        else:
            label = _("With %(name)s") % {"name": name} if name else _("Joint")
        text, amendments = note_templates.for_block(block), []
    return {
        "block_note": BlockNote(
            block=block,
            note=note,
            label=label,
            confidential=confidential,
            text=text,
            amendments=amendments,
            can_write=rules.can_write_notes(user, episode),
            can_amend=rules.can_amend_notes(user, episode),
        )
    }


@dataclass(frozen=True)
class PartnerNote:
    """A signed note as it may appear in a partner's own record (report, copy of their record)."""

    title: str
    kind: str
    label: str
    session_on: dt.date
    signed_at: dt.datetime
    body: str
    amendments: tuple[tuple[dt.datetime, str, str], ...]  # (signed_at, reason, body), oldest first


def notes_for_partner_record(partner: User, episode: Episode) -> list[PartnerNote]:
    """Signed notes of this episode that may reach this partner, oldest first.

    Other areas must use this (or `rules.note_reaches`) before any note text goes towards a
    partner: under the "individual" policy it never returns a note confidential to the other one."""
    rows = (
        Note.objects.filter(episode=episode, signed_at__isnull=False)
        .select_related("episode", "subject")
        .prefetch_related("amendments")
        .order_by("session_on", "signed_at")
    )
    out = []
    for n in rows:
        if not rules.note_reaches(partner, n):
            continue
        confidential = rules.note_is_confidential(n, episode)
        out.append(
            PartnerNote(
                title=n.title,
                kind=n.kind,
                label=_label(n, confidential),
                session_on=n.session_on,
                signed_at=n.signed_at,  # type: ignore[arg-type]  # the query keeps signed notes only
                body=n.body,
                amendments=tuple(
                    (a.signed_at, a.reason, a.body) for a in sorted(n.amendments.all(), key=lambda a: a.signed_at)
                ),
            )
        )
    return out
