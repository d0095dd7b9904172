"""The benchmark's generator, measurement helpers and database guard.

No timings here: performance is measured by `make bench`, never in tests.
"""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from vangnet.accounts.models import Membership, Role, Team, User
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent, AccessLogHead
from vangnet.audit.verification import verify_access_log
from vangnet.bench import database, measure
from vangnet.bench.generate import Sizes, generate, measuring_username
from vangnet.families.models import ChainPartner, Contact, Family, FamilyStatus, Person

TINY = Sizes(families=6, teams=2, entries=300)


@pytest.mark.django_db
def test_generator_builds_the_asked_sizes_with_a_valid_chain():
    result = generate(TINY, seed=1)

    assert Team.objects.count() == 2
    assert User.objects.filter(username__startswith="bench-").count() == 10
    assert Membership.objects.filter(role=Role.READ_ONLY).count() == 2
    assert sorted(Family.objects.values_list("team__name", flat=True)) == (
        ["Benchteam 001"] * 3 + ["Benchteam 002"] * 3
    )
    for family in Family.objects.all():
        assert 3 <= family.people.count() <= 5
        assert 1 <= family.partners.count() <= 2
        assert family.people.filter(kind="child").exists()
        assert family.case_worker.memberships.get().team_id == family.team_id
        if family.status == FamilyStatus.CLOSED:
            assert family.closed_on >= family.opened_on
    assert result["people"] == Person.objects.count()
    assert result["partners"] == ChainPartner.objects.count()
    assert result["contacts"] == Contact.objects.count()

    assert result["entries"] == 300
    assert AccessEvent.objects.count() == 300
    assert AccessLogHead.objects.get(pk=1).last_id == 300
    assert verify_access_log() == (300, None)
    # Entries are about real families and users, in time order.
    references = dict(Family.objects.values_list("pk", "reference"))
    for family_id, family_ref in AccessEvent.objects.filter(family_id__isnull=False).values_list(
        "family_id", "family_ref"
    ):
        assert references[family_id] == family_ref
    usernames = set(User.objects.values_list("username", flat=True))
    assert set(AccessEvent.objects.values_list("username", flat=True)) <= usernames
    times = list(AccessEvent.objects.order_by("id").values_list("occurred_at", flat=True))
    assert times == sorted(times)


@pytest.mark.django_db
def test_generated_entries_continue_the_chain_and_the_app_continues_them(personas):
    actor = Actor.cli(personas.case_worker)
    first = recorder.record(actor, "read", object_type="family", family=personas.family)
    generate(Sizes(families=2, teams=1, entries=40), seed=3)
    last = recorder.record(actor, "read", object_type="family", family=personas.family)

    assert first.id == 1
    assert AccessEvent.objects.get(pk=2).prev_hash == first.hash
    assert last.id == 42
    assert last.prev_hash == AccessEvent.objects.get(pk=41).hash
    assert verify_access_log() == (42, None)
    # A generated family read carries the same fields, with the same types, as record()'s.
    fields = [f.attname for f in AccessEvent._meta.concrete_fields]
    made = AccessEvent.objects.filter(pk=first.pk).values(*fields).get()
    generated = (
        AccessEvent.objects.filter(pk__gt=1, object_type="family", action="read", channel="web")
        .values(*fields)
        .first()
    )
    assert generated is not None
    for name in fields:
        if made[name] is not None and generated[name] is not None:
            assert type(made[name]) is type(generated[name]), name


@pytest.mark.django_db
def test_generated_hashes_are_keyed_with_the_access_log_key(settings):
    generate(Sizes(families=2, teams=1, entries=10), seed=4)
    assert verify_access_log() == (10, None)

    settings.ACCESS_LOG_KEY = "another key than the one the entries were sealed with"
    _checked, broken = verify_access_log()
    assert broken is not None
    assert broken.entry_id == 1
    assert "altered" in broken.reason


def _first_team_snapshot():
    team = Team.objects.get(name="Benchteam 001")
    snapshot = []
    for family in Family.objects.filter(team=team).order_by("reference"):
        snapshot.append(
            (
                family.reference,
                family.name,
                family.status,
                family.opened_on,
                family.case_worker.username,
                [(p.kind, p.first_name, p.birth_date) for p in family.people.order_by("id")],
                [p.kind for p in family.partners.order_by("id")],
                [(c.occurred_on, c.reached) for c in family.contacts.order_by("id")],
            )
        )
    return snapshot


