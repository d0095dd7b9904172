"""Gathers the agenda engine's inputs from the database: one function per source.

Each source takes the family ids (and the meeting day) and returns a dict keyed by family
id, in a fixed number of queries however many families there are. Nothing here checks
access or writes the access log: callers (queries.py) do that.

Sources:
- cadence_due      - this app: ReviewCadence + the previous discussions' next review date
- held_discussions - this app: the last discussion, and a later "not discussed" mark
- open_referrals   - meldcode: MeetingReferral (acute, disclosure, VT) not yet discussed
- overdue_actions  - this app: MeetingAction not done and past its due date
- overdue_vt_feedback - meldcode: Report whose feedback_due_on passed without feedback
- scaling          - safety: ScalingScore, the last N scoring days (mean per day)
- last_contacts    - families: the last Contact with reached=True
- plan_evaluations - safety: the first Evaluation planned and not held
- immediate_plans  - safety: the review date of the open ImmediatePlan
- network_concerns - portal: CheckIn orange/red or a warning sign, not discussed since
- measure_ends     - protection: the end of protective measures ending soon
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Max, Min
from django.utils import timezone

from vangnet.families.models import Contact, Family
from vangnet.meetings import engine
from vangnet.meetings.models import (
    AgendaItem,
    Discussion,
    Meeting,
    MeetingAction,
    MeetingStatus,
    ReviewCadence,
)

SCALING_LOOKBACK_DAYS = 366


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


HELD = (MeetingStatus.STARTED, MeetingStatus.FINALISED)


def held_discussions(family_ids, day: date) -> tuple[dict[int, Discussion], dict[int, date]]:
    """Per family, before `day`, in a meeting that took place: the latest discussion, and
    the day of the latest meeting after it where the family was on the agenda but marked
    "not discussed" (it comes back until it is discussed). One query."""
    rows = (
        Discussion.objects.filter(
            family_id__in=family_ids,
            meeting__starts_at__lt=_start_of(day),
            meeting__status__in=HELD,
        )
        .select_related("meeting")
        .order_by("family_id", "meeting__starts_at", "id")
    )
    latest: dict[int, Discussion] = {}
    skipped: dict[int, date] = {}
    for row in rows.only("family_id", "next_review_on", "not_discussed", "meeting__starts_at"):
        if row.not_discussed:
            skipped[row.family_id] = row.meeting.day
        else:
            latest[row.family_id] = row
            skipped.pop(row.family_id, None)
    return latest, skipped


def last_discussions(family_ids, day: date) -> dict[int, Discussion]:
    """The latest discussion before `day` in a meeting that took place ("not discussed"
    marks do not count)."""
    return held_discussions(family_ids, day)[0]


def not_discussed(family_ids, day: date) -> dict[int, date]:
    """Families marked "not discussed" in a meeting before `day` and not discussed since."""
    return held_discussions(family_ids, day)[1]


def current_cadences(family_ids) -> dict[int, ReviewCadence]:
    current: dict[int, ReviewCadence] = {}
    for row in ReviewCadence.objects.filter(family_id__in=family_ids).order_by(
        "family_id", "set_at", "id"
    ):
        current[row.family_id] = row
    return current


def cadence_due(family_ids, day: date, discussions=None, cadences=None) -> dict[int, date | None]:
    """When each family is due by its cadence: the next review date set last time, or the
    last discussion plus the interval; never discussed: from the cadence's start."""
    discussions = last_discussions(family_ids, day) if discussions is None else discussions
    cadences = current_cadences(family_ids) if cadences is None else cadences
    due: dict[int, date | None] = {}
    for family_id in family_ids:
        cadence = cadences.get(family_id)
        last = discussions.get(family_id)
        if cadence is None or cadence.interval_days is None:
            due[family_id] = None
            continue
        if last is None:
            due[family_id] = cadence.valid_from
        elif last.next_review_on and (
            # Set in a meeting (decision, first discussion, phase moved on) or before the last
            # discussion: the date the team set last time wins. A manual change made after
            # the last discussion replaces it.
            cadence.decision_id or cadence.automatic or cadence.set_at <= last.meeting.starts_at
        ):
            due[family_id] = last.next_review_on
        else:
            due[family_id] = last.meeting.day + timedelta(days=cadence.interval_days)
    return due


def due_now(family_ids, cadences=None) -> dict[int, date | None]:
    """cadence_due as of now, for status displays: a meeting held earlier today counts."""
    return cadence_due(family_ids, timezone.localdate() + timedelta(days=1), cadences=cadences)


