"""Family routes of the JSON API: /api/v1/families and the people, chain partners and
contacts of one family.

Same rules as the HTML pages: reads go through queries (access check + one access-log
entry), writes through the actions (which log their own entry); the access check of a write
uses get_family_for_user(write=True) so nothing is logged twice. Outsiders get 404.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError as RequestValidationError

from vangnet.accounts.models import Team, User
from vangnet.api import schemas as s
from vangnet.audit.context import Actor, Channel
from vangnet.families import actions, queries
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.families.models import ChainPartner, DestructionRequest, Person

router = Router(tags=["families"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}
WRITE_ERRORS = {**READ_ERRORS, 403: s.Error}
PATCH_ERRORS = {**WRITE_ERRORS, 409: s.Conflict}

# Field names of the actions' ValidationErrors that the API calls differently.
_API_FIELD_NAMES = {
    "case_worker": "case_worker_id",
    "close_reason": "reason",
    "team": "team_id",
    "requester": "requester_id",
}


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


def _case_content(request) -> None:
    """Roles without case content (privacy officer, functional admin) find nothing here,
    as on the HTML pages."""
    if not request.user.may_see_case_content:
        raise Http404


def _write_access(request, family_id: int) -> FamilyAccess:
    """Access check for a write; the action logs the entry, so nothing is logged here."""
    return get_family_for_user(request.user, family_id, write=True)


@contextmanager
def _api_field_names():
    """Report action validation errors under the field names the API uses."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {_API_FIELD_NAMES.get(name, name): errors for name, errors in exc.error_dict.items()}
        ) from None


def _reject_unknown_query(request, allowed: type[s.Schema]) -> None:
    """Refuse query parameters we do not know, so no client puts search terms in a URL."""
    unknown = sorted(set(request.GET) - set(allowed.model_fields))
    if unknown:
        raise RequestValidationError(
            [{"type": "extra_forbidden", "loc": ("query", name), "msg": ""} for name in unknown]
        )


