"""Each person's newest run of days in a row in a space (checkins.streaks), filled from the check-ins
already written so Today reads the streak from these rows from the first request on."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_runs(apps, schema_editor):
    """Newest first per person and space; a run ends at its first gap (the same rule as streaks.fill)."""
    CheckIn = apps.get_model("checkins", "CheckIn")
    CheckInRun = apps.get_model("checkins", "CheckInRun")
    rows = CheckIn.objects.order_by("author_id", "couple_id", "-local_date").values_list(
        "author_id", "couple_id", "local_date"
    )
    runs, done = {}, set()
    for author_id, couple_id, day in rows.iterator(chunk_size=2000):
        key = (author_id, couple_id)
        if key in done:
            continue
        run = runs.get(key)
        if run is None:
            runs[key] = [day, day]
        elif day == run[0] - dt.timedelta(days=1):
            run[0] = day
        else:
            done.add(key)
    CheckInRun.objects.bulk_create(
        [CheckInRun(user_id=u, couple_id=c, first=f, last=la) for (u, c), (f, la) in runs.items()], batch_size=2000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('checkins', '0004_partner_reaction_to_a_revealed_checkin'),
        ('couples', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CheckInRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first', models.DateField()),
                ('last', models.DateField()),
                ('couple', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkin_runs', to='couples.couple')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkin_runs', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'couple'), name='one_run_per_person_and_space'), models.CheckConstraint(condition=models.Q(('first__lte', models.F('last'))), name='run_first_not_after_last')],
            },
        ),
        migrations.RunPython(fill_runs, migrations.RunPython.noop, elidable=True),
    ]
