"""Writing a practice's intensive templates: its copy of the shipped defaults, and every edit to it.

Templates are the practice's own rows; a scheduled intensive copies its blocks when it is placed, so
nothing here ever changes an intensive already on the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.clinic import intensive_content as content
from closeknit.clinic.models import IntensiveTemplate, Practice, TemplateBlock
from closeknit.core.errors import NotFound, ServiceError

MAX_CHECKLIST = 12
MAX_TEXT = 4000


def practice_for_templates(user: User) -> Practice:
    """The practice whose templates this person may edit (their own; the first if they own several)."""
    for pid in rules.practice_ids(user):
        if rules.can_edit_templates(user, pid):
            return Practice.objects.get(pk=pid)
    raise NotFound()


def ensure_templates(*, user: User, practice_id: int) -> list[IntensiveTemplate]:
    """On a practice's first visit, copy the shipped defaults into its own rows. Idempotent."""
    if not rules.can_edit_templates(user, practice_id):
        raise NotFound()
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice_id)
        if not IntensiveTemplate.objects.filter(practice=practice).exists():
            for t in content.shipped().values():
                copy_shipped(practice=practice, shipped=t)
    return list(IntensiveTemplate.objects.filter(practice_id=practice_id, archived=False))


def copy_shipped(*, practice: Practice, shipped: content.TemplateDef) -> IntensiveTemplate:
    template = IntensiveTemplate.objects.create(
        practice=practice,
        name=shipped.name,
        source=shipped.slug,
        description=shipped.description,
        days=len(shipped.days),
        day_starts=shipped.day_starts,
    )
    TemplateBlock.objects.bulk_create(
        TemplateBlock(
            template=template,
            day=d,
            order=o,
            kind=b.kind,
            title=b.title,
            minutes=b.minutes,
            with_partner=b.with_partner,
            goals=b.goals,
            practices=list(b.practices),
            checklist=list(b.checklist),
            note_template=b.note_template,
        )
        for d, day in enumerate(shipped.days, start=1)
        for o, b in enumerate(day, start=1)
    )
    return template


def _template(user: User, template_id: int, *, lock: bool = False) -> IntensiveTemplate:
    qs = IntensiveTemplate.objects.select_for_update() if lock else IntensiveTemplate.objects
    t = qs.filter(pk=template_id).first()
    if t is None or not rules.can_edit_templates(user, t.practice_id):
        raise NotFound(_("We could not find that template."))
    return t


def update_template(
    *, user: User, template_id: int, name: str, description: str, day_starts: dt.time | None
) -> IntensiveTemplate:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Please give the template a name."), field="name")
    if len(name) > 120:
        raise ServiceError(_("Please keep the name under 120 characters."), field="name")
    if day_starts is None:
        raise ServiceError(_("Please say when each day begins, such as 09:00."), field="day_starts")
    if not dt.time(6) <= day_starts <= dt.time(12):
        raise ServiceError(_("Days should begin between 06:00 and 12:00."), field="day_starts")
    if len(description or "") > MAX_TEXT:
        raise ServiceError(_("Please keep the description shorter."), field="description")
    with transaction.atomic():
        t = _template(user, template_id, lock=True)
        if IntensiveTemplate.objects.filter(practice_id=t.practice_id, name=name).exclude(pk=t.pk).exists():
            raise ServiceError(
                _("Another template already has that name."), status=409, field="name", code="name_taken"
            )
        t.name, t.description, t.day_starts = name, (description or "").strip(), day_starts
        t.save(update_fields=["name", "description", "day_starts", "updated_at"])
    return t


def clean_block(data: dict[str, Any]) -> dict[str, Any]:
    """Check a block as a form or the API sent it; a clear message naming the field, or clean values."""
    kind = data.get("kind")
    if kind not in content.KINDS:
        raise ServiceError(_("Please pick what kind of block this is."), field="kind")
    title = str(data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("Please give the block a title."), field="title")
    if len(title) > 120:
        raise ServiceError(_("Please keep the title under 120 characters."), field="title")
    minutes = data.get("minutes")
    if isinstance(minutes, str) and minutes.strip().isdigit():
        minutes = int(minutes)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not content.MIN_MINUTES <= minutes <= content.MAX_MINUTES
    ):
        raise ServiceError(
            _("Minutes should be a whole number from %(low)s to %(high)s.")
            % {"low": content.MIN_MINUTES, "high": content.MAX_MINUTES},
            field="minutes",
        )
    partner = str(data.get("with_partner") or "")
    if kind == "individual" and partner not in content.PARTNERS:
        raise ServiceError(
            _("An individual interview is with one partner: pick the first or the second."), field="with_partner"
        )
    if kind != "individual":
        partner = ""
    practices = _list(data.get("practices"), "practices")
    known = content._practice_slugs()
    for slug in practices:
        if slug not in known:
            raise ServiceError(
                _("%(slug)s is not a practice in the library.") % {"slug": repr(slug)}, field="practices"
            )
    checklist = _list(data.get("checklist"), "checklist")
    if len(checklist) > MAX_CHECKLIST or any(len(c) > 200 for c in checklist):
        raise ServiceError(_("Keep the checklist to %(n)s short lines.") % {"n": MAX_CHECKLIST}, field="checklist")
    goals = str(data.get("goals") or "").strip()
    note = str(data.get("note_template") or "").strip()
    if len(goals) > MAX_TEXT or len(note) > MAX_TEXT:
        raise ServiceError(_("Please keep goals and the note template shorter."), field="goals")
    return {
        "kind": kind,
        "title": title,
        "minutes": minutes,
        "with_partner": partner,
        "goals": goals,
        "practices": list(dict.fromkeys(practices)),
        "checklist": checklist,
        "note_template": note,
    }