def _case_worker(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError(
            {"case_worker_id": _("Choose a case worker who is a member of the team.")}
        )
    return user


def _person(access: FamilyAccess, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, family=access.family).first()
    if person is None:
        raise Http404
    return person


def _partner(access: FamilyAccess, partner_id: int) -> ChainPartner:
    partner = ChainPartner.objects.filter(pk=partner_id, family=access.family).first()
    if partner is None:
        raise Http404
    return partner


class _FamilyFile:
    """The family with the rest of its file attached, for FamilyFileOut."""

    def __init__(self, family, **parts):
        self._family = family
        self.__dict__.update(parts)

    def __getattr__(self, name):
        return getattr(self._family, name)


def _changes(payload: s.PatchSchema) -> dict:
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ValidationError(_("Give at least one field to change."))
    return changes


# Families ---------------------------------------------------------------------------------


@router.get("", response={200: s.FamilyPage, **READ_ERRORS}, summary="List families")
def list_families(request, filters: Query[s.FamilyListParams]):
    """Families you may open. No free-text search here: use POST /families/search."""
    _case_content(request)
    _reject_unknown_query(request, s.FamilyListParams)
    rows, total = queries.family_list(
        _actor(request),
        status=None if filters.status == "all" else filters.status,
        mine=filters.mine,
        team_id=filters.team,
        limit=filters.limit,
        offset=filters.offset,
    )
    return {"count": total, "items": rows}


@router.post("/search", response={200: s.FamilyPage, **READ_ERRORS}, summary="Search families")
def search_families(request, payload: s.FamilySearchIn):
    """Search by name or file number; the search terms travel in the body, never the URL."""
    _case_content(request)
    rows, total = queries.family_list(
        _actor(request),
        status=None if payload.status == "all" else payload.status,
        mine=payload.mine,
        team_id=payload.team,
        query=payload.query,
        limit=payload.limit,
        offset=payload.offset,
    )
    return {"count": total, "items": rows}


@router.post("", response={201: s.FamilyOut, **WRITE_ERRORS}, summary="Open a family file")
def create_family(request, payload: s.FamilyIn):
    _case_content(request)
    team = Team.objects.filter(pk=payload.team_id, is_active=True).first()
    if team is None:
        raise ValidationError({"team_id": _("Choose a team in which you may open files.")})
    case_worker = _case_worker(payload.case_worker_id)
    with _api_field_names():
        family = actions.do_create_family(
            actor=_actor(request),
            name=payload.name,
            team=team,
            case_worker=case_worker,
            opened_on=payload.opened_on,
            address=payload.address,
            notes=payload.notes,
            kind=payload.kind,
        )
    return Status(201, family)


@router.get(
    "/{family_id}", response={200: s.FamilyFileOut, **READ_ERRORS}, summary="The family file"
)
def get_family(request, family_id: s.DbId):
    """The whole file: the family, its people, chain partners, last 50 contacts."""
    access = queries.open_family(_actor(request), family_id, part="dossier")
    data = queries.family_file(access)
    return _FamilyFile(
        data["family"],
        access={
            "basis": access.basis,
            "can_write": access.can_write,
            "emergency": access.emergency,
        },
        people=data["children"] + data["parents"] + data["network"],
        partners=data["partners"],
        contacts=data["contacts"],
        contact_status=data["contact_status"],
        retention_explained=data["retention"],
    )


@router.patch(
    "/{family_id}", response={200: s.FamilyOut, **PATCH_ERRORS}, summary="Change a family"
)
def update_family(request, family_id: s.DbId, payload: s.FamilyPatch):
    access = _write_access(request, family_id)
    changes = _changes(payload)
    if "case_worker_id" in changes:
        changes["case_worker"] = _case_worker(changes.pop("case_worker_id"))
    with _api_field_names():
        return actions.do_update_family(
            actor=_actor(request), access=access, version=payload.version, **changes
        )


@router.post(
    "/{family_id}/close", response={200: s.FamilyOut, **PATCH_ERRORS}, summary="Close a family file"
)
def close_family(request, family_id: s.DbId, payload: s.FamilyCloseIn):
    access = _write_access(request, family_id)
    with _api_field_names():
        return actions.do_close_family(
            actor=_actor(request),
            access=access,
            version=payload.version,
            closed_on=payload.closed_on,
            reason=payload.reason,
        )


@router.post(
    "/{family_id}/reopen",
    response={200: s.FamilyOut, **PATCH_ERRORS},
    summary="Reopen a family file",
)
def reopen_family(request, family_id: s.DbId, payload: s.ReopenIn):
    access = _write_access(request, family_id)
    with _api_field_names():
        return actions.do_reopen_family(
            actor=_actor(request), access=access, version=payload.version
        )


# People -----------------------------------------------------------------------------------


@router.get(
    "/{family_id}/people", response={200: list[s.PersonOut], **READ_ERRORS}, summary="People"
)
def list_people(request, family_id: s.DbId):
    access = queries.open_family(_actor(request), family_id, part="members")
    return list(access.family.people.all())


@router.post(
    "/{family_id}/people", response={201: s.PersonOut, **WRITE_ERRORS}, summary="Add a person"
)
def add_person(request, family_id: s.DbId, payload: s.PersonIn):
    access = _write_access(request, family_id)
    with _api_field_names():
        person = actions.do_add_person(actor=_actor(request), access=access, **payload.model_dump())
    return Status(201, person)


@router.get(
    "/{family_id}/people/{person_id}",
    response={200: s.PersonOut, **READ_ERRORS},
    summary="One person",
)
def get_person(request, family_id: s.DbId, person_id: s.DbId):
    # One transaction: if the person is not in this family, the read entry is not kept.
    with transaction.atomic():
        access = queries.open_family(
            _actor(request),
            family_id,
            part="members",
            object_type="person",
            object_id=person_id,
            person_id=person_id,
        )
        return _person(access, person_id)


@router.patch(
    "/{family_id}/people/{person_id}",
    response={200: s.PersonOut, **PATCH_ERRORS},
    summary="Change a person",
)
def update_person(request, family_id: s.DbId, person_id: s.DbId, payload: s.PersonPatch):
    access = _write_access(request, family_id)
    person = _person(access, person_id)
    changes = _changes(payload)
    with _api_field_names():
        return actions.do_update_person(
            actor=_actor(request), access=access, person=person, version=payload.version, **changes
        )


@router.delete(
    "/{family_id}/people/{person_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a person",
)
def remove_person(request, family_id: s.DbId, person_id: s.DbId):
    access = _write_access(request, family_id)
    person = _person(access, person_id)
    actions.do_remove_person(actor=_actor(request), access=access, person=person)
    return Status(204, None)


# Chain partners -----------------------------------------------------------------------------


@router.get(
    "/{family_id}/partners",
    response={200: list[s.PartnerOut], **READ_ERRORS},
    summary="Chain partners",
)
def list_partners(request, family_id: s.DbId):
    access = queries.open_family(_actor(request), family_id, part="chain_partners")
    return list(access.family.partners.all())


@router.post(
    "/{family_id}/partners",
    response={201: s.PartnerOut, **WRITE_ERRORS},
    summary="Add a chain partner",
)
def add_partner(request, family_id: s.DbId, payload: s.PartnerIn):
    access = _write_access(request, family_id)
    with _api_field_names():
        partner = actions.do_add_partner(
            actor=_actor(request), access=access, **payload.model_dump()
        )
    return Status(201, partner)


@router.get(
    "/{family_id}/partners/{partner_id}",
    response={200: s.PartnerOut, **READ_ERRORS},
    summary="One chain partner",
)
def get_partner(request, family_id: s.DbId, partner_id: s.DbId):
    with transaction.atomic():
        access = queries.open_family(
            _actor(request),
            family_id,
            part="chain_partners",
            object_type="chain_partner",
            object_id=partner_id,
        )
        return _partner(access, partner_id)


@router.patch(
    "/{family_id}/partners/{partner_id}",
    response={200: s.PartnerOut, **PATCH_ERRORS},
    summary="Change a chain partner",
)
def update_partner(request, family_id: s.DbId, partner_id: s.DbId, payload: s.PartnerPatch):
    access = _write_access(request, family_id)
    partner = _partner(access, partner_id)
    changes = _changes(payload)
    with _api_field_names():
        return actions.do_update_partner(
            actor=_actor(request),
            access=access,
            partner=partner,
            version=payload.version,
            **changes,
        )


@router.delete(
    "/{family_id}/partners/{partner_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a chain partner",
)
def remove_partner(request, family_id: s.DbId, partner_id: s.DbId):
    access = _write_access(request, family_id)
    partner = _partner(access, partner_id)
    actions.do_remove_partner(actor=_actor(request), access=access, partner=partner)
    return Status(204, None)


# Contacts -----------------------------------------------------------------------------------


@router.get(
    "/{family_id}/contacts",
    response={200: s.ContactPage, **READ_ERRORS},
    summary="Contact log",
)
def list_contacts(request, family_id: s.DbId, page: Query[s.PageParams]):
    """Contacts with the family, newest first."""
    _reject_unknown_query(request, s.PageParams)
    access = queries.open_family(_actor(request), family_id, part="contacts")
    contacts = access.family.contacts.select_related("recorded_by")
    total = contacts.count()
    return {"count": total, "items": list(contacts[page.offset : page.offset + page.limit])}


@router.post(
    "/{family_id}/contacts",
    response={201: s.ContactOut, **WRITE_ERRORS},
    summary="Record a contact",
)
def add_contact(request, family_id: s.DbId, payload: s.ContactIn):
    access = _write_access(request, family_id)
    with _api_field_names():
        contact = actions.do_record_contact(
            actor=_actor(request), access=access, **payload.model_dump()
        )
    return Status(201, contact)


# Requests for destruction (Jeugdwet art. 7.3.9) -------------------------------------------


def _destruction_requests(family):
    return family.destruction_requests.select_related("requester", "recorded_by", "decided_by")


@router.get(
    "/{family_id}/destruction-requests",
    response={200: list[s.DestructionRequestOut], **READ_ERRORS},
    summary="Requests for destruction",
)
def list_destruction_requests(request, family_id: s.DbId):
    """Requests by parents or the child to destroy the file (or part) early, newest first,
    with their decisions."""
    access = queries.open_family(_actor(request), family_id, part="retention")
    return list(_destruction_requests(access.family))


@router.post(
    "/{family_id}/destruction-requests",
    response={201: s.DestructionRequestOut, **WRITE_ERRORS},
    summary="Record a request for destruction",
)
def add_destruction_request(request, family_id: s.DbId, payload: s.DestructionRequestIn):
    access = _write_access(request, family_id)
    requester = Person.objects.filter(pk=payload.requester_id, family=access.family).first()
    if requester is None:
        raise ValidationError(
            {"requester_id": _("Choose a parent or caregiver, or the child, of this file.")}
        )
    with _api_field_names():
        created = actions.do_record_destruction_request(
            actor=_actor(request),
            access=access,
            requester=requester,
            received_on=payload.received_on,
            scope=payload.scope,
            what=payload.what,
        )
    return Status(201, _destruction_requests(access.family).get(pk=created.pk))


@router.post(
    "/{family_id}/destruction-requests/{request_id}/decision",
    response={200: s.DestructionRequestOut, **PATCH_ERRORS},
    summary="Decide on a request for destruction",
)
def decide_destruction_request(
    request, family_id: s.DbId, request_id: s.DbId, payload: s.DestructionDecisionIn
):
    """Grant or refuse; only a writing member of the file's own team decides. A granted
    request for the whole file makes the decision date the file's retention date."""
    access = _write_access(request, family_id)
    pending = DestructionRequest.objects.filter(pk=request_id, family=access.family).first()
    if pending is None:
        raise Http404
    with _api_field_names():
        actions.do_decide_destruction_request(
            actor=_actor(request),
            access=access,
            request=pending,
            version=payload.version,
            outcome=payload.outcome,
            decided_on=payload.decided_on,
            refusal_ground=payload.refusal_ground,
            reason=payload.reason,
        )
    return _destruction_requests(access.family).get(pk=pending.pk)


from vangnet.api.api import api  # noqa: E402  (api.py imports this module at its end)

api.add_router("/families", router)
