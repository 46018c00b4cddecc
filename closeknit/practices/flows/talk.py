"""The speaker-listener conversation between two phones, as a small state machine in the database.

speak (speaker holds the floor) -> paraphrase (listener says back) -> check (speaker: heard, or say
it again). When the speaker feels heard the floor passes; once both feel heard, and only then, the
couple may move on to ideas ("solve"). Either person may pause at any time: a break of at least
20 minutes, because a flooded body needs that long to settle. Whose turn it is is checked here, so
two phones (or an app) cannot push the conversation out of order.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from closeknit import access
from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable
from closeknit.couples import selectors as couples
from closeknit.nudges import services as nudges
from closeknit.practices import services
from closeknit.practices.library import library
from closeknit.practices.models import Conversation as Talk
from closeknit.safety import net

BREAK = dt.timedelta(minutes=20)
SPEAK_SECONDS, PARAPHRASE_SECONDS = 90, 60
ACTIONS = ("done_speaking", "said_back", "heard", "again", "solve_done", "pause", "resume", "end")
NOT_FOUND = gettext_noop("We could not find that conversation.")


def compose_opener(*, feel: str = "", about: str = "", need: str = "", own: str = "") -> str:
    """ "I feel … about … I need …" from deck parts (ids) or the person's own words."""
    deck = library().decks["gentle-start-up"]
    parts = {}
    for name, value in (("feel", feel), ("about", about), ("need", need)):
        if not isinstance(value, str):
            raise ServiceError(_("Please pick from the list."), field=name)
        if value:
            item = deck.item(value)
            if item is None or not item.id.startswith(name + "-"):
                raise ServiceError(_("Please pick one of the offered words."), field=name)
            parts[name] = item.text
    if not isinstance(own, str):
        raise ServiceError(_("Your own words should be text."), field="own")
    own = storable(own, field="own", label=pgettext("field label", "the opening"), max_length=600)
    if own:
        return own
    if len(parts) < 3:
        return ""
    return opener_frame() % parts


def opener_frame() -> str:
    """The gentle start-up's sentence, in the writer's own language (the request's): the deck's words are
    already in it. The page's preview fills the same frame as the parts are picked."""
    return _("I feel %(feel)s about %(about)s. I need %(need)s.")


STALE = dt.timedelta(hours=6)


def _stale(talk: Talk, now: dt.datetime) -> bool:
    """A conversation nobody has touched for hours was left, not paused: it should not block the next."""
    last = max(talk.phase_started_at, talk.paused_until or talk.phase_started_at)
    return now - last > STALE


def open_for(user: User, now: dt.datetime | None = None) -> Talk | None:
    couple_id = access.active_couple_id(user)
    if couple_id is None:
        return None
    talk = Talk.objects.filter(couple_id=couple_id, ended_at__isnull=True).first()
    if talk is None or not rules.in_conversation(user, talk):
        return None
    now = now or timezone.now()
    if _stale(talk, now):
        Talk.objects.filter(pk=talk.pk, ended_at__isnull=True).update(
            ended_at=now, phase=Talk.DONE, version=talk.version + 1
        )
        return None
    return talk


def get(user: User, talk_id: int) -> Talk:
    talk = Talk.objects.filter(pk=talk_id).first()
    if talk is None or not rules.in_conversation(user, talk):
        raise NotFound(_(NOT_FOUND))
    return talk


class Withheld(NotFound):
    """The opening disclosed violence or control by a partner, said of the writer: no joint conversation
    opens (or is joined), and the words go nowhere. To everyone it reads as any withheld practice (404,
    the practice's own "not found"); only the writer's own answer carries the help (`support`)."""

    def __init__(self, support: net.Support):
        super().__init__(_(services.NOT_FOUND))
        self.support = support


def start(*, user: User, slug: str, opener: str = "", now: dt.datetime | None = None) -> Talk:
    """Start the couple's conversation, or join the open one. Raises Withheld when the opening itself
    discloses violence or control (see `_withhold`)."""
    practice = services.practice_or_404(user, slug)
    if practice.kind != "hard-conversation":
        raise NotFound(_(services.NOT_FOUND))
    partner = couples.partner_of(user)
    if partner is None:
        raise ServiceError(
            _("This one needs two phones. Once your partner has joined your space you can start it together."),
            status=409,
            code="no_partner",
        )
    now = now or timezone.now()
    if opener and net.enabled() and net.assess([opener], language=user.language)[2]:
        raise _withhold(user=user, opener=opener, now=now)
    existing = open_for(user, now)
    if existing is not None:
        if existing.joined_at is None and user.pk != existing.started_by_id:
            existing = join(user=user, talk_id=existing.pk, now=now)  # joining over the API counts too
        # Joining the partner's open talk drops this opener, but it was written: help still shows at
        # once, with no alert since nothing is kept (docs/decisions.md, "not kept still gets the net").
        existing.support = net.screen(user=None, texts=[opener], where="talk")
        return existing
    couple_id = access.active_couple_id(user)
    assert couple_id is not None  # a partner (checked above) means a shared space
    support: list = []
    try:
        with transaction.atomic():
            support = net.screen(user=user, texts=[opener], where="talk")
            talk = Talk.objects.create(
                couple_id=couple_id,
                slug=practice.slug,
                started_by=user,
                speaker=user,
                listener=partner,
                phase=Talk.SPEAK,
                phase_started_at=now,
                opener=opener,
            )
            talk.support = support  # the opener's author alone sees it, on the next screen; not kept
            transaction.on_commit(lambda: nudges.talk_opened(talk_id=talk.pk))  # the other phone hears
            return talk
    except IntegrityError:  # the partner started one at the same moment: join theirs
        found = open_for(user, now)
        if found is None:
            raise
        found.support = support
        return found


