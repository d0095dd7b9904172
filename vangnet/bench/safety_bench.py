"""Benchmark of the safety plan (issue 3) on its own throwaway SQLite file under var/bench/.

A big plan - 60 agreements, 200 scaling scores, 10 versions (with sign-offs and
distribution lists) - and a small one (6 agreements, 20 scores, 2 versions) in the same
database. Reported: queries per request of the plan pages for both (equal counts show the
number of queries does not grow with the plan), median server time of the plan page, and
the time to make the PDF of the newest version.

The database guard of vangnet/bench/database.py applies: only files directly under
var/bench/, never the development or production database.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vangnet.accounts.models import Membership, Organisation, Role, Team, User
from vangnet.bench import database, measure
from vangnet.families.actions import retention_date
from vangnet.families.models import Family, Person
from vangnet.safety.models import (
    Agreement,
    BottomLine,
    ChildRule,
    ChildTalk,
    DangerStatement,
    Distribution,
    Evaluation,
    HouseItem,
    MappingItem,
    PlanStep,
    PlanVersion,
    SafetyGoal,
    SafetyPerson,
    SafetyPlan,
    ScalingScore,
    SignOff,
    Situation,
    Story,
    StoryPage,
)
from vangnet.safety.snapshot import plan_snapshot

DB_NAME = "safety.sqlite3"
USERNAME = "bench-veiligheid"


@dataclass(frozen=True)
class PlanSize:
    agreements: int
    scores: int
    versions: int


BIG = PlanSize(agreements=60, scores=200, versions=10)
SMALL = PlanSize(agreements=6, scores=20, versions=2)


def bench_path(db: str | None) -> Path:
    from_env = database.environment_path()  # refuses a non-bench DATABASE_URL
    if db:
        return database.check_bench_path(db)
    return from_env if from_env is not None else database.bench_dir() / DB_NAME


def prepare(path: Path, seed: int = 2026) -> tuple[User, dict[str, Family]]:
    """A fresh bench file with one user and a small and a big plan."""
    database.remove(path)
    database.switch_to(path)
    call_command("migrate", verbosity=0, interactive=False)
    database.assert_on(path)
    rng = random.Random(seed)
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench organisatie (fictief)")
        team = Team.objects.create(organisation=organisation, name="Bench team")
        user = User.objects.create(
            username=USERNAME, first_name="Bench", last_name="Coach", organisation=organisation
        )
        colleagues = [
            User.objects.create(
                username=f"bench-collega-{i}",
                first_name="Collega",
                last_name=str(i),
                organisation=organisation,
            )
            for i in range(3)
        ]
        for member in (user, *colleagues):
            Membership.objects.create(user=member, team=team, role=Role.PROFESSIONAL)
        families = {
            "small": _plan_family(team, user, colleagues, "Gezin Klein (bench)", SMALL, rng),
            "big": _plan_family(team, user, colleagues, "Gezin Groot (bench)", BIG, rng),
        }
    return user, families


def _plan_family(team, user, colleagues, name, size: PlanSize, rng) -> Family:
    today = timezone.localdate()
    family = Family.objects.create(
        reference=f"VN-B{size.agreements:05d}",
        name=name,
        team=team,
        case_worker=user,
        opened_on=today - timedelta(days=400),
        retention_until=retention_date(today),
    )
    people = [
        Person.objects.create(
            family=family, kind="child", first_name="Kind", birth_date=date(2018, 5, 1)
        )
    ]
    people += [
        Person.objects.create(family=family, kind="parent", first_name=f"Ouder{i}", custody="yes")
        for i in range(2)
    ]
    network = [
        Person.objects.create(
            family=family, kind="network", first_name=f"Netwerk{i}", relation="buur"
        )
        for i in range(6)
    ]
    plan = SafetyPlan.objects.create(family=family)
    for i, kind in enumerate(("safety_persons", "words_and_pictures", "simple_plan")):
        BottomLine.objects.create(plan=plan, kind=kind, text=f"Bodemeis {i}", number=2, order=i)
    dangers = []
    for i in range(3):
        danger = DangerStatement.objects.create(
            plan=plan,
            whose="vader",
            behaviour=f"gedrag {i}",
            situations="'s avonds",
            impact="angst",
            fear="letsel",
            order=i,
        )
        danger.children.set(people[:1])
        dangers.append(danger)
    goals = [
        SafetyGoal.objects.create(plan=plan, danger=dangers[i], text=f"Doel {i}", order=i)
        for i in range(3)
    ]
    for i in range(20):
        MappingItem.objects.create(
            plan=plan,
            category=rng.choice(["past_harm", "strength", "exception", "next_step"]),
            text=f"Punt {i} van de inventarisatie.",
            contributor_kind="professional",
            recorded_on=today - timedelta(days=i),
        )
    for person in network[:5]:
        SafetyPerson.objects.create(plan=plan, person=person, role="Helpt.", confirmed_on=today)
    situations = [value for value, _label in Situation.choices]
    agreements = []
    for i in range(size.agreements):
        agreement = Agreement.objects.create(
            plan=plan,
            what=f"Afspraak {i}: wie doet wat.",
            situation=situations[i % 9],
            how="1. Eerst. 2. Dan.",
            fallback="De buurvrouw.",
            monitor_person=network[i % 6],
            frequency="wekelijks",
            danger=dangers[i % 3],
            goal=goals[i % 3],
            order=i,
        )
        agreement.people.set([people[1], network[i % 6]])
        agreement.professionals.set([colleagues[i % 3]])
        agreements.append(agreement)
    for i in range(10):
        PlanStep.objects.create(plan=plan, text=f"Stap {i}", target_on=today + timedelta(i * 7))
    participants = people + network + [user]
    for i in range(size.scores):
        who = participants[i % len(participants)]
        is_user = isinstance(who, User)
        ScalingScore.objects.create(
            plan=plan,
            person=None if is_user else who,
            user=who if is_user else None,
            score=rng.randint(0, 10),
            reason="Reden.",
            scored_on=today - timedelta(days=size.scores - i),
            recorded_by=user,
        )
    for number in range(1, size.versions + 1):
        Agreement.objects.filter(pk=agreements[number % len(agreements)].pk).update(
            frequency=f"versie {number}"
        )
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            snapshot={**plan_snapshot(plan), "number": number},
            created_by=user,
            status="active" if number == size.versions else "superseded",
        )
        for signer in (people[1], people[2], network[0], network[1]):
            SignOff.objects.create(
                plan_version=version,
                person=signer,
                name=str(signer),
                signed_on=today,
                method="in_person",
                recorded_by=user,
            )
            Distribution.objects.create(
                plan_version=version,
                person=signer,
                name=str(signer),
                received_on=today,
                method="post",
                recorded_by=user,
            )
    for i in range(5):
        Evaluation.objects.create(plan=plan, scheduled_on=today + timedelta(days=14 * i))
    _child_part(plan, family, user, size, today)
    return family


def _child_part(plan, family, user, size: PlanSize, today) -> None:
    """Per child: a Three Houses talk, own rules and a story (pages scale with the plan)."""
    pictograms = ["house", "family", "not_your_fault", "phone", "helper", "safe_place"]
    for child in Person.objects.filter(family=family, kind="child"):
        talk = ChildTalk.objects.create(plan=plan, child=child, held_on=today, interviewer=user)
        for i, house in enumerate(["worries", "good_things", "dreams"] * 3):
            HouseItem.objects.create(plan=plan, talk=talk, house=house, text=f"Uitspraak {i}.")
        for i in range(3):
            ChildRule.objects.create(plan=plan, child=child, text=f"Regel {i}.", order=i)
        story = Story.objects.create(plan=plan, title=f"Verhaal voor {child.first_name}")
        story.children.set([child])
        for i in range(size.agreements // 5):
            StoryPage.objects.create(
                plan=plan,
                story=story,
                text=f"Pagina {i}: een korte zin voor het kind.",
                pictogram=pictograms[i % len(pictograms)],
                order=i,
            )


def _pages(family: Family) -> dict[str, list[str]]:
    plan = family.safety_plan
    newest = plan.versions.order_by("-number").first()
    return {
        "plan_page": [reverse("safety:plan", args=[family.pk])],
        "by_situation": [reverse("safety:by_situation", args=[family.pk])],
        "version_page": [reverse("safety:version", args=[family.pk, newest.pk])],
        "family_page": [reverse("families:detail", args=[family.pk])],
        "parents_version": [reverse("safety:parents_version", args=[family.pk, newest.pk])],
        "child_page": [reverse("safety:child", args=[family.pk])],
    }


def run(*, db: str | None, requests: int, warmup: int, pdf_runs: int, out) -> dict:
    path = bench_path(db)
    out.write(f"building the safety-plan bench data in {path} ...")
    started = time.perf_counter()
    user, families = prepare(path)
    build_seconds = time.perf_counter() - started
    client = measure.logged_in_client(user)
    targets = [measure.Target(name, path, client, _pages(f)) for name, f in families.items()]
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": str(path),
        "sizes": {"small": SMALL.__dict__, "big": BIG.__dict__},
        "build_seconds": round(build_seconds, 1),
        "pages": {},
    }
    for page in (
        "plan_page",
        "by_situation",
        "version_page",
        "family_page",
        "parents_version",
        "child_page",
    ):
        out.write(f"measuring {page.replace('_', ' ')} (small and big, interleaved) ...")
        results["pages"][page] = measure.measure_pages(
            targets, page, requests=requests, warmup=warmup
        )
    database.switch_to(path)
    results["review"] = _review(families["big"], requests, out)
    results["pdf"] = _pdf(families["big"], pdf_runs, client, out)
    report = _report(results)
    target = database.bench_dir() / f"safety-report-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    target.write_text(json.dumps(results, indent=2, default=str))
    out.write(report)
    out.write(f"report written to {target}")
    return results


# Issue 12: the review rules of a 60-agreement plan take at most this long.
REVIEW_BUDGET_MS = 20


def _review(family: Family, runs: int, out) -> dict:
    """The plan review of the big plan (60 agreements): the rules alone on plain data, and the
    whole review of the draft as the plan page runs it (snapshot from the rows, child part)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vangnet.review import vague
    from vangnet.review.adapter import children_data, plan_data, review_draft
    from vangnet.review.engine import review
    from vangnet.safety.snapshot import plan_snapshot

    plan = family.safety_plan
    out.write(f"timing the review of the big plan ({runs} times) ...")
    data = plan_data(plan_snapshot(plan), next_evaluation=True, children=children_data(plan))
    started = time.perf_counter()
    findings = review(data).findings  # the first call loads the Dutch word data
    first_ms = (time.perf_counter() - started) * 1000
    rules, new_texts, whole = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        review(data)
        rules.append(time.perf_counter() - started)
        vague.clear_text_caches()  # as for a plan whose texts this process has not seen
        started = time.perf_counter()
        review(data)
        new_texts.append(time.perf_counter() - started)
        started = time.perf_counter()
        review_draft(plan)
        whole.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        review_draft(plan)
    return {
        "agreements": len(data.agreements),
        "findings": len(findings),
        "first_call_ms": round(first_ms, 1),
        "rules": measure.summary(rules),
        "rules_new_texts": measure.summary(new_texts),
        "budget_ms": REVIEW_BUDGET_MS,
        "draft_review": measure.summary(whole),
        "draft_review_queries": len(queries),
    }


