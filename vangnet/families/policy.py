"""This installation's retention rules: the settings read into the plain rules of
vangnet.families.retention, and the facts of one file those rules need."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Max, Min, Q
from django.utils import timezone

from vangnet.families import retention
from vangnet.families.models import DestructionOutcome, DestructionScope, Family, FamilyKind


def retention_rule(kind: str) -> retention.RetentionRule:
    conf = settings.FAMILY_RETENTION.get(kind) or settings.FAMILY_RETENTION[FamilyKind.YOUTH_HELP]
    return retention.RetentionRule(
        years=int(conf["years"]), until_age=int(conf.get("until_age") or 0), basis=conf["basis"]
    )


GRANTED_WHOLE_FILE = Q(
    destruction_requests__outcome=DestructionOutcome.GRANTED,
    destruction_requests__scope=DestructionScope.WHOLE_FILE,
)


def retention_of(family_id: int, *, last_change: date) -> retention.Retention:
    """The file's retention as its kind, its children and the granted requests make it,
    counted from last_change (one query)."""
    row = (
        Family.objects.filter(pk=family_id)
        .values("kind")
        .annotate(
            youngest=Max("people__birth_date", filter=Q(people__kind="child")),
            granted=Min("destruction_requests__decided_on", filter=GRANTED_WHOLE_FILE),
        )
        .get()
    )
    return retention.retention(
        retention_rule(row["kind"]),
        last_change=last_change,
        youngest_child_birth=row["youngest"],
        destruction_granted_on=row["granted"],
    )


def explain(family: Family, *, children=None, requests=None) -> retention.Retention:
    """The retention of a file as the family page shows it: counted from its last change,
    from what the page already loaded (children, requests) when given."""
    if children is None:
        children = list(family.people.filter(kind="child"))
    if requests is None:
        requests = list(family.destruction_requests.all())
    births = [c.birth_date for c in children if c.birth_date]
    granted = [
        r.decided_on
        for r in requests
        if r.outcome == DestructionOutcome.GRANTED and r.scope == DestructionScope.WHOLE_FILE
    ]
    return retention.retention(
        retention_rule(family.kind),
        last_change=timezone.localdate(family.updated_at),
        youngest_child_birth=max(births) if births else None,
        destruction_granted_on=min(granted) if granted else None,
    )
