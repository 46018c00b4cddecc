"""Owners and admin staff added before this change still had the partner role: give every practice's
staff the clinic side (navigation and landing page), as services.practice now does when adding them."""

from django.db import migrations


def forwards(apps, schema_editor) -> None:
    staff = apps.get_model("clinic", "StaffRole").objects.values("user_id")
    apps.get_model("accounts", "User").objects.filter(pk__in=staff).exclude(role="clinician").update(role="clinician")


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0008_intensive_reminded_at"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
