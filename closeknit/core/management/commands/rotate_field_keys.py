"""Rotate the keys that encrypt free text, while the site serves.

Every process re-reads the key file when it changes and reports which ring it holds
(`crypto.report_in_use`). A rotation is four steps, each waiting until every live process reports the
ring the step wrote:

1. add the new key last, decrypt-only: every process can read what the new key will write;
2. move it first: from now on every process writes with it, and none writes with an old key;
3. re-encrypt, in small batches, every value still under an old key (compare-and-set on the old value,
   so a write that raced the batch is never overwritten);
4. retire the old keys only when a full pass finds no value under them; one last pass afterwards,
   with the old keys still in this command's memory, catches a write that was in flight.

Skipping step 1 is what broke the old command: a worker still holding only the old key cannot read a
row written with the new one (a 500), and removing a key before every worker moved on let a worker
write with a key that no longer existed.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import cast

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from closeknit.core import crypto
from closeknit.core.fields import encrypted_fields
from closeknit.core.models import KeyRingReport


def _column(model: type[models.Model], name: str) -> str:
    """The column of one of the model's own fields (encrypted fields are concrete: each has one)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


ENV_HELP = (
    "Keys come from FIELD_ENCRYPTION_KEYS, which a running process cannot re-read. Either move them to a "
    "key file (FIELD_KEYS_FILE) and rotate live, or rotate by restarts: add the new key LAST in the "
    "variable and restart every process; move it FIRST and restart every process; run "
    "`manage.py rotate_field_keys --reencrypt`; remove the old key and restart again."
)