@pytest.mark.django_db
def test_first_team_families_are_the_same_in_a_small_and_a_big_set():
    # The bench compares the same family pages on both sets: only the data size may differ.
    with transaction.atomic():
        generate(Sizes(families=4, teams=2, entries=0), seed=5)
        small = _first_team_snapshot()
        transaction.set_rollback(True)
    generate(Sizes(families=8, teams=4, entries=0), seed=5)
    big = _first_team_snapshot()

    assert len(small) == 2
    assert small == big


@pytest.mark.django_db
def test_measurement_helpers_request_pages_and_leave_the_log_valid():
    generate(Sizes(families=4, teams=2, entries=20), seed=6)
    user = User.objects.get(username=measuring_username())
    family = Family.objects.filter(team=user.memberships.get().team).order_by("id").first()
    client = measure.logged_in_client(user)
    urls = {
        "family_list": [reverse("families:list")],
        "family_page": [reverse("families:detail", args=[family.pk])],
    }
    target = measure.Target("tiny", None, client, urls)

    before = AccessEvent.objects.count()
    result = measure.measure_pages([target], "family_page", requests=2, warmup=1)["tiny"]
    assert result["queries"]["min"] > 0
    assert result["queries"]["statements_min"] >= result["queries"]["min"]
    assert result["queries"]["by_table"]["audit_accessevent"] == 1
    assert result["time"]["n"] == 2
    # warm-up, timed and counted requests: one entry each
    assert AccessEvent.objects.count() == before + 4
    listed = measure.measure_pages([target], "family_list", requests=1, warmup=0)["tiny"]
    assert listed["queries"]["min"] > 0

    before = AccessEvent.objects.count()
    record = measure.measure_record(user, family, calls=3)
    assert record["queries"] == 3  # read the head, insert the entry, move the head
    assert record["time"]["n"] == 3
    assert AccessEvent.objects.count() == before  # rolled back

    measure.measure_page_without_log(target, "family_page", requests=2)
    assert AccessEvent.objects.count() == before + 2  # only the requests with the log write
    assert recorder.record.__module__ == "vangnet.audit.recorder"  # the stub is gone again
    assert measure.measure_verify()["ok"]


def test_guard_accepts_only_files_directly_under_var_bench():
    bench = database.bench_dir()
    assert database.check_bench_path(bench / "bench.sqlite3") == bench / "bench.sqlite3"
    for path in (
        django_settings.VAR_DIR / "vangnet.sqlite3",
        bench / ".." / "vangnet.sqlite3",
        bench / "sub" / "bench.sqlite3",
        bench / "bench.txt",
        "/tmp/bench.sqlite3",
    ):
        with pytest.raises(CommandError):
            database.check_bench_path(path)


def test_guard_refuses_other_engines_and_other_sqlite_files_from_the_environment():
    sqlite = database.SQLITE_ENGINE
    bench_file = str(database.bench_dir() / "bench.sqlite3")
    with pytest.raises(CommandError, match="only runs on its own throwaway SQLite"):
        database.configured_path(
            {"ENGINE": "django.db.backends.postgresql", "NAME": "vangnet"}, from_environment=True
        )
    with pytest.raises(CommandError):
        database.configured_path(
            {"ENGINE": sqlite, "NAME": str(django_settings.VAR_DIR / "vangnet.sqlite3")},
            from_environment=True,
        )
    # Without DATABASE_URL the configured (development) file is switched away from.
    assert (
        database.configured_path(
            {"ENGINE": sqlite, "NAME": str(django_settings.VAR_DIR / "vangnet.sqlite3")},
            from_environment=False,
        )
        is None
    )
    assert database.configured_path({"ENGINE": sqlite, "NAME": bench_file}, from_environment=True)


def test_default_files_keep_the_big_set_apart_from_quick_runs():
    bench = database.bench_dir()
    assert database.default_path(10_000, 1_000_000, 100) == bench / "bench.sqlite3"
    assert database.default_path(500, 20_000, 100) == bench / "bench-f500-e20000-t100.sqlite3"
    assert database.small_path(bench / "bench.sqlite3") == bench / "bench-small.sqlite3"


def test_command_refuses_a_database_outside_var_bench():
    with pytest.raises(CommandError):
        call_command("bench", db="/tmp/vangnet-bench.sqlite3")


def test_command_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never runs in production"):
        call_command("bench")


def test_sizes_must_make_sense():
    with pytest.raises(ValueError):
        Sizes(families=1, teams=2, entries=0)
    with pytest.raises(ValueError):
        Sizes(families=10, teams=0, entries=0)
