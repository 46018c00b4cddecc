"""Rotate the keys that encrypt free text: add a new key, re-encrypt every row, retire the old keys."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from closeknit.core import crypto
from closeknit.core.fields import encrypted_fields


class Command(BaseCommand):
    help = "Generate a new field-encryption key, re-encrypt all stored free text with it, drop old keys."

    def add_arguments(self, parser):
        parser.add_argument("--keep-old", action="store_true", help="keep the old keys after re-encrypting")

    def handle(self, *args, keep_old: bool = False, **options):
        if os.environ.get("FIELD_ENCRYPTION_KEYS"):
            raise CommandError(
                "Keys come from FIELD_ENCRYPTION_KEYS: put a new key first in that variable, restart, "
                "then run this command with --keep-old to re-encrypt; afterwards remove the old keys."
            )
        old_keys = crypto.current_keys()
        new_key = Fernet.generate_key().decode()
        crypto.write_keys_file([new_key, *old_keys])
        rows = self._reencrypt_all()
        if not keep_old:
            crypto.write_keys_file([new_key])
        self.stdout.write(
            f"Re-encrypted {rows} values; {'kept' if keep_old else 'retired'} {len(old_keys)} old key(s)."
        )

    def _reencrypt_all(self) -> int:
        count = 0
        with transaction.atomic():
            for model, names in encrypted_fields():
                table = model._meta.db_table
                cols = [model._meta.get_field(n).column for n in names]
                pk = model._meta.pk.column
                qn = connection.ops.quote_name
                with connection.cursor() as cur:
                    cur.execute(f"SELECT {qn(pk)}, {', '.join(qn(c) for c in cols)} FROM {qn(table)}")
                    for row in cur.fetchall():
                        updates = {c: crypto.rotate_token(v) for c, v in zip(cols, row[1:], strict=True) if v}
                        if not updates:
                            continue
                        sets = ", ".join(f"{qn(c)} = %s" for c in updates)
                        with connection.cursor() as wcur:
                            wcur.execute(
                                f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s", [*updates.values(), row[0]]
                            )
                        count += len(updates)
        return count
