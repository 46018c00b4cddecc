"""Which models django-auditlog records, and how a person leaves the trail when they delete their account.

Structure only: who joined or left which space, who invited whom, profile changes. Never what people
wrote: an audit trail of check-in text would be a second, unencrypted copy of it. For the same reason a
line's label (`object_repr`) never comes from a person or a space's name: it is "person 12" or "space 3".

When a person deletes their account their lines stay (the practice's trail of consents, the space's
history), but every value that named them becomes a pseudonym: "person-" and 16 hex digits of an HMAC of
their id under the site's secret. It is the same on every line of that person, so the trail still reads
as one person's, and nobody can get from it back to an email.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.db.models.signals import pre_save
from django.utils.crypto import salted_hmac

# Labels for lines about objects whose own str() is what a person wrote or is called.
LABELS = {("accounts", "user"): "person", ("couples", "couple"): "space"}
# The fields of a person's own profile lines that still mean something without naming them.
STRUCTURAL = {"role", "is_active", "is_staff", "is_superuser"}
REMOVED = "[removed]"


def register() -> None:
    """Each app registers its own models in its AppConfig.ready() (accounts, couples, clinic); this keeps
    every line's label plain."""
    pre_save.connect(_plain_label, sender=LogEntry, dispatch_uid="closeknit-audit-plain-label")


def _label(content_type_id: int, object_pk: str) -> str | None:
    ct = ContentType.objects.get_for_id(content_type_id)
    label = LABELS.get((ct.app_label, ct.model))
    return f"{label} {object_pk}" if label else None


def _plain_label(sender: type[LogEntry], instance: LogEntry, **kwargs: Any) -> None:
    label = _label(instance.content_type_id, instance.object_pk)
    if label is not None and not instance.object_repr.startswith("person-"):
        instance.object_repr = label


def pseudonym(user_id: int) -> str:
    """Stable per person, keyed by SECRET_KEY so an id cannot be turned into it without the secret."""
    return "person-" + salted_hmac("closeknit.core.audit.pseudonym", str(user_id)).hexdigest()[:16]


def _user_fk_names(model: type[models.Model], user_model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is user_model
    }


class _Rewriter:
    """Replaces every way a line can name the person: their addresses, "person <id>", their id under a
    field that points at a user."""

    def __init__(self, user_id: int, emails: Iterable[str]) -> None:
        self.alias = pseudonym(user_id)
        self.id = str(user_id)
        self.emails = sorted({e.lower() for e in emails if e}, key=len, reverse=True)
        self.label = re.compile(rf"\bperson {user_id}\b")
        addresses = "|".join(re.escape(e) for e in self.emails) or r"(?!x)x"
        self.addresses = re.compile(addresses, re.IGNORECASE)

    def text(self, value: str) -> str:
        return self.label.sub(self.alias, self.addresses.sub(self.alias, value))

    def any(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.any(v) for v in value]
        if isinstance(value, dict):
            return {k: self.any(v) for k, v in value.items()}
        return value

    def changes(self, changes: Any, user_fields: set[str], *, own_profile: bool) -> Any:
        if not isinstance(changes, dict):
            return self.any(changes)
        out: dict[str, Any] = {}
        for name, pair in changes.items():
            if own_profile and name == "id":
                out[name] = [self.alias if v == self.id else v for v in pair] if isinstance(pair, list) else self.alias
            elif own_profile and name not in STRUCTURAL:
                out[name] = [REMOVED for _ in pair] if isinstance(pair, list) else REMOVED
            elif name in user_fields and isinstance(pair, list):
                out[name] = [self.alias if v == self.id else self.any(v) for v in pair]
            else:
                out[name] = self.any(pair)
        return out


def forget_person(*, user: models.Model, emails: Iterable[str]) -> int:
    """Before the account row goes: rewrite every audit line that names this person (as the one who
    acted, as the object, or through one of their own rows) to their pseudonym. Returns the lines changed."""
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    user_model = get_user_model()
    rewrite = _Rewriter(user.pk, emails)
    # The person's own rows in every audited model that points at a user, read before they cascade away.
    own: dict[int, tuple[type[models.Model], dict[str, models.Model], set[str]]] = {}
    for model in auditlog.get_models():
        fks = _user_fk_names(model, user_model)
        if model is user_model:
            fks = set()
        if not fks:
            continue
        mine = Q()
        for name in fks:
            mine |= Q(**{name: user.pk})
        rows = model._default_manager.filter(mine)
        ct = ContentType.objects.get_for_model(model)
        own[ct.pk] = (model, {str(r.pk): r for r in rows}, fks)
    user_ct = ContentType.objects.get_for_model(user_model)
    wanted = Q(actor_id=user.pk) | Q(content_type=user_ct, object_pk=str(user.pk))
    for ct_id, (_model, rows, _fks) in own.items():
        if rows:
            wanted |= Q(content_type_id=ct_id, object_pk__in=list(rows))
    for email in rewrite.emails:
        wanted |= Q(actor_email__iexact=email) | Q(object_repr__icontains=email) | Q(changes_text__icontains=email)
    lines = LogEntry.objects.annotate(changes_as_text=Cast("changes", models.TextField()))
    for email in rewrite.emails:
        wanted |= Q(changes_as_text__icontains=email)
    changed = 0
    for line in lines.filter(wanted).iterator():
        own_profile = line.content_type_id == user_ct.pk and line.object_pk == str(user.pk)
        model, rows, fks = own.get(line.content_type_id, (None, {}, set()))
        if own_profile:
            line.object_repr = rewrite.alias
        else:
            current = rows.get(line.object_pk)
            label = _label(line.content_type_id, line.object_pk) or (str(current) if current else line.object_repr)
            line.object_repr = rewrite.text(label)
        line.changes = rewrite.changes(line.changes, fks, own_profile=own_profile)
        line.changes_text = "" if own_profile else rewrite.text(line.changes_text or "")
        line.additional_data = rewrite.any(line.additional_data)
        if line.actor_id == user.pk or (line.actor_email or "").lower() in rewrite.emails:
            line.actor, line.actor_email, line.remote_addr, line.remote_port = None, rewrite.alias, None, None
        else:
            line.actor_email = rewrite.text(line.actor_email) if line.actor_email else line.actor_email
        # An update, not save(): inside a request auditlog's own pre_save would put the acting person's
        # email back on any line whose actor is empty.
        LogEntry.objects.filter(pk=line.pk).update(
            object_repr=line.object_repr,
            changes=line.changes,
            changes_text=line.changes_text,
            serialized_data=None,
            additional_data=line.additional_data,
            actor=line.actor,
            actor_email=line.actor_email,
            remote_addr=line.remote_addr,
            remote_port=line.remote_port,
        )
        changed += 1
    # The admin's own history names objects by str(): the person's profile lines get the pseudonym too.
    AdminLogEntry.objects.filter(content_type=user_ct, object_id=str(user.pk)).update(object_repr=rewrite.alias)
    return changed


def record_deletion(*, user_id: int, user_model: type[models.Model]) -> LogEntry:
    """One line that says an account was deleted, under its pseudonym: the trail shows why the
    person's lines stop, without saying who they were."""
    alias = pseudonym(user_id)
    line = LogEntry(
        content_type=ContentType.objects.get_for_model(user_model),
        object_pk=str(user_id),
        object_id=user_id,
        object_repr=alias,
        action=LogEntry.Action.DELETE,
        changes={"account": ["exists", "deleted"]},
        actor_email=alias,
    )
    # bulk_create sends no pre_save: auditlog's would stamp the (now deleted) acting person's email on it.
    [made] = LogEntry.objects.bulk_create([line])
    return made