def _list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise ServiceError(_("Please give a list of short texts."), field=field)
    return [v.strip() for v in value if v.strip()]


def _day(value: Any, template: IntensiveTemplate) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    highest = TemplateBlock.objects.filter(template=template).aggregate(m=Max("day"))["m"] or 0
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= min(highest + 1, content.MAX_DAYS):
        raise ServiceError(
            _("Pick a day from 1 to %(last)s.") % {"last": min(highest + 1, content.MAX_DAYS)}, field="day"
        )
    return value


def _check_day_length(template: IntensiveTemplate, day: int) -> None:
    total = sum(TemplateBlock.objects.filter(template=template, day=day).values_list("minutes", flat=True))
    if total > content.MAX_DAY_MINUTES:
        raise ServiceError(
            _("Day %(day)s would last %(hours)s h %(minutes)s min; keep each day under %(most)s hours.")
            % {"day": day, "hours": total // 60, "minutes": total % 60, "most": content.MAX_DAY_MINUTES // 60},
            field="minutes",
        )


def _sync_days(template: IntensiveTemplate) -> None:
    days = TemplateBlock.objects.filter(template=template).aggregate(m=Max("day"))["m"] or 1
    template.days = days
    template.save(update_fields=["days", "updated_at"])


def save_block(*, user: User, template_id: int, block_id: int | None, day: Any, data: dict[str, Any]) -> TemplateBlock:
    """Add a block at the end of a day, or edit one (moving it to the end of another day if the day changed)."""
    clean = clean_block(data)
    with transaction.atomic():
        t = _template(user, template_id, lock=True)
        d = _day(day, t)
        block: TemplateBlock | None
        if block_id is None:
            block = TemplateBlock(template=t, day=d)
        else:
            block = TemplateBlock.objects.filter(pk=block_id, template=t).first()
            if block is None:
                raise NotFound(_("We could not find that block."))
        if block.pk is None or block.day != d:
            old_day = block.day if block.pk else None
            block.day = d
            block.order = (TemplateBlock.objects.filter(template=t, day=d).aggregate(m=Max("order"))["m"] or 0) + 1
            if old_day is not None:
                TemplateBlock.objects.filter(pk=block.pk).update(day=d, order=block.order)
                _renumber(t, old_day)
        for k, v in clean.items():
            setattr(block, k, v)
        block.save()
        _check_day_length(t, d)
        _sync_days(t)
    return block


def _renumber(template: IntensiveTemplate, day: int) -> None:
    for n, b in enumerate(TemplateBlock.objects.filter(template=template, day=day).order_by("order"), start=1):
        if b.order != n:
            TemplateBlock.objects.filter(pk=b.pk).update(order=n)


def remove_block(*, user: User, block_id: int) -> None:
    with transaction.atomic():
        block = TemplateBlock.objects.select_related("template").filter(pk=block_id).first()
        if block is None or not rules.can_edit_templates(user, block.template.practice_id):
            raise NotFound(_("We could not find that block."))
        t = _template(user, block.template_id, lock=True)
        if TemplateBlock.objects.filter(template=t).count() == 1:
            raise ServiceError(_("A template needs at least one block."), status=409, code="last_block")
        block.delete()
        _renumber(t, block.day)
        # A day left empty closes up, so days stay 1..n.
        for later in sorted(
            set(TemplateBlock.objects.filter(template=t, day__gt=block.day).values_list("day", flat=True))
        ):
            if not TemplateBlock.objects.filter(template=t, day=later - 1).exists():
                TemplateBlock.objects.filter(template=t, day=later).update(day=later - 1)
        _sync_days(t)


def move_block(*, user: User, block_id: int, direction: str) -> TemplateBlock:
    """Swap a block with its neighbour in the same day."""
    if direction not in ("up", "down"):
        raise ServiceError(_("Move a block up or down."), field="direction")
    with transaction.atomic():
        block = TemplateBlock.objects.select_related("template").filter(pk=block_id).first()
        if block is None or not rules.can_edit_templates(user, block.template.practice_id):
            raise NotFound(_("We could not find that block."))
        _template(user, block.template_id, lock=True)
        siblings = TemplateBlock.objects.filter(template_id=block.template_id, day=block.day)
        other = (
            siblings.filter(order__lt=block.order).order_by("-order").first()
            if direction == "up"
            else siblings.filter(order__gt=block.order).order_by("order").first()
        )
        if other is None:
            return block
        mine, theirs = block.order, other.order
        try:
            TemplateBlock.objects.filter(pk=block.pk).update(order=0)
            TemplateBlock.objects.filter(pk=other.pk).update(order=mine)
            TemplateBlock.objects.filter(pk=block.pk).update(order=theirs)
        except IntegrityError:  # pragma: no cover - serialized by the template lock
            raise ServiceError(_("Someone else is editing this template; please try again."), status=409) from None
        block.order = theirs
    return block