def _withhold(*, user: User, opener: str, now: dt.datetime) -> Withheld:
    """A safety finding outranks the conversation (docs/architecture.md, Safety): words of violence or
    control about the writer withhold joint conflict work from the couple, by the rule a positive private
    screen uses, so this conversation must not open on them, nor the writer be joined to one already open
    (it ends as quietly as one left for hours). The screen runs as for any write: the hold, and a
    clinician's alert where consented; the opening itself is not kept and reaches no one."""
    with transaction.atomic():
        support = net.screen(user=user, texts=[opener], where="talk", now=now)
        couple_id = access.active_couple_id(user)
        assert couple_id is not None  # start() checked for a partner, so a shared space
        Talk.objects.filter(couple_id=couple_id, ended_at__isnull=True).update(
            ended_at=now, phase=Talk.DONE, version=F("version") + 1
        )
    return Withheld(support)


def join(*, user: User, talk_id: int, now: dt.datetime | None = None) -> Talk:
    """The other phone has arrived: record when, once, and start the first turn's clock from then, so
    the speaker's 90 seconds are not spent waiting for the partner to pick up their phone. Opening the
    conversation or acting in it counts; the starter's own visits do not."""
    now = now or timezone.now()
    with transaction.atomic():
        talk = Talk.objects.select_for_update().get(pk=get(user, talk_id).pk)
        if talk.joined_at is None and talk.ended_at is None and user.pk != talk.started_by_id:
            _joined(talk, now)
            talk.save(update_fields=["joined_at", "phase_started_at", "version"])
    return talk


def _joined(talk: Talk, now: dt.datetime) -> None:
    talk.joined_at = now
    if talk.paused_until is None:
        talk.phase_started_at = now
    talk.version += 1


def _refuse(message: str) -> ServiceError:
    return ServiceError(message, status=409, code="not_your_turn")


def act(*, user: User, talk_id: int, action: str, now: dt.datetime | None = None) -> Talk:
    if action not in ACTIONS:
        raise ServiceError(_("That is not something this conversation can do."), field="action")
    now = now or timezone.now()
    with transaction.atomic():
        talk = get(user, talk_id)
        talk = Talk.objects.select_for_update().get(pk=talk.pk)
        if talk.ended_at is not None:
            if action == "end":  # the second phone finishing too: nothing left to change
                return talk
            raise ServiceError(_("This conversation has ended."), status=409, code="ended")
        if talk.joined_at is None and user.pk != talk.started_by_id:
            _joined(talk, now)  # acting from the other phone is joining
        me_speaker = user.pk == talk.speaker_id
        paused = talk.paused_until is not None
        if action == "pause":
            if not paused:
                talk.paused_until = now + BREAK
        elif action == "resume":
            if not paused:
                return talk
            assert talk.paused_until is not None  # paused
            if now < talk.paused_until:
                left = int((talk.paused_until - now).total_seconds() // 60) + 1
                raise ServiceError(
                    ngettext(
                        "The break has about %(left)d minute to go. Bodies need about 20 minutes to calm down.",
                        "The break has about %(left)d minutes to go. Bodies need about 20 minutes to calm down.",
                        left,
                    )
                    % {"left": left},
                    status=409,
                    code="break_not_over",
                )
            talk.paused_until = None
            talk.phase_started_at = now
        elif action == "end":
            talk.phase = Talk.DONE
            talk.ended_at = now
        elif paused:
            raise ServiceError(_("You are on a break. Come back when the break is over."), status=409, code="paused")
        elif action == "done_speaking":
            if talk.phase != Talk.SPEAK or not me_speaker:
                raise _refuse(_("It's your partner's turn to speak."))
            talk.phase = Talk.PARAPHRASE
        elif action == "said_back":
            if talk.phase != Talk.PARAPHRASE or me_speaker:
                raise _refuse(_("Only the listener says back what they heard, once the speaker is done."))
            talk.phase = Talk.CHECK
        elif action in ("heard", "again"):
            if talk.phase != Talk.CHECK or not me_speaker:
                raise _refuse(_("Only the speaker can say whether they feel heard."))
            if action == "again":
                talk.phase = Talk.SPEAK
            else:
                heard = set(talk.heard) | {user.pk}
                talk.heard = sorted(heard)
                if {talk.speaker_id, talk.listener_id} <= heard:
                    talk.phase = Talk.SOLVE
                else:
                    talk.speaker_id, talk.listener_id = talk.listener_id, talk.speaker_id
                    talk.phase = Talk.SPEAK
                    talk.turns += 1
        elif action == "solve_done":
            if talk.phase != Talk.SOLVE:
                raise _refuse(_("Ideas come once you both feel heard."))
            talk.phase = Talk.DONE
            talk.ended_at = now
        if action not in ("pause", "resume"):
            talk.phase_started_at = now
        talk.version += 1
        talk.save()
    return talk


def seconds_left(talk: Talk, now: dt.datetime | None = None) -> int | None:
    """The turn timer, or the break timer while paused. A timer only guides; nothing is cut off."""
    now = now or timezone.now()
    if talk.paused_until is not None:
        return max(0, int((talk.paused_until - now).total_seconds()))
    if talk.joined_at is None:
        return None  # waiting for the other phone: no clock runs yet
    total = {Talk.SPEAK: SPEAK_SECONDS, Talk.PARAPHRASE: PARAPHRASE_SECONDS}.get(talk.phase)
    if total is None:
        return None
    return max(0, total - int((now - talk.phase_started_at).total_seconds()))
