from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_head")]

    # AddIndex, not AlterField: on SQLite an AlterField rebuilds the table and would drop
    # the append-only triggers.
    operations = [
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(fields=["family_ref", "occurred_at"], name="access_family_ref_time"),
        ),
    ]
