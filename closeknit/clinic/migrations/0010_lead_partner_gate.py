# The partner of someone who reaches out is contacted only after the writer's own screen came back
# negative; `partner_invited_at` records that gate. Leads made before it mailed the partner at once, so
# they count as invited already (their partner was written to when the lead was made).

from django.db import migrations, models
from django.db.models import F


def mark_old_partners_invited(apps, schema_editor):
    Lead = apps.get_model("clinic", "Lead")
    Lead.objects.exclude(partner_email="").update(partner_invited_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0009_staff_work_at_the_clinic"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="partner_invited_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(fields=["created_at"], name="clinic_lead_created_ce368a_idx"),
        ),
        migrations.RunPython(mark_old_partners_invited, migrations.RunPython.noop),
    ]