def open_referrals(family_ids, day: date, discussions=None) -> dict[int, list[engine.Referral]]:
    """Meldcode's marks for the next meeting that no meeting has discussed yet."""
    if not apps.is_installed("vangnet.meldcode"):
        return {}
    from vangnet.meldcode.models import MeetingReferral

    discussions = last_discussions(family_ids, day) if discussions is None else discussions
    found: dict[int, list[engine.Referral]] = defaultdict(list)
    rows = MeetingReferral.objects.filter(
        family_id__in=family_ids, resolved_at__isnull=True, raised_at__lt=_start_of(day)
    ).values_list("family_id", "reason", "raised_at")
    for family_id, reason, raised_at in rows:
        last = discussions.get(family_id)
        if last is not None and raised_at <= last.meeting.starts_at:
            continue  # discussed since it was raised
        found[family_id].append(engine.Referral(reason, timezone.localtime(raised_at).date()))
    return found


def overdue_actions(family_ids, day: date) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    rows = MeetingAction.objects.filter(
        family_id__in=family_ids, done_on__isnull=True, due_on__lt=day
    ).values_list("family_id", flat=True)
    for family_id in rows:
        counts[family_id] += 1
    return counts


def overdue_vt_feedback(family_ids, day: date) -> dict[int, date]:
    """The earliest Veilig Thuis feedback date that passed without feedback."""
    if not apps.is_installed("vangnet.meldcode"):
        return {}
    from vangnet.meldcode.models import Report

    rows = (
        Report.objects.filter(
            trajectory__family_id__in=family_ids,
            feedback_on__isnull=True,
            feedback_due_on__lt=day,
        )
        .values("trajectory__family_id")
        .annotate(first=Min("feedback_due_on"))
    )
    return {row["trajectory__family_id"]: row["first"] for row in rows}


