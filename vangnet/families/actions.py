"""Every write to a family file. Each action runs in one transaction together with its
access-log entry: no entry, no change."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.accounts.models import Role
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.core.concurrency import save_if_unchanged
from vangnet.families import access_log, policy, retention
from vangnet.families.access import FamilyAccess, access_for, writable_teams
from vangnet.families.models import (
    AccessGrant,
    ChainPartner,
    Contact,
    DestructionOutcome,
    DestructionRequest,
    DestructionScope,
    Family,
    FamilyKind,
    FamilyStatus,
    GrantKind,
    Person,
    PersonKind,
    RequesterCapacity,
    ReviewOutcome,
)

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def retention_date(changed: date, kind: str = FamilyKind.YOUTH_HELP) -> date:
    """The retention date of a file of this kind last changed on `changed`, as far as the
    last change decides it (no child's age, no granted request)."""
    return retention.retention(policy.retention_rule(kind), last_change=changed).keep_until


def _new_reference() -> str:
    return "VN-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def touch_family(family_id: int) -> None:
    """A change anywhere in the file: it restarts the file's retention term, which its kind,
    its youngest child and any granted request for destruction decide (policy.retention_of).
    Every action that changes family data calls this, in other apps too."""
    now = timezone.now()
    keep = policy.retention_of(family_id, last_change=timezone.localdate(now)).keep_until
    Family.objects.filter(pk=family_id).update(updated_at=now, retention_until=keep)


def _touch(family: Family) -> None:
    touch_family(family.pk)


def _log(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    access_log.record(actor, access, action, **kwargs)


def _check_dates(opened_on: date | None = None, closed_on: date | None = None) -> None:
    today = timezone.localdate()
    if opened_on and opened_on > today:
        raise ValidationError({"opened_on": _("The opening date cannot be in the future.")})
    if closed_on and closed_on > today:
        raise ValidationError({"closed_on": _("The closing date cannot be in the future.")})
    if opened_on and closed_on and closed_on < opened_on:
        raise ValidationError({"closed_on": _("The file cannot close before it opened.")})


def _check_case_worker(user, team_id: int) -> None:
    """The regiehouder is an active professional who may write in the family's team."""
    may_write = user.memberships.filter(
        team_id=team_id, role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD]
    ).exists()
    if not (user.is_active and user.may_see_case_content and may_write):
        raise ValidationError({"case_worker": _("The case worker must be a member of the team.")})


# Family -------------------------------------------------------------------------------


@transaction.atomic
def do_create_family(
    *,
    actor: Actor,
    name: str,
    team,
    case_worker,
    opened_on: date,
    address: str = "",
    notes: str = "",
    kind: str = FamilyKind.YOUTH_HELP,
) -> Family:
    if not writable_teams(actor.user).filter(pk=team.pk).exists():
        raise PermissionDenied
    _check_case_worker(case_worker, team.pk)
    _check_dates(opened_on=opened_on)
    _check_kind(kind)
    today = timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                family = Family.objects.create(
                    reference=_new_reference(),
                    name=name.strip(),
                    team=team,
                    case_worker=case_worker,
                    opened_on=opened_on,
                    address=address,
                    notes=notes,
                    kind=kind,
                    retention_until=retention_date(today, kind),
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 32^6 references; five collisions in a row do not happen
        raise RuntimeError("could not allocate a file number")
    access = FamilyAccess(family, AccessBasis.TEAM, can_write=True)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="family",
        object_id=family.pk,
        part="dossier",
    )
    return family


FAMILY_EDITABLE = ("name", "case_worker", "opened_on", "address", "notes", "kind")


def _check_kind(kind: str) -> None:
    if kind not in FamilyKind.values:
        raise ValidationError({"kind": _("Choose what kind of file this is.")})


@transaction.atomic
def do_update_family(*, actor: Actor, access: FamilyAccess, version: int, **changes) -> Family:
    family = access.family
    unknown = set(changes) - set(FAMILY_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "case_worker" in changes:
        _check_case_worker(changes["case_worker"], family.team_id)
    if "kind" in changes:
        _check_kind(changes["kind"])
    _check_dates(opened_on=changes.get("opened_on"), closed_on=family.closed_on)
    changed = [k for k, v in changes.items() if getattr(family, k) != v]
    save_if_unchanged(family, version, changes)
    _touch(family)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="family",
        object_id=family.pk,
        part="dossier",
        details={"fields": changed},
    )
    family.refresh_from_db()
    return family


@transaction.atomic
def do_close_family(
    *, actor: Actor, access: FamilyAccess, version: int, closed_on: date, reason: str
) -> Family:
    family = access.family
    if not family.is_open:
        raise ValidationError(_("This file is already closed."))
    if not reason.strip():
        raise ValidationError({"close_reason": _("Say why the file is closed.")})
    _check_dates(opened_on=family.opened_on, closed_on=closed_on)
    save_if_unchanged(
        family,
        version,
        {"status": FamilyStatus.CLOSED, "closed_on": closed_on, "close_reason": reason.strip()},
    )
    _touch(family)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="family",
        object_id=family.pk,
        part="status",
        details={"status": "closed"},
    )
    family.refresh_from_db()
    return family


