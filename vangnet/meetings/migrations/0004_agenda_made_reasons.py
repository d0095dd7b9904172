"""Data: the reasons of agenda items that exist already count as the reasons the agenda was
made with, so the chair is not shown every existing item as changed."""

from django.db import migrations
from django.db.models import F


def copy_reasons(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItem.objects.update(made_reasons=F("reasons"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_phased_cadence_agenda_updates_not_discussed"),
    ]

    operations = [
        migrations.RunPython(copy_reasons, migrations.RunPython.noop),
    ]
