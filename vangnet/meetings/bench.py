"""Benchmark data and measurements of the agenda (used by `manage.py bench_meetings`).

One team with `families` open families (and a third as many closed ones) and `years` of
history: a meeting every two weeks with five families discussed, decisions, actions (most
done), cadence rows, weekly contacts, monthly scaling scores and safety-plan evaluations,
and meldcode marks for the next meeting. All fictional, made with bulk inserts.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vangnet.accounts.models import Membership, Organisation, Role, Team, User
from vangnet.families.models import Contact, Family
from vangnet.meetings import engine, signals
from vangnet.meetings.actions import series_for, thresholds_of
from vangnet.meetings.models import (
    AgendaItem,
    Decision,
    Discussion,
    Meeting,
    MeetingAction,
    MeetingStatus,
    ReviewCadence,
)

TEAM_NAME = "Benchteam overleg"
PREFIX = "VN-BM"


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(13, 30)))


@transaction.atomic
def generate_history(families: int = 500, years: int = 5, seed: int = 2026) -> dict:
    rng = random.Random(seed)  # noqa: S311 (fictional bench data, not security)
    today = timezone.localdate()
    start = today - timedelta(days=365 * years)
    organisation, _ = Organisation.objects.get_or_create(name="Benchorganisatie overleg")
    team, _ = Team.objects.get_or_create(organisation=organisation, name=TEAM_NAME)
    users = []
    for n in range(8):
        user, created = User.objects.get_or_create(
            username=f"bench-overleg-{n}",
            defaults={"organisation": organisation, "first_name": f"Medewerker{n}"},
        )
        if created:
            user.set_unusable_password()
            user.save()
            Membership.objects.create(user=user, team=team, role=Role.PROFESSIONAL)
        users.append(user)
    closed = families // 3
    rows = []
    for n in range(families + closed):
        opened = start + timedelta(days=rng.randrange(0, 365 * years - 30))
        is_closed = n >= families
        closed_on = (
            min(today, opened + timedelta(days=rng.randrange(60, 700))) if is_closed else None
        )
        rows.append(
            Family(
                reference=f"{PREFIX}{n:05d}",
                name=f"Gezin Bench {n:05d}",
                team=team,
                case_worker=users[n % len(users)],
                status="closed" if is_closed else "open",
                opened_on=opened,
                closed_on=closed_on,
                retention_until=today + timedelta(days=365 * 20),
            )
        )
    created = Family.objects.bulk_create(rows, batch_size=500)
    ids = [f.pk for f in created]
    open_ids = ids[:families]
    opened_on = {f.pk: f.opened_on for f in created}

    contacts = []
    for family in created:
        day = family.opened_on
        end = family.closed_on or today
        while day <= end:
            contacts.append(
                Contact(
                    family_id=family.pk,
                    occurred_on=day,
                    kind="home_visit",
                    reached=rng.random() > 0.1,
                    recorded_by=family.case_worker,
                )
            )
            day += timedelta(days=rng.choice((5, 7, 7, 10, 14, 30)))
    Contact.objects.bulk_create(contacts, batch_size=2000)

    series = series_for(team)
    meetings, items, discussions, decisions, actions_, cadences = [], [], [], [], [], []
    day = start
    while day < today:
        meetings.append(
            Meeting(
                series=series,
                team=team,
                starts_at=_aware(day),
                chair=users[0],
                status=MeetingStatus.FINALISED,
                capacity=5,
                finalised_at=_aware(day),
            )
        )
        day += timedelta(days=14)
    meetings = Meeting.objects.bulk_create(meetings, batch_size=500)
    for meeting in meetings:
        mday = timezone.localtime(meeting.starts_at).date()
        pool = [pk for pk in ids if opened_on[pk] <= mday]
        for position, family_id in enumerate(rng.sample(pool, min(5, len(pool))), start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    family_id=family_id,
                    position=position,
                    source="generated",
                    reasons=[{"code": "due", "params": {"due": mday.isoformat()}}],
                )
            )
            discussions.append(
                Discussion(
                    meeting=meeting,
                    family_id=family_id,
                    next_review_on=mday + timedelta(days=rng.choice((14, 28))),
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    discussions = Discussion.objects.bulk_create(discussions, batch_size=2000)
    meeting_day = {m.pk: timezone.localtime(m.starts_at).date() for m in meetings}
    for discussion in discussions:
        mday = meeting_day[discussion.meeting_id]
        decisions.append(
            Decision(
                discussion=discussion,
                kind=rng.choice(("continue", "continue", "report_vt", "other")),
                text="Doorgaan volgens plan.",
                decided_by=users[0],
            )
        )
        due = mday + timedelta(days=rng.randrange(3, 21))
        done = (
            due - timedelta(days=1)
            if (due < today - timedelta(days=30) or rng.random() < 0.7)
            else None
        )
        actions_.append(
            MeetingAction(
                family_id=discussion.family_id,
                discussion=discussion,
                description="Actie uit het overleg",
                owner=users[rng.randrange(len(users))],
                due_on=due,
                done_on=min(done, today) if done else None,
                created_by=users[0],
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    MeetingAction.objects.bulk_create(actions_, batch_size=2000)
    for family_id in open_ids:
        for n in range(rng.randrange(1, 4)):
            cadences.append(
                ReviewCadence(
                    family_id=family_id,
                    interval_days=rng.choice((14, 28)),
                    reason="Bench",
                    valid_from=opened_on[family_id] + timedelta(days=30 * n),
                    set_by=users[0],
                    set_at=_aware(opened_on[family_id] + timedelta(days=30 * n)),
                )
            )
    ReviewCadence.objects.bulk_create(cadences, batch_size=2000)
    extra = _other_apps(rng, created, users, today)
    return {
        "families_open": families,
        "families_closed": closed,
        "meetings": len(meetings),
        "discussions": len(discussions),
        "actions": len(actions_),
        "contacts": len(contacts),
        "cadences": len(cadences),
        **extra,
    }


def _other_apps(rng, families, users, today) -> dict:
    result = {}
    if apps.is_installed("vangnet.safety"):
        from vangnet.safety.models import Evaluation, SafetyPlan, ScalingScore

        plans = SafetyPlan.objects.bulk_create(
            [SafetyPlan(family_id=f.pk) for f in families], batch_size=1000
        )
        scores, evaluations = [], []
        for plan, family in zip(plans, families, strict=True):
            day, score = family.opened_on, rng.randrange(2, 6)
            while day <= (family.closed_on or today):
                score = max(0, min(10, score + rng.choice((-2, -1, 0, 1, 1, 2))))
                scores.append(
                    ScalingScore(
                        plan=plan,
                        user=users[0],
                        score=score,
                        reason="Bench",
                        scored_on=day,
                        recorded_by=users[0],
                    )
                )
                day += timedelta(days=30)
            evaluations.append(
                Evaluation(plan=plan, scheduled_on=today + timedelta(days=rng.randrange(-20, 60)))
            )
        ScalingScore.objects.bulk_create(scores, batch_size=2000)
        Evaluation.objects.bulk_create(evaluations, batch_size=1000)
        result.update(scaling_scores=len(scores), evaluations=len(evaluations))
    if apps.is_installed("vangnet.meldcode"):
        from vangnet.meldcode.models import MeetingReferral

        referrals = [
            MeetingReferral(
                family_id=f.pk,
                reason=rng.choice(("acute", "disclosure")),
                source="bench",
                raised_at=_aware(today - timedelta(days=rng.randrange(1, 10))),
                raised_by=users[0],
            )
            for f in rng.sample(families, min(10, len(families)))
        ]
        MeetingReferral.objects.bulk_create(referrals)
        result["referrals"] = len(referrals)
    return result


def bench_team() -> Team:
    return Team.objects.get(name=TEAM_NAME)


def agenda_once(team: Team, day: date, limit: int | None = None) -> engine.Agenda:
    series = series_for(team)
    rows = list(signals.team_families(team.pk).values_list("id", "opened_on").order_by("id"))
    if limit is not None:
        rows = rows[:limit]
    return engine.build_agenda(
        signals.gather(rows, day, thresholds_of(series)), day, thresholds_of(series)
    )


def measure_agenda(team: Team, runs: int = 20, warmup: int = 2) -> dict:
    """Queries (for all families and for 50: the same means bounded) and time per agenda."""
    day = timezone.localdate()
    connection.queries_log.clear()  # a full log (DEBUG, maxlen 9000) would capture nothing
    with CaptureQueriesContext(connection) as all_queries:
        agenda = agenda_once(team, day)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as few_queries:
        agenda_once(team, day, limit=50)
    for _ in range(warmup):
        agenda_once(team, day)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        agenda_once(team, day)
        seconds.append(time.perf_counter() - started)
    ms = sorted(s * 1000 for s in seconds)
    return {
        "families": signals.team_families(team.pk).count(),
        "queries": len(all_queries.captured_queries),
        "queries_for_50_families": len(few_queries.captured_queries),
        "bounded": len(all_queries.captured_queries) == len(few_queries.captured_queries),
        "selected": [c.family_id for c in agenda.selected],
        "not_fitting": len(agenda.not_fitting),
        "runs": runs,
        "median_ms": round(statistics.median(ms), 2),
        "p90_ms": round(ms[min(len(ms) - 1, int(0.9 * len(ms)))], 2),
    }
