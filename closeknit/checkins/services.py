"""Writing the daily check-in. One per person per local day; editable until that day ends."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from closeknit import access
from closeknit.accounts.models import User
from closeknit.checkins import feelings, streaks
from closeknit.checkins.models import ANSWERS, SCORES, CheckIn, Reaction
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable
from closeknit.core.time import local_today
from closeknit.couples import services as couple_services

MAX_TEXT = 1000
MAX_FEELINGS = 6
TEXTS = ("appreciation", "need", "note")
SCORE_LABELS = {
    "emotional_closeness": gettext_lazy("Emotional closeness"),
    "physical_closeness": gettext_lazy("Physical closeness"),
    "stress": gettext_lazy("Stress"),
}
ANSWER_LABELS = {
    "appreciation": pgettext_lazy("field label", "the appreciation answer"),
    "need": pgettext_lazy("field label", "the need answer"),
    "note": pgettext_lazy("field label", "the note answer"),
}


def clean_answers(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check every answer and say, in plain words, what to fix. Nothing is saved unless all pass.
    A score that is missing, null or blank is stored as null: a person may skip any of the three."""
    out: dict[str, Any] = {}
    raw_feelings = data.get("feelings") or []
    if isinstance(raw_feelings, str):
        raw_feelings = [raw_feelings]
    if not isinstance(raw_feelings, list | tuple) or not all(isinstance(f, str) for f in raw_feelings):
        raise ServiceError(_("Feelings should be a list of words from the list."), field="feelings")
    known = feelings.by_slug()
    unknown = [f for f in raw_feelings if f not in known]
    if unknown:
        raise ServiceError(
            _("We don't know the feeling %(word)s; please pick from the list.") % {"word": repr(unknown[0])},
            field="feelings",
        )
    picked = list(dict.fromkeys(raw_feelings))
    if not picked:
        raise ServiceError(_("Pick at least one word for how you feel."), field="feelings")
    if len(picked) > MAX_FEELINGS:
        raise ServiceError(_("Pick up to %(most)s feelings.") % {"most": MAX_FEELINGS}, field="feelings")
    out["feelings"] = picked
    for name in SCORES:
        value = data.get(name)
        label = SCORE_LABELS[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            out[name] = None  # skipped: "not today" is an answer of its own, never a neutral 5
            continue
        if isinstance(value, bool):
            raise ServiceError(_("%(label)s should be a number from 0 to 10.") % {"label": label}, field=name)
        number = _whole_number(value)
        if number is None:
            raise ServiceError(_("%(label)s should be a whole number from 0 to 10.") % {"label": label}, field=name)
        if not 0 <= number <= 10:
            raise ServiceError(_("%(label)s should be between 0 and 10.") % {"label": label}, field=name)
        out[name] = number
    for name in TEXTS:
        value = data.get(name) or ""
        if not isinstance(value, str):
            raise ServiceError(
                capfirst(_("%(label)s should be text.") % {"label": str(ANSWER_LABELS[name])}), field=name
            )
        out[name] = storable(value, field=name, label=str(ANSWER_LABELS[name]), max_length=MAX_TEXT)
    shared = data.get("shared")
    if shared is None:
        shared = []
    if isinstance(shared, str):
        shared = [shared]
    if not isinstance(shared, list | tuple) or not all(isinstance(s, str) for s in shared):
        raise ServiceError(_("Sharing should be a list of answer names."), field="shared")
    bad = [s for s in shared if s not in ANSWERS]
    if bad:
        raise ServiceError(_("%(name)s is not an answer you can share.") % {"name": repr(bad[0])}, field="shared")
    out["shared"] = [a for a in ANSWERS if a in shared]
    return out


def _whole_number(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3}", value.strip()):
        return int(value.strip())
    return None


def create_checkin(*, user: User, answers: Mapping[str, Any]) -> CheckIn:
    clean = clean_answers(answers)
    today = local_today(user.timezone)
    try:
        with transaction.atomic():
            couple_id = couple_services.ensure_space(user=user)
            checkin = CheckIn.objects.create(
                author=user,
                couple_id=couple_id,
                local_date=today,
                timezone=user.timezone,
                support=_support_for(clean, user=user),
                **clean,
            )
            streaks.note_checkin(user_id=user.pk, couple_id=couple_id, day=today)
            _after_save(checkin)
    except IntegrityError:
        raise ServiceError(
            _("You already checked in today. You can change today's answers instead."),
            status=409,
            code="already_checked_in",
        ) from None
    return checkin


def update_checkin(*, user: User, checkin_id: int, answers: Mapping[str, Any]) -> CheckIn:
    """One transaction: the safety net (and any alert it raises) and one `UPDATE ... RETURNING` whose
    WHERE holds both rules, "yours" (author) and "today" (the day in the zone it was written in). Only
    when no row matched does a SELECT run, to tell "not yours or not there" (404) from "day over" (409)."""
    clean = clean_answers(answers)
    now = timezone.now()
    zone = user.timezone
    today = local_today(zone, now)
    with transaction.atomic():
        clean["support"] = _support_for(clean, user=user)
        clean["updated_at"] = now
        row = _update_today(checkin_id, user, zone, today, clean)
        if row is None:  # not this person's, gone, closed, or written in another zone than theirs now
            found = CheckIn.objects.filter(pk=checkin_id, author=user).values_list("timezone", "local_date").first()
            if found is None:
                raise NotFound(_("We could not find that check-in."))
            zone, day = found
            today = local_today(zone, now)
            if today != day:
                raise ServiceError(
                    _("That day is over, so its check-in can no longer change."), status=409, code="day_closed"
                )
            row = _update_today(checkin_id, user, zone, today, clean)
            if row is None:  # changed under us between the two statements
                raise ServiceError(_("That check-in changed just now; please try again."), status=409, code="conflict")
    couple_id, created_at = row
    # The answer is built from the values in hand: nothing is read back.
    return CheckIn(
        pk=checkin_id,
        author=user,
        couple_id=couple_id,
        local_date=today,
        timezone=zone,
        created_at=created_at,
        **clean,
    )


_UPDATED = ("feelings", *SCORES, *TEXTS, "shared", "support", "updated_at")


def _update_today(
    checkin_id: int, user: User, zone: str, today: Any, clean: Mapping[str, Any]
) -> tuple[int, Any] | None:
    """UPDATE the row if it is the person's and still today's; (couple_id, created_at) or None.
    Values go through each field's own preparation, so the texts are encrypted exactly as the ORM does."""
    meta = CheckIn._meta
    qn = connection.ops.quote_name
    fields = [meta.get_field(name) for name in _UPDATED]
    sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)  # type: ignore[union-attr, arg-type]  # concrete fields
    params = [f.get_db_prep_save(clean[f.name], connection) for f in fields]  # type: ignore[union-attr]  # concrete fields
    date_field = meta.get_field("local_date")
    params += [checkin_id, user.pk, zone, date_field.get_db_prep_value(today, connection)]
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn('id')} = %s AND {qn('author_id')} = %s "
        f"AND {qn('timezone')} = %s AND {qn('local_date')} = %s RETURNING {qn('couple_id')}, {qn('created_at')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    created_at = meta.get_field("created_at").to_python(row[1])  # SQLite returns text
    if created_at is not None and timezone.is_naive(created_at):
        created_at = timezone.make_aware(created_at, dt.UTC)
    return row[0], created_at


