"""The access log is tamper-evident (hash chain) and append-only (database triggers).

The raw-SQL tests are written for SQLite and PostgreSQL alike: the failing statement runs
inside its own transaction.atomic() so that the test's transaction survives it.
"""

from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction

from vangnet.audit import chain, recorder, verification
from vangnet.audit.chain import GENESIS_HASH, ChainBreak, entry_hash
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessEvent, AccessLogHead
from vangnet.audit.verification import verify_access_log

KEY = b"test-chain-key"

# In memory: the pure chain ------------------------------------------------------------------


def build_chain(n, key=KEY):
    entries, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        entry = {
            "id": i,
            "occurred_at": f"2026-03-01T10:00:{i:02d}.000000+00:00",
            "user_id": 7,
            "username": "coach",
            "acting_for": "",
            "family_id": 1,
            "family_ref": "VN-TEST01",
            "person_id": None,
            "action": "read",
            "object_type": "family",
            "object_id": "1",
            "part": "dossier",
            "basis": "team",
            "purpose": "zorgverlening",
            "channel": "web",
            "ip_address": "192.0.2.10",
            "user_agent": "pytest",
            "emergency": False,
            "details": {"n": i},
        }
        entry["prev_hash"] = prev
        entry["hash"] = entry_hash(key, prev, entry)
        prev = entry["hash"]
        entries.append(entry)
    return entries


def check(entries, head_id=None, head_hash=None):
    if head_id is None:
        head_id = entries[-1]["id"] if entries else 0
        head_hash = entries[-1]["hash"] if entries else None
    return chain.verify(KEY, entries, head_id=head_id, head_hash=head_hash)


def test_intact_chain_verifies():
    entries = build_chain(6)
    assert check(entries) == (6, None)
    assert check([]) == (0, None)


@pytest.mark.parametrize("field", ["username", "occurred_at", "action", "emergency", "details"])
def test_altered_entry_is_named(field):
    entries = build_chain(6)
    head = (entries[-1]["id"], entries[-1]["hash"])
    value = entries[3][field]
    entries[3][field] = (
        {"n": 99} if field == "details" else (not value if field == "emergency" else "x")
    )
    _count, broken = check(entries, *head)
    assert broken == ChainBreak(4, "entry 4 was altered")


def test_deleted_entry_names_the_gap():
    entries = build_chain(6)
    head = (entries[-1]["id"], entries[-1]["hash"])
    del entries[2]
    assert check(entries, *head)[1] == ChainBreak(3, "entry 3 is missing")


def test_deleted_last_entries_are_noticed_through_the_head():
    entries = build_chain(6)
    head = (entries[-1]["id"], entries[-1]["hash"])
    assert check(entries[:4], *head)[1] == ChainBreak(5, "entries after 4 are missing")


def test_swapped_entries_are_detected():
    entries = build_chain(6)
    head = (entries[-1]["id"], entries[-1]["hash"])
    # same ids, contents swapped
    second, third = dict(entries[1]), dict(entries[2])
    entries[1] = {**third, "id": 2}
    entries[2] = {**second, "id": 3}
    assert check(entries, *head)[1] == ChainBreak(2, "entry 2 does not link to its predecessor")
    # rows out of id order
    entries = build_chain(6)
    entries[1], entries[2] = entries[2], entries[1]
    assert check(entries, *head)[1] == ChainBreak(2, "entry 2 is missing")


def test_relinked_chain_without_the_key_is_detected():
    entries = build_chain(6)
    # remove entry 3, renumber the rest and point entry 3 (old 4) at entry 2
    relinked = entries[:2]
    for new_id, old in enumerate(entries[3:], start=3):
        relinked.append({**old, "id": new_id})
    relinked[2]["prev_hash"] = relinked[1]["hash"]
    for later in range(3, len(relinked)):
        relinked[later]["prev_hash"] = relinked[later - 1]["hash"]
    _count, broken = check(relinked, relinked[-1]["id"], relinked[-1]["hash"])
    assert broken == ChainBreak(3, "entry 3 was altered")


