"""The database itself refuses to change or remove access-log entries."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS audit_accessevent_no_update
       BEFORE UPDATE ON audit_accessevent
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_accessevent_no_delete
       BEFORE DELETE ON audit_accessevent
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accessevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_accessevent_no_delete;",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'access log is append-only' USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_accessevent_no_update_delete
       BEFORE UPDATE OR DELETE ON audit_accessevent
       FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accessevent_no_update_delete ON audit_accessevent;",
    "DROP FUNCTION IF EXISTS audit_accessevent_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_access_log")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
