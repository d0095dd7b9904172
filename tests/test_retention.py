"""purge_expired_families: lists only expired files, destroys only after confirmation,
leaves the access log intact, and only for a functional admin or privacy officer."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.personas import make_family
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.families import queries as family_queries
from vangnet.families.actions import do_break_the_glass
from vangnet.families.models import Family, Person


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def with_retention(family, until):
    Family.objects.filter(pk=family.pk).update(retention_until=until)
    family.refresh_from_db()
    return family


@pytest.fixture
def files(personas):
    """Two expired files (teams A and B), one that expires today, and the personas' own."""
    today = timezone.localdate()
    old_a = with_retention(
        make_family(
            personas.team_a, personas.case_worker, name="Gezin Oudfictief", reference="VN-OLDA01"
        ),
        date(2020, 1, 1),
    )
    Person.objects.create(
        family=old_a, kind="child", first_name="Oudkind", birth_date=date(2004, 1, 1)
    )
    old_b = with_retention(
        make_family(
            personas.team_b, personas.other_team, name="Gezin Grijsfictief", reference="VN-OLDB02"
        ),
        today - timedelta(days=1),
    )
    today_file = with_retention(
        make_family(
            personas.team_a,
            personas.case_worker,
            name="Gezin Vandaagfictief",
            reference="VN-TODAY3",
        ),
        today,
    )
    # someone read the old file once: that entry must survive its destruction
    family_queries.open_family(Actor(user=personas.case_worker, ip_address="192.0.2.10"), old_a.pk)
    return {"old_a": old_a, "old_b": old_b, "today": today_file}


def purge(*args, answer=None, monkeypatch=None):
    if monkeypatch is not None:

        def fake_input(prompt):
            fake_input.prompts.append(prompt)
            if isinstance(answer, BaseException):
                raise answer
            if callable(answer):
                return answer()
            return answer

        fake_input.prompts = purge.prompts = []
        monkeypatch.setattr("builtins.input", fake_input)
    out, err = StringIO(), StringIO()
    try:
        call_command("purge_expired_families", *args, stdout=out, stderr=err)
    finally:
        purge.out, purge.err = out.getvalue(), err.getvalue()
    return purge.out


def remaining():
    return set(Family.objects.values_list("reference", flat=True))


ALL = {"VN-TEST01", "VN-OLDA01", "VN-OLDB02", "VN-TODAY3"}


def test_lists_only_expired_files_without_names(personas, files):
    before = AccessEvent.objects.count()
    out = purge("--as", "beheer")
    assert "2 family files are past their retention date" in out
    assert "VN-OLDA01" in out and "Team A" in out and "2020-01-01" in out
    assert "VN-OLDB02" in out and "Team B" in out
    assert "VN-TEST01" not in out and "VN-TODAY3" not in out
    assert out.index("VN-OLDA01") < out.index("VN-OLDB02")  # oldest first
    for name in ("fictief", "Oudkind", "Testfamilie"):
        assert name not in out
    assert "Nothing destroyed" in out
    assert remaining() == ALL
    assert AccessEvent.objects.count() == before


def test_destroy_needs_the_number_typed(personas, files, monkeypatch):
    before = AccessEvent.objects.count()
    with pytest.raises(CommandError, match="Not confirmed: nothing was destroyed"):
        purge("--as", "beheer", "--destroy", answer="yes", monkeypatch=monkeypatch)
    assert purge.prompts == ["This destroys 2 family files for good. Type 2 to confirm: "]
    assert remaining() == ALL
    assert AccessEvent.objects.count() == before


def test_destroy_without_a_terminal_is_not_confirmed(personas, files, monkeypatch):
    with pytest.raises(CommandError, match="Not confirmed"):
        purge("--as", "beheer", "--destroy", answer=EOFError(), monkeypatch=monkeypatch)
    assert remaining() == ALL


