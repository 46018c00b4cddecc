"""A care step's note is the clinician's words to the couple (an intensive's closing note), so it is
encrypted text now. Rows written before are encrypted in place (and decrypted back if reversed)."""

from django.db import migrations

import closeknit.core.fields

TABLE, COLUMN = "assessments_carestep", "note"


def _rewrite(schema_editor, change, already) -> None:
    connection = schema_editor.connection
    t, c = connection.ops.quote_name(TABLE), connection.ops.quote_name(COLUMN)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {c} FROM {t}")
        rows = [(pk, value) for pk, value in cursor.fetchall() if value and not already(value)]
        for pk, value in rows:
            cursor.execute(f"UPDATE {t} SET {c} = %s WHERE id = %s", [change(value), pk])


def encrypt(apps, schema_editor) -> None:
    from closeknit.core import crypto

    _rewrite(schema_editor, crypto.encrypt, lambda v: v.startswith(crypto.PREFIX))


def decrypt(apps, schema_editor) -> None:
    from closeknit.core import crypto

    _rewrite(schema_editor, crypto.decrypt, lambda v: not v.startswith(crypto.PREFIX))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_care_steps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="carestep",
            name="note",
            field=closeknit.core.fields.EncryptedTextField(blank=True),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
