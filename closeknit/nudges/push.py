"""Web Push: the same notes as the emails, to the phones a person turned notifications on for.

What a push carries is fixed here and nowhere else: a kind, a title and a line in our own words, and a
path to open. Never a name, never a word anyone wrote: a lock screen is read by whoever holds the
phone, and the push service (Google, Mozilla, Apple) sees the payload's size and timing, if not its
text (RFC 8291 encrypts it for the browser alone).

Each kind is opt-in per person (`PushChoice`). A push goes out only from the background tasks that
already hold the "send once" claim for the email (see `services.py`); if no device takes it, the
caller sends the email as before. So email stays the fallback and nothing is sent twice.

The VAPID key (how push services know the notes come from us) is generated on first use into the data
folder, private from the first byte, like the secret key and the field keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.nudges.models import PushChoice, PushSubscription

log = logging.getLogger(__name__)
StrOrPromise = str | Promise

KINDS = ("reminder", "nudge", "talk", "intensive")


@dataclass(frozen=True)
class Note:
    title: StrOrPromise
    body: StrOrPromise
    ttl: int  # seconds the push service may hold it for a phone that is off; later it is moot


# Lazy: worded when sent, in the recipient's language (deliver), or on the page, in the reader's.
NOTES = {
    "reminder": Note(
        gettext_lazy("Time for your check-in"), gettext_lazy("A few quiet minutes, whenever you're ready."), 3 * 3600
    ),
    "nudge": Note(
        gettext_lazy("Your partner checked in today"),
        gettext_lazy("Answer too, and you'll see what they chose to share."),
        6 * 3600,
    ),
    "talk": Note(gettext_lazy("A conversation is waiting for you"), gettext_lazy("Join when you're ready."), 6 * 3600),
    "intensive": Note(
        gettext_lazy("Your intensive is close"), gettext_lazy("The days and times are on your care page."), 24 * 3600
    ),
}
LABELS = {
    "reminder": gettext_lazy("My daily check-in reminder"),
    "nudge": gettext_lazy("My partner checked in"),
    "talk": gettext_lazy("My partner is waiting in a conversation"),
    "intensive": gettext_lazy("An intensive with our therapist is two days away"),
}


# --- the VAPID key -----------------------------------------------------------------------------------
def _key_file() -> Path:
    return Path(settings.VAPID_PRIVATE_KEY_FILE)


@lru_cache(maxsize=4)
def _load(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:  # O_EXCL: of two processes starting at once, one writes it and both read the same key
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    return file.read_bytes()


def private_pem() -> bytes:
    return _load(str(_key_file()))


def public_key() -> str:
    """The browser's `applicationServerKey`: the uncompressed P-256 point, base64url without padding."""
    key = serialization.load_pem_private_key(private_pem(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    raw = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- choices and devices (services) ------------------------------------------------------------------
def choices_for(user: User) -> PushChoice:
    """For showing; writes nothing. A person who never chose has every kind off."""
    return PushChoice.objects.filter(user=user).first() or PushChoice(user=user)


def set_choices(*, user: User, kinds: set[str]) -> PushChoice:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ServiceError(_("That is not a kind of notification we send."), field="kinds")
    with transaction.atomic():
        choice, _created = PushChoice.objects.select_for_update().get_or_create(user=user)
        for kind in KINDS:
            setattr(choice, kind, kind in kinds)
        choice.save()
    return choice


def _b64(value: object, field: str) -> bytes:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ServiceError(_("This browser sent a subscription we could not read."), field=field)
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ServiceError(_("This browser sent a subscription we could not read."), field=field) from None


def _check_endpoint(endpoint: object) -> str:
    """Our server will POST to this address, so it must look like a push service: https, a host name
    (not an address on our own network). Local addresses are allowed only when the operator says so."""
    bad = ServiceError(_("This browser's push address is not one we can send to."), field="endpoint")
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        raise bad
    parts = urlsplit(endpoint)
    if settings.PUSH_ALLOW_LOCAL_ENDPOINTS:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad
        return endpoint
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise bad
    host = parts.hostname
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise bad
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")) or "." not in host:
        raise bad
    return endpoint


def _hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def subscribe(*, user: User, endpoint: object, p256dh: object, auth: object) -> PushSubscription:
    """Keep this device's subscription. A device belongs to the last person who turned notifications on
    in it (a shared phone stops getting the previous person's notes)."""
    endpoint = _check_endpoint(endpoint)
    point = _b64(p256dh, "p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise ServiceError(_("This browser sent a subscription we could not read."), field="p256dh") from None
    if len(_b64(auth, "auth")) != 16:
        raise ServiceError(_("This browser sent a subscription we could not read."), field="auth")
    assert isinstance(p256dh, str) and isinstance(auth, str)  # _b64 refused anything else
    with transaction.atomic():
        sub, _created = PushSubscription.objects.update_or_create(
            endpoint_hash=_hash(endpoint),
            defaults={"user": user, "endpoint": endpoint, "p256dh": p256dh, "auth": auth},
        )
    return sub


SESSION_DEVICES = "push_devices"


def remember_in_session(session, sub: PushSubscription) -> None:
    """Note that this browser session turned notifications on, so leaving it can turn them off again."""
    kept = session.get(SESSION_DEVICES, [])
    if sub.endpoint_hash not in kept:
        session[SESSION_DEVICES] = [*kept, sub.endpoint_hash]


def forget_session_devices(*, user: User, session) -> int:
    """Logging out or the quick exit: this browser stops getting the person's notes. A phone left behind
    must not light up with "your partner checked in" for someone who has left the app."""
    hashes = session.get(SESSION_DEVICES, [])
    if not hashes:
        return 0
    deleted, _by_kind = PushSubscription.objects.filter(user=user, endpoint_hash__in=hashes).delete()
    return deleted


def unsubscribe(*, user: User, endpoint: object) -> int:
    """This device turned notifications off. Only the person's own row goes."""
    if not isinstance(endpoint, str):
        raise ServiceError(_("Which device should stop getting notifications?"), field="endpoint")
    deleted, _by_kind = PushSubscription.objects.filter(user=user, endpoint_hash=_hash(endpoint)).delete()
    return deleted


def forget_devices(*, user: User) -> int:
    """Notifications off on every device of this person."""
    deleted, _by_kind = PushSubscription.objects.filter(user=user).delete()
    return deleted


def devices_of(user: User) -> int:
    return PushSubscription.objects.filter(user=user).count()


# --- sending -----------------------------------------------------------------------------------------
def payload(kind: str, url: str) -> str:
    """Everything a push carries. `url` is a path on our site built from ids, never from text."""
    note = NOTES[kind]
    return json.dumps(
        {"kind": kind, "title": str(note.title), "body": str(note.body), "url": url}, separators=(",", ":")
    )


def deliver(*, user: User, kind: str, url: str) -> bool:
    """Push one note to each of the person's devices, if they chose this kind. True when at least one
    push service took it; False tells the caller to send the email instead.

    Called only from background tasks, after the caller's "send once" claim. A push service that says
    the subscription is gone (404, 410) loses it for good; any other failure leaves the email to go.
    """
    if kind not in KINDS or not getattr(choices_for(user), kind):
        return False
    subs = list(PushSubscription.objects.filter(user=user))
    if not subs:
        return False
    # Imported here, not at the top: pywebpush pulls in aiohttp, about half a second at every process
    # start (measured with -X importtime), and only a consumer that sends a push needs it.
    try:
        from py_vapid import Vapid02
        from pywebpush import WebPushException, webpush

        signer = Vapid02.from_pem(private_pem())
    except Exception:  # never leave a claimed note unsent: the caller emails it
        log.exception("push is unavailable (library or VAPID key); %s goes by email", kind)
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):  # the recipient's words, not the sender's
        data = payload(kind, url)
    note = NOTES[kind]
    delivered = False
    for sub in subs:
        try:
            webpush(
                subscription_info={"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
                data=data,
                vapid_private_key=signer,
                vapid_claims={"sub": settings.VAPID_SUBJECT},  # a fresh dict: webpush adds aud and exp to it
                content_encoding="aes128gcm",
                ttl=note.ttl,
                timeout=10,
                headers={"Topic": kind, "Urgency": "normal"},  # a newer note of a kind replaces an unread one
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                PushSubscription.objects.filter(pk=sub.pk).delete()
                log.info("push subscription %s is gone (%s): removed", sub.pk, status)
            else:
                log.warning("push %s to subscription %s refused (%s)", kind, sub.pk, status)
            continue
        except Exception:  # a push service out of reach, or a broken key: the email still goes
            log.exception("push %s to subscription %s failed", kind, sub.pk)
            continue
        PushSubscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now())
        delivered = True
    return delivered
