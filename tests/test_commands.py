"""verify_access_log and create_api_token: output and exit codes."""

from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.db import connection, connections

from vangnet.accounts.actions import authenticate_token
from vangnet.accounts.models import ApiToken
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessEvent


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def record_n(user, n):
    actor = Actor.cli(user)
    for i in range(n):
        recorder.record(actor, AccessAction.READ, object_type="family", object_id=i)


def run(name, *args):
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_from_argv(monkeypatch, capsys, app, name, *args):
    """As `manage.py name args` would run: returns (exit code, stdout, stderr)."""
    # run_from_argv closes every connection afterwards; the test database must stay open
    monkeypatch.setattr(connections, "close_all", lambda: None)
    command = load_command_class(app, name)
    code = 0
    try:
        command.run_from_argv(["manage.py", name, *args])
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# verify_access_log ---------------------------------------------------------------------------


def test_verify_ok(personas):
    record_n(personas.case_worker, 4)
    out, _err = run("verify_access_log")
    assert out.strip() == "OK: 4 entries"
    out, _err = run("verify_access_log", "--chunk-size", "1")
    assert out.strip() == "OK: 4 entries"


def test_verify_empty_log(db):
    assert run("verify_access_log")[0].strip() == "OK: 0 entries"


def test_verify_exit_codes(personas, monkeypatch, capsys):
    record_n(personas.case_worker, 3)
    code, out, _err = run_from_argv(monkeypatch, capsys, "vangnet.audit", "verify_access_log")
    assert (code, out.strip()) == (0, "OK: 3 entries")
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET username = %s WHERE id = %s", ["iemand", 2])
    code, out, err = run_from_argv(monkeypatch, capsys, "vangnet.audit", "verify_access_log")
    assert code == 1
    assert "OK" not in out
    assert "entry 2 was altered" in err


def test_verify_broken_raises_with_the_entry(personas):
    record_n(personas.case_worker, 3)
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET action = %s WHERE id = %s", ["delete", 3])
    with pytest.raises(CommandError, match="entry 3 was altered") as info:
        run("verify_access_log", "--chunk-size", "2")
    assert info.value.returncode == 1


def test_verify_rejects_a_bad_chunk_size(db):
    with pytest.raises(CommandError, match="chunk-size"):
        run("verify_access_log", "--chunk-size", "0")


def test_verify_help_documents_log_retention(settings):
    command = load_command_class("vangnet.audit", "verify_access_log")
    assert f"at least {settings.ACCESS_LOG_RETENTION_YEARS} years" in command.help


def _drop_update_guard():
    """Simulate tampering by someone with database rights (rolled back after the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_accessevent_no_update")
        else:
            cursor.execute(
                "ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_no_update_delete"
            )


# create_api_token ------------------------------------------------------------------------------


def test_create_api_token_prints_the_token_once(personas):
    out, err = run("create_api_token", "coach", "--name", "Koppeling test")
    raw = out.strip()
    assert raw.startswith("vn_") and "\n" not in raw
    assert authenticate_token(raw) == personas.case_worker
    token = ApiToken.objects.get(user=personas.case_worker)
    assert token.name == "Koppeling test"
    assert token.token_hash != raw and raw not in token.token_hash
    assert raw not in err and "coach" in err and "only" in err
    # No family data touched; the token's creation itself is logged.
    assert list(AccessEvent.objects.values_list("object_type", flat=True)) == ["api_token"]


def test_create_api_token_default_name(personas):
    out, _err = run("create_api_token", "psychiater")
    assert authenticate_token(out.strip()) == personas.team_member
    assert ApiToken.objects.get(user=personas.team_member).name == "manage.py"


def test_create_api_token_each_run_makes_a_new_token(personas):
    first = run("create_api_token", "coach")[0].strip()
    second = run("create_api_token", "coach")[0].strip()
    assert first != second
    assert ApiToken.objects.filter(user=personas.case_worker).count() == 2


def test_create_api_token_unknown_user(personas):
    with pytest.raises(CommandError, match="no user with this username"):
        run("create_api_token", "niemand")
    assert not ApiToken.objects.exists()


def test_create_api_token_inactive_user(personas):
    personas.case_worker.is_active = False
    personas.case_worker.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="deactivated"):
        run("create_api_token", "coach")
    assert not ApiToken.objects.exists()


def test_create_api_token_exit_code(personas, monkeypatch, capsys):
    code, out, err = run_from_argv(
        monkeypatch, capsys, "vangnet.accounts", "create_api_token", "niemand"
    )
    assert code == 1 and out == "" and "no user with this username" in err
