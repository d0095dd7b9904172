"""Checkpoints kept outside the database expose a log whose tail was cut off."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent, AccessLogHead


def _record(user, n):
    for _ in range(n):
        recorder.record(Actor(user=user), "read", object_type="family")


def _checkpoint(capsys) -> str:
    call_command("access_log_checkpoint")
    return capsys.readouterr().out.strip()


def test_intact_log_passes_its_checkpoints(personas, capsys):
    _record(personas.case_worker, 3)
    line = _checkpoint(capsys)
    _record(personas.case_worker, 2)
    call_command("verify_access_log", checkpoint=[line])
    assert "OK: 5" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="drops a SQLite trigger to tamper")
def test_cut_tail_with_rewritten_head_is_caught_by_a_checkpoint(personas, capsys):
    _record(personas.case_worker, 4)
    line = _checkpoint(capsys)
    # Tamper as someone with database access could: drop the guard, cut the last two
    # entries and point the head at the new tail, so that the chain itself verifies.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_accessevent_no_delete")
        cursor.execute("DELETE FROM audit_accessevent WHERE id > 2")
    tail = AccessEvent.objects.get(id=2)
    AccessLogHead.objects.filter(pk=1).update(last_id=2, last_hash=tail.hash)
    call_command("verify_access_log")  # the chain alone cannot tell
    with pytest.raises(CommandError, match="checkpoint entry 4 is missing"):
        call_command("verify_access_log", checkpoint=[line])


def test_malformed_checkpoint_is_refused(db):
    with pytest.raises(CommandError):
        call_command("verify_access_log", checkpoint=["not a checkpoint"])


def test_family_overview_shows_the_lists_and_searches_that_showed_the_file(personas, as_user):
    from django.urls import reverse

    from tests.personas import make_family

    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin Ander", reference="VN-TEST12"
    )
    searcher = as_user(personas.safeguarding)
    searcher.post(reverse("families:search"), {"term": "Testfamilie"})
    searched = AccessEvent.objects.get(object_type="family_list")
    assert searched.basis == "organisation"
    assert searched.details["families"] == [personas.family.pk]

    privacy = as_user(personas.privacy)
    page = privacy.get(reverse("audit:family_overview", args=[personas.family.reference]))
    assert searched.id in [e.id for e in page.context["overview"].page.object_list]
    page = privacy.get(reverse("audit:family_overview", args=[other.reference]))
    assert searched.id not in [e.id for e in page.context["overview"].page.object_list]


def test_state_file_makes_the_check_incremental(personas, capsys, tmp_path):
    state = tmp_path / "access-log.verified"
    _record(personas.case_worker, 3)
    call_command("verify_access_log", state_file=str(state))
    assert capsys.readouterr().out.startswith("OK: 3 ")
    first = state.read_text().split()
    assert first[0] == str(AccessLogHead.objects.get(pk=1).last_id)
    _record(personas.case_worker, 2)
    call_command("verify_access_log", state_file=str(state))
    out = capsys.readouterr().out
    assert out.startswith("OK: 2 ") and out.strip().endswith(first[0])
    assert int(state.read_text().split()[0]) == int(first[0]) + 2


def test_state_file_that_is_not_in_the_chain_fails(personas, tmp_path):
    _record(personas.case_worker, 2)
    state = tmp_path / "access-log.verified"
    state.write_text(f"2 {'a' * 64} 2026-01-01T00:00:00+00:00\n")
    with pytest.raises(CommandError, match="another hash"):
        call_command("verify_access_log", state_file=str(state))
    assert state.read_text().startswith("2 aaaa")  # left as it was