@transaction.atomic
def do_reopen_family(*, actor: Actor, access: FamilyAccess, version: int) -> Family:
    family = access.family
    if family.is_open:
        raise ValidationError(_("This file is already open."))
    save_if_unchanged(family, version, {"status": FamilyStatus.OPEN, "closed_on": None})
    _touch(family)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="family",
        object_id=family.pk,
        part="status",
        details={"status": "open"},
    )
    family.refresh_from_db()
    return family


# People, chain partners, contacts ----------------------------------------------------------

PERSON_FIELDS = (
    "kind",
    "first_name",
    "last_name",
    "birth_date",
    "relation",
    "called_by_child",
    "called_by_parents",
    "custody",
    "guardianship",
    "lives_in_household",
    "phone",
    "email",
    "address",
    "notes",
)


def _belongs(obj, access: FamilyAccess) -> None:
    """A person, partner or grant is only ever changed through its own family's access."""
    if obj.family_id != access.family.pk:
        raise Http404


def _check_person(values: dict) -> None:
    errors = {}
    birth, kind = values.get("birth_date"), values.get("kind")
    if birth and birth > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    elif kind == PersonKind.CHILD and not birth:
        errors["birth_date"] = _("Give the birth date of a child.")
    if kind and kind not in (PersonKind.PARENT, PersonKind.CAREGIVER):
        if values.get("custody"):
            errors["custody"] = _("Parental authority applies only to parents and caregivers.")
        if values.get("guardianship"):
            errors["guardianship"] = _("Guardianship applies only to parents and caregivers.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_add_person(*, actor: Actor, access: FamilyAccess, **values) -> Person:
    _check_person(values)
    person = Person(family=access.family, **{k: v for k, v in values.items() if k in PERSON_FIELDS})
    person.full_clean(exclude=["family"])
    person.save()
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        part="members",
    )
    return person


@transaction.atomic
def do_update_person(
    *, actor: Actor, access: FamilyAccess, person: Person, version: int, **values
) -> Person:
    _belongs(person, access)
    _check_person({k: values.get(k, getattr(person, k)) for k in PERSON_FIELDS})
    changes = {k: v for k, v in values.items() if k in PERSON_FIELDS}
    changed = [k for k, v in changes.items() if getattr(person, k) != v]
    save_if_unchanged(person, version, changes)
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        part="members",
        details={"fields": changed},
    )
    return person


@transaction.atomic
def do_remove_person(*, actor: Actor, access: FamilyAccess, person: Person) -> None:
    _belongs(person, access)
    person_id = person.pk
    try:
        with transaction.atomic():
            person.delete()
    except (ProtectedError, RestrictedError):
        # Records elsewhere in the file (e.g. meldcode signals about this child) must not
        # disappear with the person.
        raise ValidationError(
            _(
                "This person cannot be removed: other records in the file refer to them "
                "(for example meldcode signals, safety-plan scores or agreements). Change or end "
                "those first, or change the person's details instead."
            )
        ) from None
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.DELETE,
        object_type="person",
        object_id=person_id,
        person_id=person_id,
        part="members",
    )


