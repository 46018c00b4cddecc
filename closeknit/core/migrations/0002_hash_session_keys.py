"""Sessions now keep a hash of their key (closeknit.core.sessions): hash the keys already stored, so
no one is logged out by the upgrade and no raw key stays behind in the table."""

from django.db import migrations

from closeknit.core.sessions import STORED_LENGTH, stored_key


def hash_keys(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    raw = Session.objects.exclude(session_key__regex=rf"^[0-9a-f]{{{STORED_LENGTH}}}$")
    for session in raw.iterator():
        Session.objects.filter(session_key=session.session_key).update(session_key=stored_key(session.session_key))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_key_ring_reports"), ("sessions", "0001_initial")]

    operations = [migrations.RunPython(hash_keys, migrations.RunPython.noop)]
