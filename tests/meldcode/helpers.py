"""Objects for the meldcode tests, made through the real actions."""

from datetime import timedelta

from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.meldcode import actions


def actor(user):
    return Actor.cli(user)


def access(p):
    return get_family_for_user(p.case_worker, p.family.pk, write=True)


def start(p, started_on=None):
    return actions.do_start_trajectory(
        actor=actor(p.case_worker),
        access=access(p),
        children=[p.child],
        started_on=started_on or timezone.localdate() - timedelta(days=10),
        reason="Zorgen over blauwe plekken.",
    )


def signal_values(p, **extra):
    return {
        "child": p.child,
        "observed_on": timezone.localdate() - timedelta(days=9),
        "observed_by": "Juf Test (leerkracht)",
        "description": "Blauwe plek op de bovenarm, kind schrok bij aanraking.",
        "category": "physical_abuse",
        "source": "school",
        **extra,
    }


def add(p, trajectory, record_kind, finalise=True, **values):
    return actions.do_add_record(
        actor=actor(p.case_worker),
        access=access(p),
        trajectory=trajectory,
        record_kind=record_kind,
        finalise=finalise,
        **values,
    )


def report_values(p, reported_on=None, **extra):
    return {
        "reported_on": reported_on or timezone.localdate(),
        "reported_by": p.case_worker,
        "vt_contact": "Medewerker Veilig Thuis Test",
        "vt_reference": "VT-0001",
        "shared": "De signalen, de consultatie en het gesprek.",
        "family_informed": True,
        **extra,
    }


def weighing_values(**answers):
    values = {"weighed_on": timezone.localdate() - timedelta(days=1)}
    for key, value in answers.items():
        values[key] = value
        values[f"{key}_rationale"] = f"Toelichting bij {key}."
    return values


def full_trajectory(p, final=True):
    """A trajectory with a record in every step (signals to report), all final or drafts."""
    trajectory = start(p)
    records = {
        "signal": add(p, trajectory, "signal", final, **signal_values(p)),
        "consultation": add(
            p,
            trajectory,
            "consultation",
            final,
            kind="safeguarding_lead",
            consulted_on=timezone.localdate() - timedelta(days=8),
            with_whom="Aandachtsfunctionaris Test",
            advice="Gesprek voeren met ouders.",
        ),
        "conversation": add(
            p,
            trajectory,
            "conversation",
            final,
            held=True,
            held_on=timezone.localdate() - timedelta(days=7),
            with_whom="Beide ouders",
            reaction="Ouders schrokken, ontkenden niet.",
        ),
        "weighing": add(
            p, trajectory, "weighing", final, **weighing_values(q1=True, q2="structural")
        ),
        "report": add(p, trajectory, "report", final, **report_values(p)),
    }
    return trajectory, records
