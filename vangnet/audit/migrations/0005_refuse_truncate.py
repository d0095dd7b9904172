"""PostgreSQL: refuse TRUNCATE of the access log too (row triggers do not fire on it).

Consequence for tests: Django's flush (transactional tests) cannot empty this table on
PostgreSQL; the suite uses transaction-rollback tests and a separate server process for
browser tests instead.
"""

from django.db import migrations

CREATE = """CREATE TRIGGER audit_accessevent_no_truncate
            BEFORE TRUNCATE ON audit_accessevent
            FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();"""
DROP = "DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_index_family_ref")]

    operations = [migrations.RunPython(forwards, backwards)]