PARTNER_FIELDS = (
    "kind",
    "organisation",
    "contact_person",
    "phone",
    "email",
    "role",
    "involved_since",
    "involved_until",
)


def _check_partner(values: dict) -> None:
    since, until = values.get("involved_since"), values.get("involved_until")
    if since and until and until < since:
        raise ValidationError(
            {"involved_until": _("The end date cannot be before the start date.")}
        )


@transaction.atomic
def do_add_partner(*, actor: Actor, access: FamilyAccess, **values) -> ChainPartner:
    _check_partner(values)
    partner = ChainPartner(
        family=access.family, **{k: v for k, v in values.items() if k in PARTNER_FIELDS}
    )
    partner.full_clean(exclude=["family"])
    partner.save()
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="chain_partner",
        object_id=partner.pk,
        part="chain_partners",
    )
    return partner


@transaction.atomic
def do_update_partner(
    *, actor: Actor, access: FamilyAccess, partner: ChainPartner, version: int, **values
) -> ChainPartner:
    _belongs(partner, access)
    merged = {k: values.get(k, getattr(partner, k)) for k in ("involved_since", "involved_until")}
    _check_partner(merged)
    changes = {k: v for k, v in values.items() if k in PARTNER_FIELDS}
    save_if_unchanged(partner, version, changes)
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="chain_partner",
        object_id=partner.pk,
        part="chain_partners",
        details={"fields": sorted(changes)},
    )
    return partner


@transaction.atomic
def do_remove_partner(*, actor: Actor, access: FamilyAccess, partner: ChainPartner) -> None:
    _belongs(partner, access)
    partner_id = partner.pk
    partner.delete()
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.DELETE,
        object_type="chain_partner",
        object_id=partner_id,
        part="chain_partners",
    )


CONTACT_FIELDS = ("occurred_on", "kind", "reached", "with_whom", "summary")


@transaction.atomic
def do_record_contact(*, actor: Actor, access: FamilyAccess, **values) -> Contact:
    occurred_on = values.get("occurred_on")
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("A contact cannot be in the future.")})
    contact = Contact(
        family=access.family,
        recorded_by=actor.user,
        **{k: v for k, v in values.items() if k in CONTACT_FIELDS},
    )
    contact.full_clean(exclude=["family", "recorded_by"])
    contact.save()
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="contact",
        object_id=contact.pk,
        part="contacts",
    )
    return contact


# Access grants -------------------------------------------------------------------------------


@transaction.atomic
def do_grant_access(
    *,
    actor: Actor,
    access: FamilyAccess,
    user,
    reason: str,
    ends_at: datetime,
    can_write: bool = False,
) -> AccessGrant:
    if not access.can_write or access.basis != AccessBasis.TEAM:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this access.")})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("The end date must be in the future.")})
    if ends_at > timezone.now() + timedelta(days=366):
        raise ValidationError({"ends_at": _("Access can be granted for at most one year.")})
    if (
        not user.is_active
        or not user.may_see_case_content
        or user.organisation_id != access.family.team.organisation_id
    ):
        raise ValidationError({"user": _("This user cannot be given access to case content.")})
    grant = AccessGrant.objects.create(
        family=access.family,
        user=user,
        kind=GrantKind.EXPLICIT,
        reason=reason.strip(),
        can_write=can_write,
        granted_by=actor.user,
        ends_at=ends_at,
    )
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="access_grant",
        object_id=grant.pk,
        part="access",
        details={"granted_to": user.username, "until": ends_at.isoformat()},
    )
    return grant