def _pdf(family: Family, runs: int, client, out) -> dict:
    from vangnet.safety.pdf import render_pdf

    version = family.safety_plan.versions.order_by("-number").first()
    out.write(f"timing the PDF of version {version.number} ({runs} times) ...")
    render_pdf(family, version)  # warm-up: fonts and Pango
    seconds = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render_pdf(family, version)
        seconds.append(time.perf_counter() - started)
        size = len(pdf)
    url = reverse("safety:version_pdf", args=[family.pk, version.pk])
    started = time.perf_counter()
    response = client.get(url)
    request_seconds = time.perf_counter() - started
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return {
        "render": measure.summary(seconds),
        "bytes": size,
        "download_request_ms": round(request_seconds * 1000, 1),
    }


def _report(results: dict) -> str:
    lines = [
        "",
        "Safety plan benchmark (small: 6 agreements/20 scores/2 versions; "
        "big: 60 agreements/200 scores/10 versions)",
    ]
    for page, values in results["pages"].items():
        small, big = values["small"], values["big"]
        lines.append(
            f"  {page:<14} queries small {small['queries']['max']:>3}  big "
            f"{big['queries']['max']:>3}   median ms small {small['time']['median_ms']:>8.1f}"
            f"  big {big['time']['median_ms']:>8.1f}  (p90 big {big['time']['p90_ms']:.1f})"
        )
    r = results["review"]
    lines.append(
        f"  review of the big plan ({r['agreements']} agreements, {r['findings']} findings): "
        f"rules median {r['rules']['median_ms']:.1f} ms (p90 {r['rules']['p90_ms']:.1f}), "
        f"texts not seen before median {r['rules_new_texts']['median_ms']:.1f} ms "
        f"(p90 {r['rules_new_texts']['p90_ms']:.1f}; budget {r['budget_ms']} ms); "
        f"with snapshot from the rows median {r['draft_review']['median_ms']:.1f} ms, "
        f"{r['draft_review_queries']} queries; first call in a process {r['first_call_ms']:.0f} ms"
    )
    pdf = results["pdf"]
    lines.append(
        f"  PDF of version 10 (big): median {pdf['render']['median_ms']:.0f} ms, "
        f"p90 {pdf['render']['p90_ms']:.0f} ms, {pdf['bytes'] // 1024} KiB; "
        f"download request {pdf['download_request_ms']:.0f} ms"
    )
    return "\n".join(lines)
