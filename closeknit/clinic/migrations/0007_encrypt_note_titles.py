"""Note titles and amendment reasons become encrypted text: a clinician can write something clinical
in either. Rows written before are encrypted in place (and decrypted back if this is reversed)."""

from django.db import migrations

import closeknit.core.fields

COLUMNS = (("clinic_note", "title"), ("clinic_amendment", "reason"))


def _rewrite(schema_editor, change, already) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            t, c = connection.ops.quote_name(table), connection.ops.quote_name(column)
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
        ("clinic", "0006_notes_outlive_accounts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="amendment",
            name="reason",
            field=closeknit.core.fields.EncryptedTextField(help_text="up to 200 characters (services.notes)"),
        ),
        migrations.AlterField(
            model_name="note",
            name="title",
            field=closeknit.core.fields.EncryptedTextField(
                help_text="up to 160 characters (services.notes); a title can be clinical too"
            ),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
