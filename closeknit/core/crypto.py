"""Encryption of free text at rest, with keys kept apart from SECRET_KEY.

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated, newest first) or, on one box, from a file in
the data folder that is created on first use. MultiFernet encrypts with the first key and decrypts
with any, so rotation is: put a new key first, re-encrypt every row, drop the old keys.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "ck1:"


def _write_private(path: Path, text: str, *, exclusive: bool) -> None:
    """Create the file readable by its owner only from the first byte (no window at the umask's mode)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)


def _keys_from_file(path: Path) -> list[str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting at once must not each make a key (one's rows would be unreadable).
        with contextlib.suppress(FileExistsError):
            _write_private(path, Fernet.generate_key().decode() + "\n", exclusive=True)
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def current_keys() -> list[str]:
    env = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
    if env.strip():
        return [k.strip() for k in env.split(",") if k.strip()]
    return _keys_from_file(Path(settings.FIELD_KEYS_FILE))


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in current_keys()])


def reset_cache() -> None:
    _fernet.cache_clear()


def encrypt(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("value is not an encrypted closeknit token")
    try:
        return _fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key was removed before its rows were rotated
        raise ValueError("no configured key can decrypt this value") from exc


def rotate_token(token: str) -> str:
    return PREFIX + _fernet().rotate(token[len(PREFIX) :].encode("ascii")).decode("ascii")


def write_keys_file(keys: list[str]) -> None:
    path = Path(settings.FIELD_KEYS_FILE)
    tmp = path.with_suffix(".tmp")
    _write_private(tmp, "\n".join(keys) + "\n", exclusive=False)
    tmp.replace(path)
    reset_cache()
