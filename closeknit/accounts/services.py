"""Changes a person makes to their own account and profile."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import import_module
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from closeknit.accounts import hooks
from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.core.languages import speaks
from closeknit.core.text import storable
from closeknit.core.time import is_valid_zone

PROFILE_FIELDS = ("display_name", "pronouns", "timezone", "language", "country")
LIMITS = {"display_name": 60, "pronouns": 40}
PROFILE_LABELS = {
    "display_name": pgettext_lazy("field label", "your display name"),
    "pronouns": pgettext_lazy("field label", "your pronouns"),
    "timezone": pgettext_lazy("field label", "your time zone"),
    "language": pgettext_lazy("field label", "your language"),
    "country": pgettext_lazy("field label", "your country"),
}


def update_profile(*, user: User, changes: Mapping[str, Any]) -> User:
    """Apply only the fields given; reject the whole change if any one is wrong."""
    from closeknit.safety.resources import countries

    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ServiceError(
            _("%(field)r is not part of your profile.") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0]
        )
    clean: dict[str, str] = {}
    for name, value in changes.items():
        if not isinstance(value, str):
            raise ServiceError(capfirst(_("%(label)s should be text.") % {"label": PROFILE_LABELS[name]}), field=name)
        value = storable(
            value,
            field=name,
            label=str(PROFILE_LABELS.get(name, name)),
            max_length=LIMITS.get(name, 64),
            single_line=True,
        )
        if name == "timezone" and not is_valid_zone(value):
            raise ServiceError(_("Please choose a time zone from the list, such as Europe/Paris."), field=name)
        if name == "language" and not speaks(value):
            raise ServiceError(_("That language is not available yet."), field=name)
        if name == "country":
            value = value.upper()
            if value not in countries():
                raise ServiceError(_("Please choose a country from the list."), field=name)
        clean[name] = value
    zone_changed = "timezone" in clean and clean["timezone"] != user.timezone
    with transaction.atomic():
        for name, value in clean.items():
            setattr(user, name, value)
        user.save(update_fields=list(clean) or None)
        if zone_changed:
            from closeknit.nudges import services as nudges

            nudges.reschedule(user=user)
    return user


def delete_account(*, user: User, password: str) -> None:
    """Remove the person and everything they wrote. A shared space ends first, so the partner keeps
    their own entries and simply stops seeing anything of this person's. What must outlive the account
    (the audit trail, a clinician's notes, a practice's intake record) keeps no way back to them: no
    email, no name, no words of theirs (docs/decisions.md, "Deleting an account forgets the person")."""
    from closeknit import access
    from closeknit.core import audit
    from closeknit.couples import services as couples

    if not user.check_password(password):
        raise ServiceError(_("That password isn't right."), status=403, code="wrong_password", field="password")
    hooks.deletion_refused(user)  # the clinic refuses while the person holds care episodes
    with transaction.atomic():
        if access.active_couple_id(user) is not None:
            couples.leave_space(user=user)
        emails = _addresses(user)
        # The clinic keeps its notes under a pseudonym and lets go of the person's side of its leads
        # (closeknit.clinic.services.forget.forget_person).
        hooks.forgetting(user=user, emails=emails, pseudonym=audit.pseudonym(user.pk))
        # Audit lines stay, under a pseudonym; the rows they point at are read before they cascade away.
        audit.forget_person(user=user, emails=emails)
        couples.forget_names(user=user)
        _end_sessions(user, emails)
        user_id = user.pk
        # Check-ins, memberships, reminders, deliveries, email addresses, two-step sign-in and the access
        # log about them cascade. The cascade itself is not audited (it would name the person again);
        # one pseudonymous line says the account was deleted.
        with disable_auditlog():
            user.delete()
        audit.record_deletion(user_id=user_id, user_model=User)


def _addresses(user: User) -> set[str]:
    """Every address the person is known by: the account's, allauth's, and any they changed from."""
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    for line in LogEntry.objects.get_for_object(user).only("changes"):
        pair = (line.changes or {}).get("email") if isinstance(line.changes, dict) else None
        for value in pair or ():
            if isinstance(value, str) and "@" in value:
                found.add(value.lower())
    return found


def _end_sessions(user: User, emails: set[str]) -> int:
    """Every browser session and app token (allauth headless keeps tokens as sessions) of the person,
    and any half-finished login that carries one of their addresses. Sessions are not indexed by user,
    so this reads each one: fine for something a person does once."""
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    mine = str(user.pk)
    doomed = []
    for key, data in Session.objects.values_list("session_key", "session_data").iterator():
        decoded = store().decode(data)
        if str(decoded.get("_auth_user_id")) == mine:
            doomed.append(key)
            continue
        text = json.dumps(decoded, default=str).lower()
        if any(e in text for e in emails):
            doomed.append(key)
    for start in range(0, len(doomed), 500):
        Session.objects.filter(session_key__in=doomed[start : start + 500]).delete()
    return len(doomed)