def test_chain_built_with_another_key_fails_at_the_first_entry():
    forged = build_chain(3, key=b"not-the-key")
    assert check(forged)[1] == ChainBreak(1, "entry 1 was altered")


def test_head_hash_must_match_the_last_entry():
    entries = build_chain(3)
    assert check(entries, 3, "f" * 64)[1] == ChainBreak(3, "entry 3 does not match the chain head")


# In the database ------------------------------------------------------------------------------


def record_n(user, n):
    actor = Actor(user=user, ip_address="192.0.2.10", user_agent="pytest")
    return [
        recorder.record(actor, AccessAction.READ, object_type="family", object_id=i, purpose="test")
        for i in range(n)
    ]


def lift_append_only_guard():
    """Simulate an attacker with database rights (rolled back with the test transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_accessevent_no_update")
            cursor.execute("DROP TRIGGER audit_accessevent_no_delete")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_no_update_delete"
            )
        else:  # pragma: no cover
            pytest.skip(f"no append-only guard known for {connection.vendor}")


@pytest.mark.parametrize("chunk_size", [1, 2, 5000])
def test_recorded_entries_verify(personas, chunk_size):
    events = record_n(personas.case_worker, 7)
    assert [e.id for e in events] == list(range(1, 8))
    assert verify_access_log(chunk_size=chunk_size) == (7, None)


def test_altered_entry_in_the_database_is_named(personas):
    record_n(personas.case_worker, 5)
    lift_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["anders", 3])
    assert verify_access_log(chunk_size=2)[1] == ChainBreak(3, "entry 3 was altered")


def test_deleted_entry_in_the_database_is_named(personas):
    record_n(personas.case_worker, 5)
    lift_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [2])
    assert verify_access_log()[1] == ChainBreak(2, "entry 2 is missing")


def test_deleted_last_entry_in_the_database_is_named(personas):
    record_n(personas.case_worker, 5)
    lift_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [5])
    assert verify_access_log()[1] == ChainBreak(5, "entries after 4 are missing")


def test_entry_inserted_past_the_head_is_named(personas):
    events = record_n(personas.case_worker, 3)
    forged = {f: getattr(events[-1], f) for f in chain.SEALED_FIELDS if f != "id"}
    AccessEvent.objects.create(id=4, prev_hash=events[-1].hash, hash="0" * 64, **forged)
    assert verify_access_log()[1] == ChainBreak(4, "entry 4 lies beyond the chain head")


def test_head_moved_back_is_noticed(personas):
    events = record_n(personas.case_worker, 4)
    AccessLogHead.objects.filter(pk=1).update(last_id=2, last_hash=events[1].hash)
    assert verify_access_log()[1] == ChainBreak(3, "entry 3 lies beyond the chain head")


def test_removed_head_is_noticed(personas):
    record_n(personas.case_worker, 2)
    AccessLogHead.objects.all().delete()
    assert verify_access_log()[1] is not None


def test_entries_appended_during_a_check_are_not_a_break(personas):
    record_n(personas.case_worker, 3)
    real_entries = verification._entries

    def entries_while_someone_works(chunk_size, first_id, last_id):
        record_n(personas.team_member, 2)  # another request appends while the check runs
        yield from real_entries(chunk_size, first_id, last_id)

    with mock.patch.object(verification, "_entries", entries_while_someone_works):
        assert verify_access_log() == (3, None)
    assert verify_access_log() == (5, None)


def test_fast_reading_sees_entries_exactly_as_the_orm(personas):
    """verification._entries reads with plain SQL; it must give the sealed view that the
    ORM gives, for every kind of value the drivers return."""
    import time_machine

    user = personas.case_worker
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):  # no microseconds
        recorder.record(Actor(user=user), AccessAction.READ, object_type="family")
    recorder.record(
        Actor(user=user, ip_address="2001:db8::1", user_agent="ü ñ \u2603"),
        AccessAction.EMERGENCY,
        object_type="family",
        family=personas.family,
        person_id=personas.child.pk,
        emergency=True,
        details={"z": [1, 2.5, None], "a": {"b": "é"}},
    )
    record_n(user, 2)
    last = AccessLogHead.objects.get(pk=1).last_id
    fast = list(verification._entries(2, 1, last))  # small batches: crosses batch ends
    assert fast == list(verification._entries_via_orm(1, last))
    assert len(fast) == last


def test_incremental_check_starts_at_a_verified_checkpoint(personas):
    record_n(personas.case_worker, 4)
    checkpoint = verification.current_checkpoint()
    record_n(personas.case_worker, 3)
    assert verify_access_log(since=checkpoint) == (3, None)
    # an entry changed after the checkpoint is found by the incremental check
    with mock.patch.object(verification, "chain_key", return_value=b"another key"):
        _count, broken = verify_access_log(since=checkpoint)
    assert broken.entry_id == checkpoint[0] + 1


def test_incremental_check_refuses_a_checkpoint_that_is_not_in_the_chain(personas):
    record_n(personas.case_worker, 3)
    entry_id, _ = verification.current_checkpoint()
    _count, broken = verify_access_log(since=(entry_id, "f" * 64))
    assert broken is not None and "another hash" in broken.reason


def test_incremental_check_detects_a_relinked_first_entry(personas):
    """The first entry after the checkpoint must link to the checkpoint's hash."""
    record_n(personas.case_worker, 3)
    entry_id, _entry_hash = verification.current_checkpoint()
    record_n(personas.case_worker, 2)
    with mock.patch.object(verification, "check_checkpoints", return_value=None):
        _count, broken = verify_access_log(since=(entry_id, "e" * 64))
    assert broken.entry_id == entry_id + 1


