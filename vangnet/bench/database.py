"""The benchmark's own throwaway SQLite databases, and the guard that keeps it off any other.

The benchmark writes a million access-log entries and stubs out nothing in the real data,
so it must never run against the development or production database. It only ever uses
SQLite files under var/bench/ (settings.VAR_DIR / "bench"):

- without DATABASE_URL, the command switches the default connection from the configured
  file to var/bench/bench.sqlite3 (or --db) before anything connects;
- with DATABASE_URL (``make bench`` may set sqlite:///var/bench/bench.sqlite3), the URL must
  name a SQLite file under var/bench/, otherwise the command refuses to run.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

SQLITE_ENGINE = "django.db.backends.sqlite3"


def bench_dir() -> Path:
    return (Path(settings.VAR_DIR) / "bench").resolve()


def default_path(families: int, entries: int, teams: int) -> Path:
    """bench.sqlite3 for the issue's sizes; other sizes get their own file, so that a quick
    run never throws away the big data set that took minutes to build."""
    if (families, entries, teams) == (10_000, 1_000_000, 100):
        return bench_dir() / "bench.sqlite3"
    return bench_dir() / f"bench-f{families}-e{entries}-t{teams}.sqlite3"


def small_path(big: Path) -> Path:
    return big.with_name(f"{big.stem}-small{big.suffix}")


def check_bench_path(path: Path | str) -> Path:
    """The resolved path, if it is a SQLite file name directly under var/bench/; else refuse."""
    resolved = Path(path).resolve()
    if resolved.parent != bench_dir():
        raise CommandError(
            f"Refusing to use {resolved}: the benchmark only uses its own database files "
            f"directly under {bench_dir()}."
        )
    if resolved.suffix not in {".sqlite3", ".sqlite", ".db"}:
        raise CommandError(f"Refusing to use {resolved}: expected a .sqlite3 file name.")
    return resolved


def configured_path(settings_dict: dict, *, from_environment: bool) -> Path | None:
    """The bench file the configuration asks for, None to pick our own; refuse anything else.

    Only a DATABASE_URL in the environment is taken as a request: the built-in default
    (var/vangnet.sqlite3, the development database) is always switched away from.
    """
    if settings_dict.get("ENGINE") != SQLITE_ENGINE:
        raise CommandError(
            "Refusing to run: the benchmark only runs on its own throwaway SQLite database, "
            f"but the database engine is {settings_dict.get('ENGINE')}. Unset DATABASE_URL "
            "or set DATABASE_URL=sqlite:///var/bench/bench.sqlite3."
        )
    if not from_environment:
        return None
    return check_bench_path(settings_dict["NAME"])


def environment_path() -> Path | None:
    return configured_path(
        settings.DATABASES["default"], from_environment=bool(os.environ.get("DATABASE_URL"))
    )


def switch_to(path: Path) -> None:
    """Point the default connection at this bench file (closing whatever was open)."""
    path = check_bench_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections["default"]
    if connection.settings_dict.get("ENGINE") != SQLITE_ENGINE:
        raise CommandError("Refusing to run: the default database is not SQLite.")
    connection.close()
    connection.settings_dict["NAME"] = str(path)
    settings.DATABASES["default"]["NAME"] = str(path)
    assert_on(path)


def point_at(path: Path) -> None:
    """Switch between bench files already checked by switch_to: close, rename, no query."""
    connection = connections["default"]
    path = check_bench_path(path)
    connection.close()
    connection.settings_dict["NAME"] = str(path)
    settings.DATABASES["default"]["NAME"] = str(path)


def assert_on(path: Path) -> None:
    """Ask SQLite itself which file is open: the last line of defence before any write."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        files = {row[1]: row[2] for row in cursor.fetchall()}
    actual = Path(files.get("main") or "").resolve()
    if actual != check_bench_path(path):
        connection.close()
        raise CommandError(f"Refusing to run: connected to {actual}, not to {path}.")


def remove(path: Path) -> None:
    """Delete a bench database file with its WAL side files and metadata."""
    path = check_bench_path(path)
    connections["default"].close()
    for extra in ("", "-wal", "-shm", "-journal", ".meta.json"):
        candidate = path.with_name(path.name + extra)
        if candidate.exists():
            candidate.unlink()