def test_destroy_after_confirmation_leaves_log_entries(personas, files, monkeypatch):
    old_a_pk = files["old_a"].pk
    before = list(AccessEvent.objects.values_list("id", flat=True))
    out = purge("--as", "beheer", "--destroy", answer=" 2 ", monkeypatch=monkeypatch)
    assert "2 family files destroyed; their access-log entries are kept." in out
    assert remaining() == {"VN-TEST01", "VN-TODAY3"}
    assert not Person.objects.filter(family_id=old_a_pk).exists()
    # the earlier entries are all still there, plus one DELETE entry per file
    assert set(before) <= set(AccessEvent.objects.values_list("id", flat=True))
    deletes = list(AccessEvent.objects.filter(id__gt=max(before)).order_by("id"))
    assert [e.family_ref for e in deletes] == ["VN-OLDA01", "VN-OLDB02"]
    for entry in deletes:
        assert entry.action == AccessAction.DELETE
        assert entry.object_type == "family"
        assert entry.username == "beheer" and entry.user_id == personas.admin.pk
        assert entry.channel == "cli"
        assert entry.basis == AccessBasis.SYSTEM
    assert AccessEvent.objects.filter(family_id=old_a_pk, action="read").exists()
    assert verify_access_log() == (len(before) + 2, None)


def test_destroy_with_yes_does_not_ask(personas, files, monkeypatch):
    purge(
        "--as",
        "privacy",
        "--destroy",
        "--yes",
        answer=AssertionError("must not ask"),
        monkeypatch=monkeypatch,
    )
    assert remaining() == {"VN-TEST01", "VN-TODAY3"}
    assert set(AccessEvent.objects.filter(action="delete").values_list("username", flat=True)) == {
        "privacy"
    }


def test_nothing_expired(personas, monkeypatch):
    out = purge("--as", "beheer", "--destroy", answer=AssertionError(), monkeypatch=monkeypatch)
    assert "0 family files are past their retention date" in out
    assert "Nothing to destroy." in out
    assert remaining() == {"VN-TEST01"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--as"),
        (["--as", "coach"], "Only a functional admin or a privacy officer"),
        (["--as", "afk"], "Only a functional admin or a privacy officer"),
        (["--as", "niemand"], "no active user"),
        (["--as", "coach", "--destroy", "--yes"], "Only a functional admin or a privacy officer"),
        (["--destroy", "--yes"], "--as"),
    ],
)
def test_refuses_without_a_responsible_user(personas, files, args, message):
    before = AccessEvent.objects.count()
    with pytest.raises(CommandError, match=message):
        purge(*args)
    assert remaining() == ALL
    assert AccessEvent.objects.count() == before


def test_refuses_a_deactivated_admin(personas, files):
    personas.admin.is_active = False
    personas.admin.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="no active user"):
        purge("--as", "beheer", "--destroy", "--yes")
    assert remaining() == ALL


def test_keeps_files_with_unreviewed_emergency_access(personas, files):
    do_break_the_glass(
        actor=Actor(user=personas.other_team),
        reference="VN-OLDA01",
        reason="Acute zorgen, gegevens nodig voor de crisisdienst",
    )
    out = purge("--as", "beheer", "--destroy", "--yes")
    assert "emergency access not yet reviewed" in out
    assert "1 family file destroyed" in out
    assert remaining() == {"VN-TEST01", "VN-TODAY3", "VN-OLDA01"}


def test_file_changed_after_listing_is_kept(personas, files, monkeypatch):
    def change_then_confirm():
        # a colleague edits the file while the operator reads the list
        with_retention(files["old_b"], timezone.localdate() + timedelta(days=7000))
        return "2"

    with pytest.raises(CommandError, match="1 file was not destroyed"):
        purge("--as", "beheer", "--destroy", answer=change_then_confirm, monkeypatch=monkeypatch)
    assert "VN-OLDB02: This file has not reached its retention date." in purge.err
    assert remaining() == {"VN-TEST01", "VN-TODAY3", "VN-OLDB02"}


def test_help_documents_access_log_retention(settings):
    from django.core.management import load_command_class

    command = load_command_class("vangnet.families", "purge_expired_families")
    assert f"at least {settings.ACCESS_LOG_RETENTION_YEARS} years" in command.help
    assert "never deleted" in command.help