class Command(BaseCommand):
    help = "Add a new field-encryption key, re-encrypt all stored free text with it, retire the old keys."

    def add_arguments(self, parser):
        parser.add_argument("--keep-old", action="store_true", help="keep the old keys after re-encrypting")
        parser.add_argument(
            "--reencrypt",
            action="store_true",
            help="no new key: re-encrypt every value under the current first key (for keys in the environment)",
        )
        parser.add_argument(
            "--wait", type=float, default=120.0, help="seconds to wait for every running process at each step"
        )
        parser.add_argument("--batch", type=int, default=500, help="rows re-encrypted per transaction")

    def handle(self, *args, keep_old: bool, reencrypt: bool, wait: float, batch: int, **options):
        self.wait, self.batch = wait, max(1, batch)
        if crypto.keys_from_env() and not reencrypt:
            raise CommandError(ENV_HELP)
        KeyRingReport.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
        crypto.reset_cache()
        if crypto.keys_from_env():
            self._reencrypt_only()
            return
        with self._lock():
            if reencrypt:
                self._reencrypt_only()
            else:
                self._rotate(keep_old=keep_old)

    # --- the steps -----------------------------------------------------------------------------------

    def _rotate(self, *, keep_old: bool) -> None:
        old = crypto.current_keys()
        new = Fernet.generate_key().decode()
        self._say(f"New key {crypto.key_id(new)}; old key(s) {', '.join(crypto.key_id(k) for k in old)}.")
        self._publish([*old, new], "1/4 the new key can decrypt everywhere")
        full = self._publish([new, *old], "2/4 the new key encrypts everywhere")
        fernet, primary = MultiFernet([Fernet(k.encode()) for k in full]), Fernet(new.encode())
        changed, unreadable = self._until_clean(fernet, primary)
        self._say(f"3/4 re-encrypted {changed} value(s).")
        if unreadable:
            self.stderr.write(
                f"{unreadable} value(s) open with no key (their key was removed earlier); left as they are."
            )
        if keep_old:
            self._say(f"Kept {len(old)} old key(s); run again without --keep-old to retire them.")
            return
        self._wait_for(crypto.KeyRing(tuple(full), "").version, "every process still on the new key")
        self._publish([new], "4/4 old key(s) retired", required=False)
        late, _ = self._reencrypt_pass(fernet, primary)  # a write that was in flight during step 4
        self._say(f"Retired {len(old)} old key(s)" + (f"; re-encrypted {late} late value(s)." if late else "."))

    def _reencrypt_only(self) -> None:
        current = crypto.ring()
        self._wait_for(current.version, "every process holds the same keys")
        primary = Fernet(current.primary.encode())
        changed, unreadable = self._until_clean(current.fernet, primary)
        others = ", ".join(crypto.key_id(k) for k in current.keys[1:]) or "none"
        self._say(f"Re-encrypted {changed} value(s) under key {crypto.key_id(current.primary)}.")
        self._say(f"No value is left under the other key(s) ({others}): they can be removed now.")
        if unreadable:
            self.stderr.write(f"{unreadable} value(s) open with no key; left as they are.")

    # --- publishing a ring and waiting for every process ----------------------------------------------

    def _publish(self, keys: list[str], step: str, *, required: bool = True) -> list[str]:
        crypto.write_keys_file(keys)
        crypto.report_in_use(force=True)  # this process too (tests run pages and the command in one)
        # Every process looks at the file at least this often while it uses its ring, even one busy with
        # a long request that has not reported lately: after this pause none acts on an older ring.
        time.sleep(float(getattr(settings, "FIELD_KEYS_CHECK_SECONDS", 1.0)) + 0.1)
        version = crypto.ring().version
        try:
            self._wait_for(version, step)
        except CommandError:
            if required:
                raise
            self.stderr.write("Some processes have not reloaded yet; they will at their next request.")
        return keys

    def _wait_for(self, version: str, step: str) -> None:
        deadline = time.monotonic() + self.wait
        while True:
            since = timezone.now() - crypto.live_window()
            behind = list(KeyRingReport.objects.filter(seen_at__gte=since).exclude(version=version))
            if not behind:
                self._say(f"{step}.")
                return
            if time.monotonic() > deadline:
                names = ", ".join(r.process for r in behind)
                raise CommandError(
                    f"Waited {self.wait:.0f}s at step '{step}': {names} still hold(s) an older key ring. "
                    "Each process must read the same key file (FIELD_KEYS_FILE). Every key is still in "
                    "the file, so nothing is lost: fix that, then run this command again."
                )
            time.sleep(0.2)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Two rotations at once would each retire the other's key."""
        path = Path(settings.FIELD_KEYS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise CommandError("Another key rotation is running.") from exc
            yield

    # --- re-encryption ---------------------------------------------------------------------------------

    def _until_clean(self, fernet: MultiFernet, primary: Fernet) -> tuple[int, int]:
        """Passes until one changes nothing: a pass can race writes that were in flight as it began."""
        total = 0
        for _ in range(5):
            changed, unreadable = self._reencrypt_pass(fernet, primary)
            total += changed
            if not changed:
                return total, unreadable
        raise CommandError("Values under an old key keep appearing; is a process writing with an old key file?")

    def _reencrypt_pass(self, fernet: MultiFernet, primary: Fernet) -> tuple[int, int]:
        changed = unreadable = 0
        qn = connection.ops.quote_name
        for model, names in encrypted_fields():
            table, pk = qn(model._meta.db_table), qn(cast(str, model._meta.pk.column))  # a pk always has a column
            cols = [_column(model, n) for n in names]
            select = f"SELECT {pk}, {', '.join(qn(c) for c in cols)} FROM {table}"
            last = None
            while True:
                with connection.cursor() as cur:
                    if last is None:
                        cur.execute(f"{select} ORDER BY {pk} LIMIT %s", [self.batch])
                    else:
                        cur.execute(f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s", [last, self.batch])
                    rows = cur.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                updates = []
                for row in rows:
                    for col, value in zip(cols, row[1:], strict=True):
                        fresh = _rotated(value, fernet, primary)
                        if fresh is None:
                            continue
                        if fresh == "":
                            unreadable += 1
                            continue
                        updates.append((col, fresh, row[0], value))
                if updates:
                    with transaction.atomic(), connection.cursor() as cur:
                        for col, fresh, key, value in updates:
                            cur.execute(
                                f"UPDATE {table} SET {qn(col)} = %s WHERE {pk} = %s AND {qn(col)} = %s",
                                [fresh, key, value],
                            )
                            changed += cur.rowcount
        return changed, unreadable

    def _say(self, text: str) -> None:
        self.stdout.write(text)


def _rotated(value: str | None, fernet: MultiFernet, primary: Fernet) -> str | None:
    """None: nothing to do (empty, or already under the primary key); "": no key opens it."""
    if not value or not value.startswith(crypto.PREFIX):
        return None
    body = value[len(crypto.PREFIX) :].encode("ascii")
    try:
        primary.decrypt(body)
        return None
    except InvalidToken:
        pass
    try:
        return crypto.PREFIX + fernet.rotate(body).decode("ascii")
    except InvalidToken:
        return ""
