"""Reads of family data. Each public function logs exactly one access-log entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.families import access_log, policy
from vangnet.families.access import FamilyAccess, get_family_for_user, visible_families
from vangnet.families.models import Family, FamilyStatus


def open_family(
    actor: Actor,
    pk,
    *,
    part: str = "dossier",
    write: bool = False,
    object_type: str = "family",
    object_id=None,
    person_id=None,
    action: str = AccessAction.READ,
) -> FamilyAccess:
    """Check access to one family and log the read of the given part of its file."""
    access = get_family_for_user(actor.user, pk, write=write)
    log = {
        "object_type": object_type,
        "object_id": object_id if object_id is not None else access.family.pk,
        "person_id": person_id,
        "part": part,
    }
    if action == AccessAction.READ:
        # The page's read: a POST that saves logs its action instead.
        access_log.record_read(actor, access, **log)
    elif action is not None:
        access_log.record(actor, access, action, **log)
    return access


def log_read(actor: Actor, access: FamilyAccess, *, part: str, **kwargs) -> None:
    """Log a read with access already checked: a form shown again after a refused POST
    still shows family data, so it is a read like any other (and, like any page read,
    gives way to an action's entry about the family)."""
    access_log.record_read(actor, access, part=part, **kwargs)


def log_shown_again(request, access: FamilyAccess, *, part: str, **kwargs) -> None:
    """A POST that did not save shows its page again, with family data: the read of that
    page, named precisely. Like every page read it gives way to an action's entry, so it
    is safe on any path (vangnet.audit.recorder.record_read).
    """
    if request.method == "POST":
        access_log.record_read(Actor.from_request(request), access, part=part, **kwargs)


def family_list(
    actor: Actor,
    *,
    status: str | None = FamilyStatus.OPEN,
    mine: bool = False,
    team_id: int | None = None,
    query: str = "",
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[Family], int]:
    """Families the user may open, with what a list shows; logs one list/search entry."""
    families = _listable(actor.user, status=status, mine=mine, team_id=team_id, query=query)
    total = families.count()
    rows = list(families[offset : offset + limit])
    recorder.record(
        actor,
        AccessAction.SEARCH if query else AccessAction.READ,
        object_type="family_list",
        part="search" if query else "list",
        # The broadest ground the list rests on; per family it is in that file's overview.
        basis=AccessBasis.ORGANISATION if actor.user.is_safeguarding_lead else AccessBasis.TEAM,
        purpose="zorgverlening",
        details={"families": [f.pk for f in rows], "total": total},
    )
    return rows, total


def _listable(user, *, status, mine, team_id, query) -> QuerySet[Family]:
    families = visible_families(user).select_related("team", "case_worker")
    if status:
        families = families.filter(status=status)
    if mine:
        families = families.filter(case_worker=user)
    if team_id:
        families = families.filter(team_id=team_id)
    query = query.strip()
    if query:
        words = query.split()
        for word in words[:5]:
            families = families.filter(
                Q(name__icontains=word)
                | Q(reference__iexact=word)
                | Q(people__first_name__icontains=word)
                | Q(people__last_name__icontains=word)
            )
        families = families.distinct()
    return families.annotate(
        last_contact_on=Max("contacts__occurred_on", filter=Q(contacts__reached=True))
    ).order_by("name", "id")


@dataclass(frozen=True)
class ContactStatus:
    last_contact_on: date | None
    days_since: int | None
    warning: bool


def contact_status(
    last_contact_on: date | None, today: date | None = None, opened_on: date | None = None
) -> ContactStatus:
    """Contact is at risk after more than CONTACT_WARNING_DAYS without contact. Before the
    first contact the days count from the opening of the file: a file opened three days ago
    is not at risk yet. Without either date it is."""
    today = today or timezone.localdate()
    if last_contact_on is None:
        if opened_on is None:
            return ContactStatus(None, None, True)
        return ContactStatus(None, None, (today - opened_on).days > settings.CONTACT_WARNING_DAYS)
    days = (today - last_contact_on).days
    return ContactStatus(last_contact_on, days, days > settings.CONTACT_WARNING_DAYS)


def family_file(access: FamilyAccess) -> dict:
    """Everything the family page shows, in a fixed number of queries."""
    family = access.family
    people = list(family.people.all())
    partners = list(family.partners.all())
    contacts = list(family.contacts.select_related("recorded_by")[:50])
    last_reached = next((c.occurred_on for c in contacts if c.reached), None)
    if last_reached is None and contacts:
        last_reached = family.contacts.filter(reached=True).aggregate(m=Max("occurred_on"))["m"]
    grants = list(
        family.grants.filter(revoked_at__isnull=True, ends_at__gt=timezone.now()).select_related(
            "user"
        )
    )
    children = [p for p in people if p.kind == "child"]
    requests = list(
        family.destruction_requests.select_related("requester", "recorded_by", "decided_by")
    )
    return {
        "family": family,
        "access": access,
        "children": children,
        "parents": [p for p in people if p.kind in ("parent", "caregiver")],
        "network": [p for p in people if p.kind in ("network", "other")],
        "partners": partners,
        "contacts": contacts,
        "contact_status": contact_status(last_reached, opened_on=family.opened_on),
        "grants": grants,
        "destruction_requests": requests,
        "retention": policy.explain(family, children=children, requests=requests),
    }