@transaction.atomic
def do_revoke_grant(*, actor: Actor, access: FamilyAccess, grant: AccessGrant) -> AccessGrant:
    if (
        not access.can_write
        or access.basis != AccessBasis.TEAM
        or grant.family_id != access.family.pk
    ):
        raise PermissionDenied
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="access_grant",
        object_id=grant.pk,
        part="access",
        details={"revoked_for": grant.user.username},
    )
    return grant


@transaction.atomic
def do_break_the_glass(*, actor: Actor, reference: str, reason: str) -> AccessGrant:
    """Emergency access to a file outside the user's team: time-limited, flagged, reviewed."""
    user = actor.user
    if not user.is_authenticated or not user.may_see_case_content:
        raise PermissionDenied
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Describe the emergency (at least 10 characters).")})
    family = (
        Family.objects.filter(reference=reference.strip().upper()).select_related("team").first()
    )
    if family is None or family.team.organisation_id != user.organisation_id:
        raise ValidationError({"reference": _("No file with this number was found.")})
    existing = access_for(user, family)
    if existing is not None and existing.basis in (AccessBasis.TEAM, AccessBasis.GRANT):
        raise ValidationError({"reference": _("You already have access to this file.")})
    grant = AccessGrant.objects.create(
        family=family,
        user=user,
        kind=GrantKind.EMERGENCY,
        reason=reason.strip(),
        can_write=False,
        granted_by=user,
        ends_at=timezone.now() + timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    recorder.record(
        actor,
        AccessAction.EMERGENCY,
        family=family,
        object_type="family",
        object_id=family.pk,
        part="dossier",
        basis=AccessBasis.EMERGENCY,
        emergency=True,
        purpose=reason.strip()[:300],
        details={"grant": grant.pk, "until": grant.ends_at.isoformat()},
    )
    return grant


@transaction.atomic
def do_review_emergency_access(
    *, actor: Actor, grant: AccessGrant, outcome: str, note: str
) -> AccessGrant:
    if not actor.user.is_privacy_officer:
        raise PermissionDenied
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if outcome == ReviewOutcome.NOT_JUSTIFIED and not note.strip():
        raise ValidationError({"note": _("Say what follows from an unjustified access.")})
    updated = AccessGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(),
        reviewed_by=actor.user,
        review_outcome=outcome,
        review_note=note.strip(),
    )
    if not updated:
        raise ValidationError(_("This emergency access has already been reviewed."))
    recorder.record(
        actor,
        AccessAction.UPDATE,
        object_type="emergency_review",
        object_id=grant.pk,
        family=grant.family,
        basis=AccessBasis.ORGANISATION,
        purpose="toezicht privacy",
        details={"outcome": outcome},
    )
    grant.refresh_from_db()
    return grant


# Retention -------------------------------------------------------------------------------------


@transaction.atomic
def do_destroy_family(*, actor: Actor, family: Family) -> None:
    """Destroy a file past its retention date; the access log keeps that it happened."""
    # Lock the family before the access-log head, in the order every other write takes
    # them (family row, then head), so that two writers can never deadlock.
    family = Family.objects.select_for_update().get(pk=family.pk)
    if family.retention_until >= timezone.localdate():
        raise ValidationError(_("This file has not reached its retention date."))
    details = {"retention_until": family.retention_until.isoformat()}
    purpose = "bewaartermijn verstreken"
    granted = (
        family.destruction_requests.filter(
            outcome=DestructionOutcome.GRANTED, scope=DestructionScope.WHOLE_FILE
        )
        .order_by("decided_on", "pk")
        .first()
    )
    if granted is not None and granted.decided_on == family.retention_until:
        purpose = "vernietiging op verzoek (Jeugdwet art. 7.3.9)"
        details["destruction_request"] = granted.pk
    recorder.record(
        actor,
        AccessAction.DELETE,
        family=family,
        object_type="family",
        object_id=family.pk,
        part="dossier",
        basis=AccessBasis.SYSTEM,
        purpose=purpose,
        details=details,
    )
    family.delete()


# Requests for destruction (Jeugdwet art. 7.3.9) ------------------------------------------------

DESTRUCTION_PART = "retention"


