"""Audit lines about a person or a space used to be labelled with str(): a person's name (or the part of
their email before the @) and the name a couple gave their space, in plain text beside every line.
Labels are "person <id>" and "space <id>" now (core.audit); this relabels the lines written before.
Going back keeps the new labels: the old ones are not kept anywhere to restore."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

LABELS = (("accounts", "user", "person "), ("couples", "couple", "space "))


def relabel(apps, schema_editor) -> None:
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model, label in LABELS:
        ct = ContentType.objects.filter(app_label=app_label, model=model).first()
        if ct is None:
            continue
        LogEntry.objects.filter(content_type=ct).exclude(object_repr__startswith="person-").update(
            object_repr=Concat(Value(label), "object_pk")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("couples", "0001_initial"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
