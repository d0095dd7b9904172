"""PostgreSQL: partition the access log by month (vangnet/audit/partitions.py).

The table is rebuilt as a partitioned table with the same columns, indexes and append-only
triggers; the primary key becomes (id, occurred_at), as PostgreSQL requires the partition
key in it (ids stay unique and gapless through the chain head). SQLite keeps one table.
"""


from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from vangnet.audit import partitions

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_accessevent' "
            "AND indexname <> 'audit_accessevent_pkey'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT min(occurred_at) FROM audit_accessevent")
        first = cursor.fetchone()[0]
        for statement in [
            "ALTER TABLE audit_accessevent RENAME TO audit_accessevent_unpartitioned",
            "ALTER TABLE audit_accessevent_unpartitioned "
            "RENAME CONSTRAINT audit_accessevent_pkey TO audit_accessevent_unpartitioned_pkey",
            "CREATE TABLE audit_accessevent (LIKE audit_accessevent_unpartitioned "
            "INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (occurred_at)",
            "ALTER TABLE audit_accessevent ADD CONSTRAINT audit_accessevent_pkey "
            "PRIMARY KEY (id, occurred_at)",
            f"CREATE TABLE {partitions.DEFAULT} PARTITION OF audit_accessevent DEFAULT",
            f"CREATE TRIGGER {partitions.DEFAULT}_no_truncate BEFORE TRUNCATE ON "
            f"{partitions.DEFAULT} FOR EACH STATEMENT EXECUTE FUNCTION "
            f"{partitions.GUARD_FUNCTION}",
        ]:
            cursor.execute(statement)
        today = timezone.localdate()
        since = timezone.localtime(first).date() if first else today
        partitions.ensure(cursor, today, months_ahead=3, since=min(since, today))
        for statement in [
            "INSERT INTO audit_accessevent SELECT * FROM audit_accessevent_unpartitioned",
            "DROP TABLE audit_accessevent_unpartitioned",
            *indexes,
            "CREATE TRIGGER audit_accessevent_no_update_delete BEFORE UPDATE OR DELETE ON "
            f"audit_accessevent FOR EACH ROW EXECUTE FUNCTION {partitions.GUARD_FUNCTION}",
            "CREATE TRIGGER audit_accessevent_no_truncate BEFORE TRUNCATE ON "
            f"audit_accessevent FOR EACH STATEMENT EXECUTE FUNCTION {partitions.GUARD_FUNCTION}",
        ]:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_refuse_truncate")]

    # Not reversible on PostgreSQL: a partitioned log is not turned back into one table.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
