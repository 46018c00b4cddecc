"""Rooms for online sessions: the clinician's own link, or an unguessable room on the practice's own
Jitsi Meet, with a signed token per participant when Jitsi's token authentication is on.

Who may see a link, and from when, is decided elsewhere (access.clinic.online_participant and
selectors.online); this module only makes the address for one named person."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from urllib.parse import urlparse

from django.conf import settings

from closeknit.clinic.models import Appointment

OPENS_BEFORE = dt.timedelta(minutes=15)  # the link shows from this long before the start
TOKEN_GRACE = dt.timedelta(hours=1)  # a session that runs over keeps its room


def new_room() -> str:
    """128 random bits, URL-safe: nobody finds a room by trying names."""
    return secrets.token_urlsafe(16)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jitsi_token(*, room: str, name: str, moderator: bool, not_before: dt.datetime, expires: dt.datetime) -> str:
    """An HS256 JWT in the shape Jitsi's token authentication (prosody mod_auth_token) checks. Written
    with hmac in a few lines rather than a new dependency."""
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "aud": "jitsi",
        "iss": settings.JITSI_APP_ID,
        "sub": urlparse(settings.JITSI_URL).hostname or "*",
        "room": room,
        "nbf": int(not_before.timestamp()),
        "exp": int(expires.timestamp()),
        "context": {"user": {"name": name, "moderator": moderator}},
    }
    signing = (
        _b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64(json.dumps(claims, separators=(",", ":")).encode())
    )
    sig = hmac.new(settings.JITSI_APP_SECRET.encode(), signing.encode(), hashlib.sha256).digest()
    return signing + "." + _b64(sig)


def link_for(appt: Appointment, *, name: str, moderator: bool = False) -> str:
    """The address this person joins at; "" when there is nowhere to meet yet (no own link, no Jitsi)."""
    own = appt.clinician.meeting_link or appt.location
    if own:
        return own
    if not settings.JITSI_URL or not appt.room:
        return ""
    url = f"{settings.JITSI_URL}/{appt.room}"
    if settings.JITSI_APP_SECRET:
        url += "?jwt=" + jitsi_token(
            room=appt.room,
            name=name,
            moderator=moderator,
            not_before=appt.start - OPENS_BEFORE,
            expires=appt.end + TOKEN_GRACE,
        )
    return url
