"""A large, obviously fictional data set for the benchmark, written in bulk.

Meant for the throwaway benchmark database (see vangnet/bench/database.py) and for tests
with tiny numbers, never for a real database. The access log gets a valid hash chain,
computed exactly as vangnet.audit.recorder.record() computes it (same field values, same
normalisation, ids following the chain head), so verify_access_log accepts it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from vangnet.accounts.models import Discipline, Membership, Organisation, Role, Team, User
from vangnet.audit import chain, recorder
from vangnet.audit.models import AccessEvent, AccessLogHead
from vangnet.families.actions import retention_date
from vangnet.families.models import (
    ChainPartner,
    Contact,
    ContactKind,
    Custody,
    Family,
    FamilyStatus,
    PartnerKind,
    Person,
    PersonKind,
)

# Part of the metadata of a generated database: a different version is rebuilt, not reused.
GENERATOR_VERSION = 2
ORGANISATION_NAME = "Benchmark-organisatie (fictief)"
REFERENCE_PREFIX = "VN-B"
USERS_PER_TEAM = 5
OBJECTS_PER_BATCH = 5_000
ENTRIES_PER_TRANSACTION = 25_000
LIST_PAGE_SIZE = 50

# Obviously made-up names: nothing here may look like a real person.
SURNAMES = (
    "Testmans",
    "Voorbeeld",
    "Fictief",
    "Verzonnen",
    "Proefhuis",
    "Demovaart",
    "Nepstra",
    "Oefenberg",
    "Schijnhoven",
    "Probeersma",
    "Bedachtink",
    "Zomaarwijk",
)
CHILD_NAMES = ("Testkind", "Proefkind", "Oefenkind", "Demokind")
PARENT_NAMES = ("Testouder", "Proefouder", "Oefenouder", "Demo-ouder")
NETWORK = (("Testoma", "grootmoeder"), ("Testbuur", "buurvrouw"), ("Testoom", "oom"))
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
)
API_AGENT = "vangnet-koppeling/1.0 (fictief)"


@dataclass(frozen=True)
class Sizes:
    families: int
    teams: int
    entries: int
    users_per_team: int = USERS_PER_TEAM

    def __post_init__(self):
        if self.teams < 1 or self.families < self.teams or self.entries < 0:
            raise ValueError("need at least one team and one family per team")
        if self.users_per_team < 3:
            raise ValueError("need at least three users per team")


@dataclass
class TeamData:
    """What the access-log generator needs to know about one team."""

    team_id: int
    users: list[tuple[int, str]]
    families: list[tuple[int, str]]
    open_family_ids: list[int]


def username(team_no: int, user_no: int) -> str:
    return f"bench-t{team_no:03d}-{user_no}"


def measuring_username() -> str:
    """The professional of the first team whose pages the benchmark requests."""
    return username(1, 1)


def generate(
    sizes: Sizes, *, seed: int = 2026, progress: Callable[[str], None] | None = None
) -> dict:
    """Create the whole data set; returns counts and the seconds each phase took."""
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        teams = _people_and_teams(sizes, rng)
    timings["teams_and_users_s"] = time.perf_counter() - started
    say(
        f"  {sizes.teams} teams, {sizes.teams * sizes.users_per_team} users "
        f"({timings['teams_and_users_s']:.1f} s)"
    )

    started = time.perf_counter()
    with transaction.atomic():
        counts = _families(sizes, teams, seed)
    timings["families_s"] = time.perf_counter() - started
    say(
        f"  {counts['families']} families, {counts['people']} people, "
        f"{counts['partners']} chain partners, {counts['contacts']} contacts "
        f"({timings['families_s']:.1f} s)"
    )

    started = time.perf_counter()
    entries = append_access_log(sizes.entries, teams, rng=rng, progress=say)
    timings["access_log_s"] = time.perf_counter() - started
    return {**counts, "teams": len(teams), "entries": entries, "timings": timings}


def _people_and_teams(sizes: Sizes, rng: random.Random) -> list[TeamData]:
    organisation = Organisation.objects.create(name=ORGANISATION_NAME)
    teams = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"Benchteam {n:03d}")
        for n in range(1, sizes.teams + 1)
    )
    unusable = make_password(None)  # nobody logs in with a password; the bench forces login
    disciplines = [
        Discipline.CASE_WORKER,
        Discipline.CASE_WORKER,
        Discipline.FAMILY_THERAPIST,
        Discipline.HEALTHCARE_PSYCHOLOGIST,
        Discipline.PSYCHIATRIST,
        Discipline.TEAM_LEAD,
    ]
    users = []
    for team_no in range(1, sizes.teams + 1):
        for user_no in range(1, sizes.users_per_team + 1):
            users.append(
                User(
                    username=username(team_no, user_no),
                    first_name="Bench",
                    last_name=f"Medewerker {team_no}-{user_no}",
                    password=unusable,
                    organisation=organisation,
                    discipline=Discipline.CASE_WORKER if user_no == 1 else rng.choice(disciplines),
                )
            )
    users = User.objects.bulk_create(users, batch_size=OBJECTS_PER_BATCH)
    memberships = []
    result = []
    for index, team in enumerate(teams):
        members = users[index * sizes.users_per_team : (index + 1) * sizes.users_per_team]
        for user_no, user in enumerate(members, start=1):
            if user_no == 2:
                role = Role.TEAM_LEAD
            elif user_no == sizes.users_per_team:
                role = Role.READ_ONLY
            else:
                role = Role.PROFESSIONAL
            memberships.append(Membership(user=user, team=team, role=role))
        result.append(TeamData(team.pk, [(u.pk, u.username) for u in members], [], []))
    Membership.objects.bulk_create(memberships, batch_size=OBJECTS_PER_BATCH)
    return result


def _families(sizes: Sizes, teams: list[TeamData], seed: int) -> dict:
    """Families with their people, chain partners and contacts.

    Each family comes from its own random generator seeded with (seed, its number), so
    family n looks the same whatever the size of the data set: the first families of the
    first team are identical in the small and the big set, and their pages can be compared.
    """
    today = timezone.localdate()
    families, people, partners, contacts = [], [], [], []
    for n in range(sizes.families):
        rng = random.Random(seed * 1_000_003 + n)
        team = teams[n * len(teams) // sizes.families]
        writers = team.users[: sizes.users_per_team - 1]  # the last member is read-only
        opened = today - timedelta(days=rng.randint(30, 3 * 365))
        closed = rng.random() < 0.1
        closed_on = min(today, opened + timedelta(days=rng.randint(30, 400))) if closed else None
        surname = rng.choice(SURNAMES)
        family = Family(
            reference=f"{REFERENCE_PREFIX}{n + 1:06d}",
            name=f"Gezin {surname} {n + 1:05d}",
            team_id=team.team_id,
            case_worker_id=rng.choice(writers)[0],
            status=FamilyStatus.CLOSED if closed else FamilyStatus.OPEN,
            opened_on=opened,
            closed_on=closed_on,
            close_reason="Doelen bereikt (fictief)" if closed else "",
            retention_until=retention_date(closed_on or opened),
        )
        families.append(family)
        people.extend(_people(rng, family, surname, today))
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(PartnerKind.values)
            partners.append(
                ChainPartner(
                    family=family,
                    kind=kind,
                    organisation=f"Fictieve organisatie {kind}",
                    contact_person="Contactpersoon (fictief)",
                    involved_since=opened,
                )
            )
        for _ in range(rng.randint(0, 6)):
            contacts.append(
                Contact(
                    family=family,
                    occurred_on=today - timedelta(days=rng.randint(0, 120)),
                    kind=rng.choice(ContactKind.values),
                    reached=rng.random() < 0.85,
                    with_whom="Ouders (fictief)",
                    summary="Fictieve samenvatting voor de benchmark.",
                    recorded_by_id=family.case_worker_id,
                )
            )
    # Saving the families first gives them ids; bulk_create then fills in family_id.
    Family.objects.bulk_create(families, batch_size=OBJECTS_PER_BATCH)
    Person.objects.bulk_create(people, batch_size=OBJECTS_PER_BATCH)
    ChainPartner.objects.bulk_create(partners, batch_size=OBJECTS_PER_BATCH)
    Contact.objects.bulk_create(contacts, batch_size=OBJECTS_PER_BATCH)
    team_by_id = {team.team_id: team for team in teams}
    for family in families:
        team = team_by_id[family.team_id]
        team.families.append((family.pk, family.reference))
        if family.status == FamilyStatus.OPEN:
            team.open_family_ids.append(family.pk)
    return {
        "families": len(families),
        "people": len(people),
        "partners": len(partners),
        "contacts": len(contacts),
    }


def _people(rng: random.Random, family: Family, surname: str, today) -> list[Person]:
    """Three to five people: one to three children, one or two parents, maybe a grandparent
    or neighbour from the network."""
    people = [
        Person(
            family=family,
            kind=PersonKind.CHILD,
            first_name=rng.choice(CHILD_NAMES),
            last_name=surname,
            birth_date=today - timedelta(days=rng.randint(60, 17 * 365)),
        )
        for _ in range(rng.randint(1, 3))
    ]
    for parent_no in range(rng.randint(1, 2)):
        people.append(
            Person(
                family=family,
                kind=PersonKind.PARENT,
                first_name=rng.choice(PARENT_NAMES),
                last_name=surname,
                relation="moeder" if parent_no == 0 else "vader",
                custody=rng.choice([Custody.YES, Custody.YES, Custody.NO, Custody.UNKNOWN]),
            )
        )
    if len(people) < 3 or (len(people) < 5 and rng.random() < 0.4):
        first_name, relation = rng.choice(NETWORK)
        people.append(
            Person(
                family=family,
                kind=PersonKind.NETWORK,
                first_name=first_name,
                last_name=surname,
                relation=relation,
                lives_in_household=False,
            )
        )
    return people


def _insert_statement() -> tuple[str, list[str], list[Callable]]:
    """INSERT for one AccessEvent row, the attribute names in column order, and converters
    that turn each value into what the ORM would store (datetimes, JSON)."""
    quote = connection.ops.quote_name
    fields = AccessEvent._meta.concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(AccessEvent._meta.db_table)} ({columns}) VALUES ({placeholders})"

    def identity(value):
        return value

    def prepared(field):
        return lambda value: field.get_db_prep_save(value, connection)

    converters = [
        prepared(f) if isinstance(f, models.DateTimeField | models.JSONField) else identity
        for f in fields
    ]
    return sql, [f.attname for f in fields], converters


def append_access_log(
    count: int,
    teams: list[TeamData],
    *,
    rng: random.Random,
    start: datetime | None = None,
    end: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Append count entries after the current chain head, spread over [start, end).

    The entries look like a busy organisation: mostly file reads by team members, list
    views, searches, changes, some API reads and a few emergency accesses. Each entry's
    fields are built as record() builds them and sealed with chain.entry_hash.
    """
    if count <= 0:
        return 0
    say = progress or (lambda message: None)
    key = recorder.chain_key()
    sql, attnames, converters = _insert_statement()
    columns = list(zip(attnames, converters, strict=True))
    end = end or datetime.now(UTC) - timedelta(hours=1)
    start = start or end - timedelta(days=730)
    step = (end - start).total_seconds() / count
    list_details = {
        team.team_id: {
            "families": team.open_family_ids[:LIST_PAGE_SIZE],
            "total": len(team.open_family_ids),
        }
        for team in teams
    }
    all_teams = [team for team in teams if team.families]
    written = 0
    began = time.perf_counter()
    cache_size = _enlarge_cache()
    try:
        head = AccessLogHead.objects.get_or_create(pk=1)[0]
        last_id, prev = head.last_id, head.last_hash
        while written < count:
            batch = min(ENTRIES_PER_TRANSACTION, count - written)
            rows = []
            for offset in range(batch):
                n = written + offset
                team = rng.choice(all_teams)
                user_id, user_name = rng.choice(team.users)
                family_id, family_ref = rng.choice(team.families)
                fields = _entry(
                    rng, n, team, user_id, user_name, family_id, family_ref, all_teams, list_details
                )
                fields["occurred_at"] = start + timedelta(seconds=step * (n + rng.random() * 0.9))
                last_id += 1
                fields["id"] = last_id
                fields["prev_hash"] = prev
                prev = chain.entry_hash(key, prev, recorder.sealed_view(fields))
                fields["hash"] = prev
                rows.append(tuple(convert(fields[name]) for name, convert in columns))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
                AccessLogHead.objects.filter(pk=1).update(last_id=last_id, last_hash=prev)
            written += batch
            if written % 100_000 == 0 or written == count:
                say(
                    f"  access log: {written:,} / {count:,} entries "
                    f"({time.perf_counter() - began:.1f} s)"
                )
    finally:
        _restore_cache(cache_size)
    return written


