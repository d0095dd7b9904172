"""PostgreSQL: the access log is partitioned by month; every partition is append-only;
months past retention can be removed and the rest still verifies from the anchor."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from vangnet.audit import partitions, recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.audit.verification import verify_access_log

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the log is partitioned on PostgreSQL only"
)


def _record(user, n):
    for _ in range(n):
        recorder.record(Actor(user=user), AccessAction.READ, object_type="family")


def _partition_of_last_entry() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accessevent ORDER BY id DESC LIMIT 1"
        )
        return cursor.fetchone()[0]


def test_entries_land_in_the_partition_of_their_month(personas):
    _record(personas.case_worker, 1)
    from django.utils import timezone

    assert _partition_of_last_entry() == partitions.partition_name(
        timezone.localdate().replace(day=1)
    )


@pytest.mark.parametrize(
    "statement",
    ["UPDATE {t} SET username = 'x'", "DELETE FROM {t}", "TRUNCATE {t}"],
)
def test_every_partition_is_append_only(personas, statement):
    _record(personas.case_worker, 1)
    table = _partition_of_last_entry()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(t=table))


def test_partitions_are_made_ahead(personas, capsys):
    with time_machine.travel(date(2031, 5, 10)):
        call_command("access_log_partitions", ahead=2)
    with connection.cursor() as cursor:
        names = partitions.existing(cursor)
    assert {"audit_accessevent_m203105", "audit_accessevent_m203107"} <= set(names)


def test_removing_old_months_keeps_the_rest_verifiable(personas, settings, capsys):
    with connection.cursor() as cursor:
        partitions.ensure(cursor, date(2015, 1, 10), months_ahead=0)
    with time_machine.travel("2015-01-10 12:00:00+00:00", tick=False):
        _record(personas.case_worker, 3)
    _record(personas.case_worker, 2)
    settings.ACCESS_LOG_RETENTION_YEARS = 5
    with pytest.raises(CommandError, match="--yes"):
        call_command("access_log_partitions", drop_before="2015-02")
    with pytest.raises(CommandError, match="kept 5 years"):
        call_command("access_log_partitions", drop_before="2099-01", yes=True)
    call_command("access_log_partitions", drop_before="2015-02", yes=True)
    anchor = capsys.readouterr().out.strip().splitlines()[-1]
    assert verify_access_log()[1] is not None  # from the start, entries 1-3 are gone
    call_command("verify_access_log", retained_from=anchor)
    assert capsys.readouterr().out.startswith("OK: 2 ")
    with pytest.raises(CommandError):
        call_command("verify_access_log", retained_from=f"{anchor.split()[0]} {'b' * 64}")