def scaling(family_ids, day: date, window: int) -> dict[int, tuple[int, ...]]:
    """The last `window` scoring days per family (mean of that day's scores), oldest first."""
    if not apps.is_installed("vangnet.safety"):
        return {}
    from vangnet.safety.models import ScalingScore

    per_day: dict[int, dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = ScalingScore.objects.filter(
        plan__family_id__in=family_ids,
        scored_on__lte=day,
        scored_on__gt=day - timedelta(days=SCALING_LOOKBACK_DAYS),
    ).values_list("plan__family_id", "scored_on", "score")
    for family_id, scored_on, score in rows:
        per_day[family_id][scored_on].append(score)
    result = {}
    for family_id, days in per_day.items():
        ordered = sorted(days)[-window:]
        result[family_id] = tuple(round(sum(days[d]) / len(days[d])) for d in ordered)
    return result


def last_contacts(family_ids, day: date) -> dict[int, date]:
    rows = (
        Contact.objects.filter(family_id__in=family_ids, reached=True, occurred_on__lte=day)
        .values("family_id")
        .annotate(last=Max("occurred_on"))
    )
    return {row["family_id"]: row["last"] for row in rows}


def plan_evaluations(family_ids, day: date) -> dict[int, date]:
    """The earliest planned safety-plan evaluation that has not been held."""
    if not apps.is_installed("vangnet.safety"):
        return {}
    from vangnet.safety.models import Evaluation

    rows = (
        Evaluation.objects.filter(plan__family_id__in=family_ids, held_on__isnull=True)
        .values("plan__family_id")
        .annotate(first=Min("scheduled_on"))
    )
    return {row["plan__family_id"]: row["first"] for row in rows}


def immediate_plans(family_ids, day: date) -> dict[int, date]:
    """The review date of each family's open immediate safety plan (made by `day`)."""
    if not apps.is_installed("vangnet.safety"):
        return {}
    from vangnet.safety.models import ImmediatePlan

    rows = ImmediatePlan.objects.filter(
        family_id__in=family_ids, ended_on__isnull=True, made_on__lte=day
    ).values_list("family_id", "review_on")
    return dict(rows)


def measure_ends(family_ids, day: date, window: int) -> dict[int, list[tuple[str, date]]]:
    """(kind, end) of each protective measure that started by `day` and whose end (the
    extension, if any) falls within `window` days from `day`."""
    if not apps.is_installed("vangnet.protection"):
        return {}
    from django.db.models.functions import Coalesce

    from vangnet.protection.models import ProtectiveMeasure

    rows = (
        ProtectiveMeasure.objects.filter(family_id__in=family_ids, starts_on__lte=day)
        .annotate(end=Coalesce("extended_to", "ends_on"))
        .filter(end__gte=day, end__lte=day + timedelta(days=max(0, window)))
        .values_list("family_id", "kind", "end")
    )
    found: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for family_id, kind, end in rows:
        found[family_id].append((kind, end))
    return found


def network_concerns(family_ids, day: date, discussions=None) -> dict[int, date]:
    """The first concern the network reported in the portal (orange, red or a warning sign)
    before `day` that no meeting has discussed since ("zorgen gemeld door het netwerk")."""
    if not apps.is_installed("vangnet.portal"):
        return {}
    from django.db.models import Q

    from vangnet.portal.models import CONCERN_MOODS, CheckIn

    discussions = last_discussions(family_ids, day) if discussions is None else discussions
    rows = (
        CheckIn.objects.filter(family_id__in=family_ids, created_at__lt=_start_of(day))
        .filter(Q(mood__in=CONCERN_MOODS) | Q(warning_sign=True))
        .values_list("family_id", "created_at")
    )
    found: dict[int, date] = {}
    for family_id, created_at in rows:
        last = discussions.get(family_id)
        if last is not None and created_at <= last.meeting.starts_at:
            continue  # discussed since it was reported
        day_of = timezone.localtime(created_at).date()
        if family_id not in found or day_of < found[family_id]:
            found[family_id] = day_of
    return found


def team_families(team_id: int):
    return Family.objects.filter(team_id=team_id, status="open")


def gather(family_rows, day: date, thresholds: engine.Thresholds) -> list[engine.FamilySignals]:
    """Every source for these families (a list of (id, opened_on)), as engine inputs."""
    ids = [pk for pk, _opened in family_rows]
    discussions, skipped = held_discussions(ids, day)
    due = cadence_due(ids, day, discussions)
    referrals = open_referrals(ids, day, discussions)
    actions = overdue_actions(ids, day)
    vt = overdue_vt_feedback(ids, day)
    scores = scaling(ids, day, max(2, thresholds.scaling_window))
    contacts = last_contacts(ids, day)
    evaluations = plan_evaluations(ids, day)
    immediate = immediate_plans(ids, day)
    concerns = network_concerns(ids, day, discussions)
    measures = measure_ends(ids, day, thresholds.measure_ending_days)
    return [
        engine.FamilySignals(
            family_id=pk,
            review_due_on=due.get(pk),
            referrals=tuple(referrals.get(pk, ())),
            overdue_actions=actions.get(pk, 0),
            overdue_vt_feedback_since=vt.get(pk),
            scaling=scores.get(pk, ()),
            last_contact_on=contacts.get(pk),
            plan_evaluation_due_on=evaluations.get(pk),
            opened_on=opened,
            not_discussed_on=skipped.get(pk),
            immediate_plan_review_on=immediate.get(pk),
            network_concern_since=concerns.get(pk),
            measure_ends=tuple(measures.get(pk, ())),
        )
        for pk, opened in family_rows
    ]


def team_signals(team_id: int, day: date, thresholds) -> list[engine.FamilySignals]:
    rows = list(team_families(team_id).values_list("id", "opened_on").order_by("id"))
    return gather(rows, day, thresholds)


def upcoming_agenda(family_ids, today: date) -> dict[int, Meeting]:
    """The first meeting from today on (planned, or running today) with the family on its
    agenda: that is when the family is discussed next, whatever its cadence says."""
    rows = (
        AgendaItem.objects.filter(
            family_id__in=family_ids,
            removed=False,
            meeting__status__in=[MeetingStatus.PLANNED, MeetingStatus.STARTED],
            meeting__starts_at__gte=_start_of(today),
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-meeting_id")
    )
    return {row.family_id: row.meeting for row in rows}


OPEN_ACTIONS_LIMIT = 200


def meeting_page_families(meeting: Meeting) -> list[int]:
    """Every family whose data the meeting page shows (agenda, overflow, open actions)."""
    ids = set(meeting.items.values_list("family_id", flat=True))
    ids |= set(meeting.discussions.values_list("family_id", flat=True))
    ids |= {o["family_id"] for o in meeting.overflow}
    ids |= set(
        MeetingAction.objects.filter(
            family__team_id=meeting.team_id, family__status="open", done_on__isnull=True
        )
        .order_by("due_on", "id")
        .values_list("family_id", flat=True)[:OPEN_ACTIONS_LIMIT]
    )
    return sorted(ids)


# The per-family brief and the timeline read the same apps: one family at a time. ----------


def brief_safety(family_id: int) -> dict:
    """Danger statements, latest scaling with trend, plan status (safety app)."""
    if not apps.is_installed("vangnet.safety"):
        return {"available": False}
    from vangnet.safety.models import DangerStatement, Evaluation, PlanVersion

    dangers = list(DangerStatement.objects.filter(plan__family_id=family_id).order_by("order"))
    scores = scaling([family_id], timezone.localdate(), 5).get(family_id, ())
    latest = PlanVersion.objects.filter(plan__family_id=family_id).order_by("-number").first()
    evaluation = (
        Evaluation.objects.filter(plan__family_id=family_id, held_on__isnull=True)
        .order_by("scheduled_on")
        .first()
    )
    return {
        "available": True,
        "dangers": dangers,
        "scores": scores,
        "trend": (scores[-1] - scores[0]) if len(scores) >= 2 else None,
        "plan_version": latest,
        "next_evaluation": evaluation.scheduled_on if evaluation else None,
    }


def brief_meldcode(family_id: int) -> dict:
    """The open meldcode trajectory and its last report to Veilig Thuis (meldcode app)."""
    if not apps.is_installed("vangnet.meldcode"):
        return {"available": False}
    from vangnet.meldcode.models import Report, Trajectory

    trajectory = Trajectory.objects.filter(family_id=family_id, status="open").first()
    report = (
        Report.objects.filter(trajectory__family_id=family_id)
        .order_by("-reported_on", "-id")
        .first()
    )
    return {"available": True, "trajectory": trajectory, "report": report}


def timeline_other_apps(family_id: int) -> list[tuple[date, str, str, str]]:
    """(day, kind, title code, text) for plan versions, scaling and meldcode steps."""
    events: list[tuple[date, str, str, str]] = []
    if apps.is_installed("vangnet.safety"):
        from vangnet.safety.models import Evaluation, PlanVersion, ScalingScore

        for v in PlanVersion.objects.filter(plan__family_id=family_id):
            events.append(
                (
                    timezone.localtime(v.created_at).date(),
                    "plan",
                    "plan_version",
                    f"v{v.number} ({v.get_status_display()})",
                )
            )
        for s in ScalingScore.objects.filter(plan__family_id=family_id):
            events.append((s.scored_on, "scaling", "scaling", str(s.score)))
        for e in Evaluation.objects.filter(plan__family_id=family_id, held_on__isnull=False):
            events.append((e.held_on, "plan", "evaluation", e.get_decision_display()))
        events += immediate_plan_events(family_id)
    if apps.is_installed("vangnet.meldcode"):
        from vangnet.meldcode.models import Report, Trajectory

        for t in Trajectory.objects.filter(family_id=family_id):
            events.append((t.started_on, "meldcode", "trajectory_started", ""))
            if t.closed_on:
                events.append((t.closed_on, "meldcode", "trajectory_closed", ""))
        for r in Report.objects.filter(trajectory__family_id=family_id):
            events.append((r.reported_on, "meldcode", "vt_report", ""))
            if r.feedback_on:
                events.append((r.feedback_on, "meldcode", "vt_feedback", r.feedback_summary[:200]))
    if apps.is_installed("vangnet.protection"):
        from vangnet.protection.queries import timeline_events

        events += timeline_events(family_id)
    return events


def immediate_plan_events(family_id: int) -> list[tuple[date, str, str, str]]:
    """Immediate safety plans: made (with the review date) and ended (how, why)."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    from vangnet.safety.models import ImmediateEnd, ImmediatePlan

    events = []
    rows = ImmediatePlan.objects.filter(family_id=family_id).select_related("replaced_by")
    for p in rows:
        review = formats.date_format(p.review_on)
        events.append(
            (p.made_on, "plan", "immediate_plan", _("Made; review on %(day)s") % {"day": review})
        )
        if p.ended_on:
            if p.end_kind == ImmediateEnd.REPLACED and p.replaced_by_id:
                text = _("Replaced by version %(n)d of the safety plan") % {
                    "n": p.replaced_by.number
                }
            else:
                text = p.get_end_kind_display() + (f": {p.end_reason}" if p.end_reason else "")
            events.append((p.ended_on, "plan", "immediate_plan_ended", text))
    return events