def _entry(rng, n, team, user_id, user_name, family_id, family_ref, all_teams, list_details):
    """The fields of one entry, with the values and types record() gives them."""
    roll = rng.random()
    entry = {
        "user_id": user_id,
        "username": user_name,
        "acting_for": "",
        "family_id": family_id,
        "family_ref": family_ref,
        "person_id": None,
        "action": "read",
        "object_type": "family",
        "object_id": str(family_id),
        "part": "dossier",
        "basis": "team",
        "purpose": "zorgverlening",
        "channel": "web",
        "ip_address": f"10.{n % 200}.{user_id % 250}.{1 + rng.randrange(250)}",
        "user_agent": USER_AGENTS[user_id % len(USER_AGENTS)],
        "emergency": False,
        "details": {},
    }
    if roll < 0.70:
        return entry
    if roll < 0.82:  # the team's family list
        entry.update(
            family_id=None,
            family_ref="",
            object_type="family_list",
            object_id="",
            part="list",
            details=list_details[team.team_id],
        )
    elif roll < 0.84:  # a search (terms are never logged, only what was found)
        found = rng.sample(team.open_family_ids, min(3, len(team.open_family_ids)))
        entry.update(
            family_id=None,
            family_ref="",
            action="search",
            object_type="family_list",
            object_id="",
            part="search",
            details={"families": found, "total": len(found)},
        )
    elif roll < 0.97:  # a change to the file
        object_type, part = rng.choice(
            [
                ("person", "members"),
                ("contact", "contacts"),
                ("chain_partner", "partners"),
                ("family", "dossier"),
            ]
        )
        entry.update(
            action=rng.choice(["update", "update", "create"]),
            object_type=object_type,
            object_id=str(rng.randrange(1, 10**6)),
            part=part,
        )
        if object_type == "person":
            entry["person_id"] = int(entry["object_id"])
    elif roll < 0.999:  # a linked system reading through the API
        entry.update(channel="api", user_agent=API_AGENT)
    else:  # break the glass: someone outside the team
        other = rng.choice(all_teams)
        outsider_id, outsider_name = rng.choice(other.users)
        entry.update(
            user_id=outsider_id,
            username=outsider_name,
            action="emergency",
            basis="emergency",
            emergency=True,
            purpose="Spoedmelding buiten kantoortijd (fictief)",
        )
    return entry


def _enlarge_cache() -> int | None:
    """A bigger SQLite page cache while writing: index updates stay in memory."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
    return previous


def _restore_cache(previous: int | None) -> None:
    if previous is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def counts() -> dict:
    """What the current database holds (for the report)."""
    head = AccessLogHead.objects.filter(pk=1).first()
    return {
        "teams": Team.objects.count(),
        "users": User.objects.count(),
        "families": Family.objects.count(),
        "people": Person.objects.count(),
        "partners": ChainPartner.objects.count(),
        "contacts": Contact.objects.count(),
        "entries": head.last_id if head else 0,
    }
