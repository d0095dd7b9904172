"""Reads of meldcode data. Each public function that opens data logs exactly one entry."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.families import queries as family_queries
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.meldcode import afwegingskader as ak
from vangnet.meldcode.actions import PART, RECORD_MODELS
from vangnet.meldcode.models import (
    ConsultationKind,
    MeetingReferral,
    RecordKind,
    Report,
    Trajectory,
    TrajectoryStatus,
    VtDecision,
)

# Feedback that ends Veilig Thuis's involvement without a weighing together.
VT_CLOSED = frozenset({VtDecision.CLOSED_AFTER_CALL, VtDecision.ADVICE})

STEP_TITLES = {
    1: _lazy("Map the signals"),
    2: _lazy("Consult"),
    3: _lazy("Talk with the client"),
    4: _lazy("Weigh with the afwegingskader"),
    5: _lazy("Decide: report and/or help"),
}


def open_meldcode(
    actor: Actor,
    pk,
    *,
    write: bool = False,
    object_type: str | None = None,
    trajectory_id=None,
    record=None,
) -> tuple[FamilyAccess, Trajectory | None, object]:
    """Access to a family's meldcode part with one logged read. With trajectory_id (and
    record=(kind, id)) the trajectory (and record) must belong to the family, else 404 and
    nothing is logged. The entry names what is shown: the family's meldcode part, the
    trajectory, or the record."""
    with transaction.atomic():
        access = get_family_for_user(actor.user, pk, write=write)
        trajectory = None
        found = None
        object_id = access.family.pk
        if object_type is None:
            object_type = "family" if trajectory_id is None else "meldcode_trajectory"
        if trajectory_id is not None:
            trajectory = get_trajectory(access, trajectory_id)
            object_id = trajectory.pk
            if record is not None:
                found = get_record(trajectory, *record)
                object_id = found.pk
        family_queries.open_family(
            actor,
            pk,
            part=PART,
            write=write,
            object_type=object_type,
            object_id=object_id,
        )
    return access, trajectory, found


def get_trajectory(access: FamilyAccess, trajectory_id) -> Trajectory:
    try:
        return Trajectory.objects.get(pk=int(trajectory_id), family=access.family)
    except (Trajectory.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def get_record(trajectory: Trajectory, kind: str, record_id):
    try:
        model = RECORD_MODELS[RecordKind(kind)]
    except (ValueError, KeyError):
        raise Http404 from None
    try:
        return model.objects.get(pk=int(record_id), trajectory=trajectory)
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def get_referral(access: FamilyAccess, referral_id) -> MeetingReferral:
    try:
        return MeetingReferral.objects.get(pk=int(referral_id), family=access.family)
    except (MeetingReferral.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def get_report(trajectory: Trajectory, report_id) -> Report:
    try:
        return Report.objects.get(pk=int(report_id), trajectory=trajectory)
    except (Report.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


# The trajectory and its steps -----------------------------------------------------------------


def _related(trajectory: Trajectory, name: str, *extra: str) -> list:
    """The records of one kind; from the prefetch cache when a list page prefetched them."""
    cache = getattr(trajectory, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    manager = getattr(trajectory, name)
    return list(manager.select_related("recorded_by", "finalised_by", *extra))


PREFETCH = ("signals", "consultations", "conversations", "weighings", "reports")


def trajectory_steps(trajectory: Trajectory, today: date | None = None) -> dict:
    """Per step: its records and what is missing; the current step (first incomplete)."""
    today = today or timezone.localdate()
    signals = _related(trajectory, "signals", "child")
    consultations = _related(trajectory, "consultations")
    conversations = _related(trajectory, "conversations")
    weighings = _related(trajectory, "weighings")
    reports = _related(trajectory, "reports", "reported_by", "previous")
    missing: dict[int, list[str]] = defaultdict(list)
    if not signals:
        missing[1].append(_("No signal has been recorded."))
    elif not any(s.is_final for s in signals):
        missing[1].append(_("The signals are still drafts: finalise them."))
    if not consultations:
        missing[2].append(_("No consultation has been recorded."))
    elif not any(c.is_final for c in consultations):
        missing[2].append(_("The consultations are still drafts: finalise them."))
    if any(s.injury for s in signals) and not any(
        c.kind == ConsultationKind.INJURY_EXPERT for c in consultations
    ):
        missing[2].append(_("An injury was recorded: consult a letselduiding expert."))
    if not conversations:
        missing[3].append(
            _("No conversation with the client, and no reason to skip it, has been recorded.")
        )
    elif not any(c.is_final for c in conversations):
        missing[3].append(_("The conversation is still a draft: finalise it."))
    weighing = weighings[-1] if weighings else None
    if weighing is None:
        missing[4].append(_("The afwegingskader has not been answered."))
    elif not weighing.is_final:
        missing[4].append(_("The weighing is still a draft: finalise it."))
    for report in reports:
        report.overdue = report.feedback_overdue(today)
    if weighing is None:
        missing[5].append(_("No decision yet: it follows from the weighing."))
    else:
        result = weighing.result
        earlier = [w for w in weighings[:-1] if w.is_final]
        since = earlier[-1].weighed_on if earlier else trajectory.started_on
        reported = any(r.reported_on >= since for r in reports)
        if result.report and not reported:
            missing[5].append(_("The decision is to report to Veilig Thuis: record the report."))
        vt_closed = any(
            r.reported_on >= since and r.feedback_decision in VT_CLOSED for r in reports
        )
        if result.follow_up == ak.WITH_VEILIG_THUIS and reported and weighing.is_final:
            if vt_closed:
                # Seed 000: Veilig Thuis phoned once and closed; the team has to act on that.
                missing[5].append(
                    _(
                        "Veilig Thuis closed its file: weigh again from question 1 what the "
                        "team does now."
                    )
                )
            else:
                missing[5].append(
                    _(
                        "Weigh questions 3 and 4 together with Veilig Thuis: can you help, "
                        "and is the help accepted?"
                    )
                )
        if result.help and weighing.help_evaluate_on:
            missing[5].append(
                _("Evaluate the help with question 5 on %(date)s.")
                % {"date": weighing.help_evaluate_on.strftime("%d-%m-%Y")}
            )
        if result.outcome == ak.VT_TAKES_OVER and trajectory.is_open:
            missing[5].append(
                _("Veilig Thuis takes over: record its feedback, then close the trajectory.")
            )
        if result.outcome in (ak.CLOSE, ak.CLOSE_WITH_MONITORING) and trajectory.is_open:
            missing[5].append(_("The decision is to close: close the trajectory."))
    for report in reports:
        if report.feedback_on is None:
            if report.overdue:
                missing[5].append(
                    _("Feedback from Veilig Thuis is overdue (expected by %(date)s).")
                    % {"date": report.feedback_due_on.strftime("%d-%m-%Y")}
                )
            else:
                missing[5].append(
                    _("Feedback from Veilig Thuis is expected by %(date)s.")
                    % {"date": report.feedback_due_on.strftime("%d-%m-%Y")}
                )
    current = next((step for step in range(1, 6) if missing.get(step)), 5)
    return {
        "signals": signals,
        "consultations": consultations,
        "conversations": conversations,
        "weighings": weighings,
        "weighing": weighing,
        "reports": reports,
        "missing": dict(missing),
        "current_step": current,
    }


def trajectory_file(trajectory: Trajectory, today: date | None = None) -> dict:
    """Everything the trajectory page shows."""
    today = today or timezone.localdate()
    data = trajectory_steps(trajectory, today)
    addenda = defaultdict(list)
    for addendum in trajectory.addenda.select_related("written_by"):
        addenda[(addendum.record_kind, addendum.record_id)].append(addendum)
    for kind, name in (
        ("signal", "signals"),
        ("consultation", "consultations"),
        ("conversation", "conversations"),
        ("weighing", "weighings"),
        ("report", "reports"),
    ):
        for record in data[name]:
            record.addenda_list = addenda.get((kind, record.pk), [])
    referrals = list(
        MeetingReferral.objects.filter(family=trajectory.family_id, resolved_at__isnull=True)
    )
    acute = [r for r in referrals if r.reason in ("acute", "disclosure")]
    data.update(
        trajectory=trajectory,
        children=list(trajectory.children.all()),
        ace=list(trajectory.ace_questionnaires.select_related("subject", "recorded_by")),
        factor_lists=list(trajectory.factor_lists.select_related("recorded_by")),
        referrals=referrals,
        acute_referrals=acute,
        disclosure=any(r.reason == "disclosure" for r in acute),
        steps=[
            {
                "number": n,
                "title": STEP_TITLES[n],
                "missing": data["missing"].get(n, []),
                "done": not data["missing"].get(n),
            }
            for n in range(1, 6)
        ],
        today=today,
    )
    return data


def family_trajectories(family) -> list[Trajectory]:
    return list(Trajectory.objects.filter(family=family).order_by("-started_on", "-id"))


def family_summary(family, today: date | None = None) -> dict:
    """What the family page shows about the meldcode (part of that page's logged read)."""
    today = today or timezone.localdate()
    trajectory = (
        Trajectory.objects.filter(family=family).order_by("-status", "-started_on", "-id").first()
    )
    # "open" sorts after "closed": -status puts an open trajectory first.
    if trajectory is None:
        return {"family": family, "trajectory": None}
    steps = trajectory_steps(trajectory, today)
    acute = MeetingReferral.objects.filter(
        family=family, resolved_at__isnull=True, reason__in=("acute", "disclosure")
    ).exists()
    return {
        "family": family,
        "trajectory": trajectory,
        "current_step": steps["current_step"],
        "step_title": STEP_TITLES[steps["current_step"]],
        "acute": acute,
        "overdue": [r for r in steps["reports"] if r.overdue],
        "weighing": steps["weighing"],
    }


# For the meetings app ----------------------------------------------------------------------------


def open_meeting_referrals(team) -> QuerySet[MeetingReferral]:
    """Families of this team marked for the next veiligheidsoverleg, oldest first.

    No access-log entry: the caller (the meetings agenda) logs its own read."""
    return (
        MeetingReferral.objects.filter(family__team=team, resolved_at__isnull=True)
        .select_related("family", "trajectory", "raised_by")
        .order_by("raised_at", "id")
    )


# The aandachtsfunctionaris overview ---------------------------------------------------------


def overview(
    actor: Actor,
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    today: date | None = None,
) -> dict:
    """All open trajectories of the organisation by step and age, overdue feedback, reports in
    a period. Only for safeguarding leads (others: 404). Logs one entry listing the families."""
    user = actor.user
    if not (
        user.is_authenticated
        and user.is_active
        and user.is_safeguarding_lead
        and user.may_see_case_content
        and user.organisation_id
    ):
        raise Http404
    today = today or timezone.localdate()
    trajectories = list(
        Trajectory.objects.filter(
            status=TrajectoryStatus.OPEN, family__team__organisation_id=user.organisation_id
        )
        .select_related("family", "family__team", "family__case_worker")
        .prefetch_related(*PREFETCH)
        .order_by("started_on", "id")
    )
    by_step: dict[int, list[Trajectory]] = {n: [] for n in range(1, 6)}
    overdue: list[Report] = []
    for trajectory in trajectories:
        steps = trajectory_steps(trajectory, today)
        trajectory.current_step = steps["current_step"]
        trajectory.days_open = (today - trajectory.started_on).days
        by_step[trajectory.current_step].append(trajectory)
        for report in steps["reports"]:
            report.trajectory = trajectory
            if report.overdue:
                overdue.append(report)
    reports = Report.objects.filter(
        trajectory__family__team__organisation_id=user.organisation_id
    ).select_related("trajectory__family", "trajectory__family__team", "reported_by")
    if period_from:
        reports = reports.filter(reported_on__gte=period_from)
    if period_to:
        reports = reports.filter(reported_on__lte=period_to)
    reports = list(reports.order_by("-reported_on", "-id")[:500])
    for report in reports:
        report.overdue = report.feedback_overdue(today)
    family_ids = sorted(
        {t.family_id for t in trajectories}
        | {r.trajectory.family_id for r in reports}
        | {r.trajectory.family_id for r in overdue}
    )
    recorder.record(
        actor,
        AccessAction.READ,
        object_type="meldcode_overview",
        part=PART,
        basis=AccessBasis.ORGANISATION,
        purpose="toezicht meldcode",
        details={
            "families": family_ids,
            "period": [
                period_from.isoformat() if period_from else None,
                period_to.isoformat() if period_to else None,
            ],
        },
    )
    return {
        "by_step": [(n, STEP_TITLES[n], by_step[n]) for n in range(1, 6)],
        "open_count": len(trajectories),
        "overdue": overdue,
        "reports": reports,
        "period_from": period_from,
        "period_to": period_to,
        "today": today,
    }
