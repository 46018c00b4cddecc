"""Encryption of free text at rest, with keys kept apart from SECRET_KEY.

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated, primary first) or from a key ring file (one key
a line, primary first; made on first use in the data folder). MultiFernet encrypts with the first key
and decrypts with any.

The file may change under a running site (`manage.py rotate_field_keys`), so every process re-reads it
when it changes: a `stat` at most every FIELD_KEYS_CHECK_SECONDS, a re-read only when the file's
mtime, size or inode moved. Each process also says which ring it holds (`report_in_use`, called after
each request and task that used it), so the rotation command can wait until every live process has moved on before
the next step. Why the steps matter is written in the command.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from closeknit.core.models import KeyRingReport

PREFIX = "ck1:"


@dataclass(frozen=True)
class KeyRing:
    """The keys one process holds: `keys[0]` encrypts, every key decrypts."""

    keys: tuple[str, ...]
    source: str  # "env" or the file's path

    @cached_property
    def version(self) -> str:
        """A short fingerprint of the ordered keys: equal rings, equal versions (no key can be recovered)."""
        return hashlib.sha256("\n".join(self.keys).encode()).hexdigest()[:16]

    @cached_property
    def fernet(self) -> MultiFernet:
        return MultiFernet([Fernet(k.encode()) for k in self.keys])

    @property
    def primary(self) -> str:
        return self.keys[0]


def key_id(key: str) -> str:
    """How a key is named in messages and docs without showing it."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def _write_private(path: Path, text: str, *, exclusive: bool) -> None:
    """Create the file readable by its owner only from the first byte (no window at the umask's mode)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def parse_keys(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _keys_from_file(path: Path) -> list[str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting at once must not each make a key (one's rows would be unreadable).
        with contextlib.suppress(FileExistsError):
            _write_private(path, Fernet.generate_key().decode() + "\n", exclusive=True)
    return parse_keys(path.read_text())


def keys_from_env() -> list[str]:
    return [k.strip() for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k.strip()]


class _Cache:
    """This process's ring, and when the file is next looked at. One lock: reloads are rare."""

    lock = threading.Lock()
    ring: KeyRing | None = None
    env = ""  # the FIELD_ENCRYPTION_KEYS text the ring came from ("" for the file)
    signature: tuple | None = None
    next_check = 0.0
    reported: tuple[str, float] | None = None  # (version, monotonic time) last written to the database
    used = False  # the ring served a value since the last report


def _signature(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def ring() -> KeyRing:
    """The current key ring, re-read when the env or the file changed. The file is looked at (one
    `stat`) at most every FIELD_KEYS_CHECK_SECONDS, so a page that decrypts a hundred values costs one
    stat; between looks this is two comparisons (it runs for every value encrypted or decrypted)."""
    env = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
    cached = _Cache.ring
    _Cache.used = True
    if cached is not None and env == _Cache.env and (cached.source == "env" or time.monotonic() < _Cache.next_check):
        return cached
    with _Cache.lock:
        if env.strip():
            _Cache.ring, _Cache.env, _Cache.signature = KeyRing(tuple(keys_from_env()), "env"), env, None
            return _Cache.ring
        path = Path(settings.FIELD_KEYS_FILE)
        sig = _signature(path)
        if cached is None or _Cache.env or sig is None or sig != _Cache.signature:
            keys = _keys_from_file(path)
            if not keys:
                raise RuntimeError(f"the key file {path} holds no key")
            # The signature taken before the read: if the file changed in between, the next look reloads.
            _Cache.ring, _Cache.env = KeyRing(tuple(keys), str(path)), env
            _Cache.signature = sig if sig is not None else _signature(path)
        _Cache.next_check = time.monotonic() + float(getattr(settings, "FIELD_KEYS_CHECK_SECONDS", 1.0))
        return _Cache.ring  # type: ignore[return-value]  # set above, or by an earlier load (cached)


def current_keys() -> list[str]:
    return list(ring().keys)


def reset_cache() -> None:
    """Forget the ring so the next use reads it again (tests, and the command after it writes)."""
    with _Cache.lock:
        _Cache.ring = None
        _Cache.env = ""
        _Cache.signature = None
        _Cache.next_check = 0.0
        _Cache.reported = None


def encrypt(plain: str) -> str:
    return PREFIX + ring().fernet.encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("value is not an encrypted closeknit token")
    try:
        return ring().fernet.decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key was removed before its rows were rotated
        raise ValueError("no configured key can decrypt this value") from exc


def write_keys_file(keys: list[str]) -> None:
    """Replace the ring file in one step (write aside, fsync, rename): a reader sees the old or the new."""
    path = Path(settings.FIELD_KEYS_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    _write_private(tmp, "\n".join(keys) + "\n", exclusive=False)
    tmp.replace(path)
    reset_cache()


# --- which ring each process holds ------------------------------------------------------------------


def process_name() -> str:
    """Host and pid, read at call time: granian forks its workers after importing us."""
    return f"{socket.gethostname()}:{os.getpid()}"


def report_in_use(*, force: bool = False) -> None:
    """Record in the database which ring this process holds, once it has used it, when it changed or
    every FIELD_KEYS_HEARTBEAT_SECONDS. Called after a request or task has finished (its writes are
    committed), so a process that reports a ring has nothing in flight under an older one.

    A process that has not used its ring since its last report stays silent: it will look at the file
    before its next use anyway. A failed write (database busy) is retried next time: it must never fail
    the request that carried it."""
    if not (force or _Cache.used) or connection.in_atomic_block:  # never inside someone's transaction
        return
    current = ring()
    now = time.monotonic()
    every = float(getattr(settings, "FIELD_KEYS_HEARTBEAT_SECONDS", 10.0))
    last = _Cache.reported
    if not force and last is not None and last[0] == current.version and now - last[1] < every:
        return
    try:
        KeyRingReport.objects.bulk_create(
            [KeyRingReport(process=process_name(), version=current.version, seen_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["process"],
            update_fields=["version", "seen_at"],
        )
    except DatabaseError:
        return
    _Cache.reported, _Cache.used = (current.version, now), False


def live_window() -> timedelta:
    """A process silent for longer than this has stopped, or is idle. An idle process has not looked at
    the file for longer than FIELD_KEYS_CHECK_SECONDS, so it stats the file before its next use: it
    cannot act on a ring older than the file."""
    heartbeat = float(getattr(settings, "FIELD_KEYS_HEARTBEAT_SECONDS", 10.0))
    check = float(getattr(settings, "FIELD_KEYS_CHECK_SECONDS", 1.0))
    return timedelta(seconds=3 * heartbeat + check + 2)
