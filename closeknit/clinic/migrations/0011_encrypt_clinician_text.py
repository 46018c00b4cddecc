"""What a clinician writes for one couple's intensive becomes encrypted text, like notes: the closing
note the couple reads, and each placed block's goals and note starting text. Rows written before are
encrypted in place (and decrypted back if this is reversed)."""

from django.db import migrations

import closeknit.core.fields

COLUMNS = (
    ("clinic_intensive", "maintenance_note"),
    ("clinic_intensiveblock", "goals"),
    ("clinic_intensiveblock", "note_template"),
)


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
        ("clinic", "0010_lead_partner_gate"),
    ]

    operations = [
        migrations.AlterField(
            model_name="intensive",
            name="maintenance_note",
            field=closeknit.core.fields.EncryptedTextField(blank=True, help_text="what the couple reads on their plan"),
        ),
        migrations.AlterField(
            model_name="intensiveblock",
            name="goals",
            field=closeknit.core.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="intensiveblock",
            name="note_template",
            field=closeknit.core.fields.EncryptedTextField(blank=True),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