@pytest.mark.parametrize("parts", [1, 2, 3, 5, 9])
def test_segments_checked_apart_join_into_one_chain(parts):
    entries = build_chain(9)
    size = -(-9 // parts)
    segments = [
        chain.verify_segment(KEY, entries[i : i + size], first_id=i + 1) for i in range(0, 9, size)
    ]
    assert chain.check_head(
        segments, start_hash=GENESIS_HASH, head_id=9, head_hash=entries[-1]["hash"]
    ) == (9, None)


def test_a_break_at_a_cut_between_segments_is_found():
    """Someone replaces the entries from 5 on by a chain of their own (with the key they
    do not have, so they cannot reseal 5's link): each half verifies alone, the join not."""
    entries = build_chain(8)
    forged = build_chain(8, key=b"forger")
    halves = [
        chain.verify_segment(KEY, entries[:4], first_id=1),
        chain.Segment(5, 8, forged[4]["prev_hash"], forged[-1]["hash"], 4, None),
    ]
    _count, broken = chain.check_head(
        halves, start_hash=GENESIS_HASH, head_id=8, head_hash=forged[-1]["hash"]
    )
    assert broken.entry_id == 5


# Append-only: the database refuses changes ----------------------------------------------------


def refused(sql, params=()):
    with pytest.raises(DatabaseError) as info, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return info.value


def test_raw_update_is_refused(personas):
    events = record_n(personas.case_worker, 3)
    error = refused("UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["anders", 2])
    assert "append-only" in str(error)
    refused("UPDATE audit_accessevent SET emergency = %s", [True])
    assert AccessEvent.objects.get(pk=2).purpose == events[1].purpose
    assert not AccessEvent.objects.filter(emergency=True).exists()
    assert verify_access_log() == (3, None)


def test_raw_delete_is_refused(personas):
    record_n(personas.case_worker, 3)
    error = refused("DELETE FROM audit_accessevent WHERE id = %s", [3])
    assert "append-only" in str(error)
    refused("DELETE FROM audit_accessevent")
    assert AccessEvent.objects.count() == 3
    assert verify_access_log() == (3, None)


def test_orm_update_and_delete_are_refused(personas):
    record_n(personas.case_worker, 2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=1).update(username="iemand")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=1).delete()
    assert AccessEvent.objects.get(pk=1).username == "coach"
    assert verify_access_log() == (2, None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL only")
def test_truncate_is_refused_on_postgresql(personas):
    record_n(personas.case_worker, 2)
    refused("TRUNCATE audit_accessevent")
    assert AccessEvent.objects.count() == 2
