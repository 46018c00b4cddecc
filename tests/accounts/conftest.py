"""Helpers for account tests: links and codes out of real emails, RFC 6238 codes, who the session belongs to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from email.message import Message
from urllib.parse import urlsplit

from django.test import Client

from tests.conftest import Mailbox

URL = re.compile(r"https?://[^\s<>\"]+")
# A one-time code stands alone on its line, like "FLLW-LNPB".
CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


def link_in(msg: Message, contains: str) -> str:
    """The one link in the email whose address contains `contains`."""
    links = [u for u in URL.findall(Mailbox.body(msg)) if contains in u]
    assert len(links) == 1, f"expected one link with {contains!r}, got {links}"
    return links[0]


def code_in(msg: Message) -> str:
    """The one code in the email."""
    found = CODE.findall(Mailbox.body(msg))
    assert len(found) == 1, Mailbox.body(msg)
    return found[0]


def path_of(url: str) -> str:
    return urlsplit(url).path


def logged_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


def hotp(secret_b32: str, counter: int, digits: int = 6) -> str:
    """RFC 4226 HOTP, written out here so the test does not trust the code it is testing."""
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP: HOTP over the number of 30-second steps since the Unix epoch."""
    return hotp(secret_b32, int(time.time() if at is None else at) // step, digits)


def post_totp(client: Client, url: str, secret: str, **extra):
    """Post the current code; if the 30-second window turned over in between, once more with the new one."""
    for _ in range(2):
        window = int(time.time()) // 30
        response = client.post(url, {"code": totp(secret), **extra})
        if response.status_code == 302 or int(time.time()) // 30 == window:
            return response
    return response
