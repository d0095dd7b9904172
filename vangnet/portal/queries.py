"""What a portal visitor sees: only their part of the current distributed plan version.

Everything comes from the version's frozen snapshot (vangnet.safety.snapshot), as the
family's printed documents do: parents and caregivers read the parents' version
(vangnet.safety.outputs.parents_version); a safety person or network member reads their own
role, the agreements they carry, the warning signs they watch for, the phone list and the
next evaluation date. Never the professional file, the meldcode, contact notes or another
family. Reads only: the views log them.
"""

from __future__ import annotations

from django.utils import timezone

from vangnet.portal.models import Invitation
from vangnet.safety import outputs
from vangnet.safety.models import Evaluation, PlanVersion, VersionStatus

SHOWN_STATUSES = (VersionStatus.DISTRIBUTED, VersionStatus.ACTIVE)


def current_version(family) -> PlanVersion | None:
    """The newest version that went out to the family and is not superseded."""
    return (
        PlanVersion.objects.filter(plan__family=family, status__in=SHOWN_STATUSES)
        .order_by("-number")
        .first()
    )


def next_evaluation(family):
    row = (
        Evaluation.objects.filter(
            plan__family=family, held_on__isnull=True, scheduled_on__gte=timezone.localdate()
        )
        .order_by("scheduled_on")
        .first()
    )
    return row.scheduled_on if row else None


def _mine(snapshot: dict, key: str) -> dict:
    """The snapshot cut down to what one safety person carries."""
    sections = snapshot.get("sections", {})
    persons = [p for p in sections.get("safety_persons", []) if p.get("person") == key]
    agreements = [
        a
        for a in sections.get("agreements", [])
        if key in (a.get("who") or []) or key in (a.get("monitor"), a.get("handover"))
    ]
    carried = {a["id"] for a in agreements}
    signs = [
        w
        for w in sections.get("warning_signs", [])
        if key in (w.get("who") or []) or w.get("belongs_to") in carried
    ]
    return {
        **snapshot,
        "sections": {"safety_persons": persons, "agreements": agreements, "warning_signs": signs},
    }


def portal_page(invitation: Invitation) -> dict:
    family = invitation.family
    version = current_version(family)
    context = {
        "invitation": invitation,
        "family_name": family.name,
        "version": version,
        "next_evaluation": next_evaluation(family),
        "parents": invitation.sees_parents_version,
    }
    if version is None:
        return context
    snapshot = version.snapshot or {}
    whole = outputs.parents_version(snapshot)
    context["phones"] = whole["phones"]
    if invitation.sees_parents_version:
        context["parts"] = whole["parts"]
        return context
    key = f"person-{invitation.person_id}"
    mine = outputs.parents_version(_mine(snapshot, key))
    items = [item for _heading, part in mine["parts"] for item in part]
    context["role"] = [i for i in items if i.id.startswith("safety-person-")]
    context["agreements"] = [i for i in items if i.id.startswith("agreement-")]
    context["signs"] = [i for i in items if i.id.startswith("sign-")]
    context["is_safety_person"] = any(
        p.get("person") == key for p in snapshot.get("sections", {}).get("safety_persons", [])
    )
    return context