def save_today(*, user: User, answers: Mapping[str, Any]) -> tuple[CheckIn, bool]:
    """Create today's check-in or change it; returns (check-in, created)."""
    existing = CheckIn.objects.filter(author=user, local_date=local_today(user.timezone)).first()
    if existing:
        return update_checkin(user=user, checkin_id=existing.pk, answers=answers), False
    return create_checkin(user=user, answers=answers), True


def _support_for(clean: Mapping[str, Any], *, user: User) -> list[dict[str, str]]:
    """Run the safety net (closeknit.safety.net) over each thing the person wrote. Only the kind of help
    and the tone are kept: the words stay in their encrypted fields, and nothing here is ever shown to
    the partner. In care, the clinician is alerted only where the person consented to safety alerts."""
    from closeknit.safety import net

    return net.screen(user=user, texts={name: clean.get(name) for name in TEXTS}, where="checkin")


def dismiss_support(*, user: User, checkin_id: int) -> None:
    """'This isn't about me': the card goes away. Nothing learns from it."""
    updated = CheckIn.objects.filter(pk=checkin_id, author=user).update(support=[])
    if not updated:
        raise NotFound(_("We could not find that check-in."))


def _after_save(checkin: CheckIn) -> None:
    from closeknit.nudges import services as nudges

    transaction.on_commit(lambda: nudges.partner_answered(checkin_id=checkin.pk))


@transaction.atomic
def react(*, user: User, checkin_id: int, kind: str) -> Reaction | None:
    """Send, change or take back (the same kind again) a reaction to a partner's revealed check-in.
    Anyone who may not react learns nothing: the same 404 as for a check-in that does not exist."""
    if kind not in Reaction.Kind.values:
        raise ServiceError(_("Choose “Thank you” or a heart."), field="kind")
    checkin = CheckIn.objects.filter(pk=checkin_id).first()
    if checkin is None:
        raise NotFound(_("We could not find that check-in."))
    answered = CheckIn.objects.filter(author=user, local_date=checkin.local_date).exists()
    if not access.can_react(user, checkin, viewer_answered=answered):
        raise NotFound(_("We could not find that check-in."))
    existing = Reaction.objects.select_for_update().filter(checkin=checkin, reactor=user).first()
    if existing is not None and existing.kind == kind:
        existing.delete()
        return None
    reaction, _created = Reaction.objects.update_or_create(checkin=checkin, reactor=user, defaults={"kind": kind})
    return reaction
