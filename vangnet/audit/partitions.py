"""PostgreSQL: the access log partitioned by month, so that whole months past retention can
be removed at once (and stay out of every scan until then).

The table is partitioned by range of occurred_at (migration 0006). A partition per month is
made ahead of time (access_log_partitions, from cron); a DEFAULT partition catches anything
outside them. The append-only guard covers every partition: row triggers on the parent
reach the partitions, and each partition gets its own TRUNCATE trigger (statement triggers
are not inherited).

Removing a month (only as the owner role, after the retention period) first records where
the retained chain starts - the id and hash of the newest entry removed - so that
verify_access_log --retained-from "ID HASH" still proves the rest of the chain.
"""

from __future__ import annotations

from datetime import date

PARENT = "audit_accessevent"
PREFIX = "audit_accessevent_m"
DEFAULT = "audit_accessevent_default"
GUARD_FUNCTION = "audit_accessevent_append_only()"


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PREFIX}{month:%Y%m}"


def create_statements(month: date) -> list[str]:
    name = partition_name(month)
    return [
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {PARENT} "
        f"FOR VALUES FROM ('{month.isoformat()}') TO ('{next_month(month).isoformat()}')",
        f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {name}",
        f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {GUARD_FUNCTION}",
    ]


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def ensure(cursor, today: date, months_ahead: int = 3, since: date | None = None) -> list[str]:
    """Make the monthly partitions from since (default: this month) to months_ahead ahead."""
    last = today
    for _ in range(months_ahead):
        last = next_month(last)
    made = []
    for month in months_between(since or today, last):
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [partition_name(month)])
        if cursor.fetchone() is None:
            for statement in create_statements(month):
                cursor.execute(statement)
            made.append(partition_name(month))
    return made


def existing(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s ORDER BY c.relname",
        [PARENT],
    )
    return [row[0] for row in cursor.fetchall()]


def drop_before(cursor, month: date) -> tuple[list[str], tuple[int, str] | None]:
    """Remove the monthly partitions that end on or before month; return their names and
    the anchor (id, hash) of the newest entry removed, to verify the rest from."""
    old = [
        name
        for name in existing(cursor)
        if name.startswith(PREFIX) and name[len(PREFIX) :] < f"{month:%Y%m}"
    ]
    if not old:
        return [], None
    cursor.execute(f"SELECT count(*) FROM {DEFAULT} WHERE occurred_at < %s", [month])  # noqa: S608
    if cursor.fetchone()[0]:
        raise ValueError("the default partition holds entries of these months: move them first")
    cursor.execute(
        f"SELECT id, hash FROM {PARENT} WHERE occurred_at < %s ORDER BY id DESC LIMIT 1",  # noqa: S608
        [month],
    )
    anchor = cursor.fetchone()
    cursor.execute(f"SELECT min(id) FROM {PARENT} WHERE occurred_at >= %s", [month])  # noqa: S608
    first_kept = cursor.fetchone()[0]
    if anchor and first_kept is not None and first_kept <= anchor[0]:
        raise ValueError("entries kept are older than entries removed: the log is out of order")
    for name in old:
        cursor.execute(f"DROP TABLE {name}")
    return old, (anchor[0], anchor[1]) if anchor else None