@transaction.atomic
def do_record_destruction_request(
    *,
    actor: Actor,
    access: FamilyAccess,
    requester: Person,
    received_on: date,
    scope: str,
    what: str,
) -> DestructionRequest:
    """Record that a parent or the child asked for the file (or part) to be destroyed."""
    if not access.can_write:
        raise PermissionDenied
    _belongs(requester, access)
    errors = {}
    if retention.requester_problem(requester.kind):
        errors["requester"] = _(
            "Only a parent or caregiver, or the child, can ask for the file to be destroyed."
        )
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date the request was received cannot be in the future.")
    if scope not in DestructionScope.values:
        errors["scope"] = _("Choose whether the whole file or a part is to be destroyed.")
    if not what.strip():
        errors["what"] = _("Say what the requester asks to be destroyed.")
    if errors:
        raise ValidationError(errors)
    request = DestructionRequest(
        family=access.family,
        requester=requester,
        capacity=(
            RequesterCapacity.CHILD
            if requester.kind == PersonKind.CHILD
            else RequesterCapacity.PARENT
        ),
        received_on=received_on,
        scope=scope,
        what=what.strip(),
        recorded_by=actor.user,
    )
    request.full_clean(exclude=["family", "requester", "recorded_by"])
    request.save()
    _touch(access.family)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="destruction_request",
        object_id=request.pk,
        person_id=requester.pk,
        part=DESTRUCTION_PART,
        details={"scope": scope, "received_on": received_on.isoformat()},
    )
    return request


_DECISION_MESSAGES = {
    "outcome": _lazy("Choose whether the request is granted or refused."),
    "under_12": _lazy(
        "A request by a child younger than 12 cannot be granted; a parent with parental "
        "authority or the guardian can ask on the child's behalf."
    ),
    "future": _lazy("The date of the decision cannot be in the future."),
    "before_request": _lazy("The decision cannot be dated before the request was received."),
    "ground_with_grant": _lazy("A ground for refusal belongs only to a refusal."),
    "ground_required": _lazy("Choose the ground on which the request is refused."),
    "not_under_12": _lazy("The person who asked was not a child younger than 12."),
    "not_a_minor_of_12": _lazy("This ground applies only to a child of 12 to 17 who asked."),
    "reason_required": _lazy("Give the reasons for refusing the request."),
}


@transaction.atomic
def do_decide_destruction_request(
    *,
    actor: Actor,
    access: FamilyAccess,
    request: DestructionRequest,
    version: int,
    outcome: str,
    decided_on: date,
    refusal_ground: str = "",
    reason: str = "",
) -> DestructionRequest:
    """Grant or refuse a request for destruction. Only a writing member of the file's own
    team decides. A granted request for the whole file makes the decision date the file's
    retention date: the file is then destroyed with the other expired files."""
    if not access.can_manage_access:
        raise PermissionDenied
    if request.family_id != access.family.pk:
        raise Http404
    if request.is_decided:
        raise ValidationError(_("This request has already been decided."))
    requester = request.requester
    problems = retention.decision_problems(
        outcome=outcome,
        ground=refusal_ground,
        reason=reason,
        requester_kind=requester.kind,
        requester_age=requester.age_on(request.received_on),
        received_on=request.received_on,
        decided_on=decided_on,
        today=timezone.localdate(),
    )
    if problems:
        raise ValidationError({k: str(_DECISION_MESSAGES[v]) for k, v in problems.items()})
    save_if_unchanged(
        request,
        version,
        {
            "outcome": outcome,
            "decided_on": decided_on,
            "decided_by": actor.user,
            "refusal_ground": refusal_ground if outcome == DestructionOutcome.REFUSED else "",
            "decision_reason": reason.strip(),
        },
    )
    _touch(access.family)
    details = {"outcome": outcome, "scope": request.scope}
    if refusal_ground:
        details["refusal_ground"] = refusal_ground
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="destruction_request",
        object_id=request.pk,
        person_id=requester.pk,
        part=DESTRUCTION_PART,
        details=details,
    )
    return request
