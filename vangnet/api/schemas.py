"""Request and response schemas of the JSON API, and the shape of its validation errors.

Input schemas forbid unknown fields, strip whitespace and check lengths and choices
against the models, so bad input is refused with 422 before anything is read or saved.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from vangnet.core.inputs import ANY_DATE, BIRTH_DATE, MEETING_DATE, DateRange, validate_text
from vangnet.core.limits import TEXT_MAX
from vangnet.families.models import (
    ChainPartner,
    Contact,
    ContactKind,
    Custody,
    DestructionOutcome,
    DestructionScope,
    Family,
    FamilyKind,
    PartnerKind,
    Person,
    PersonKind,
    RefusalGround,
)

MAX_ID = 2**63 - 1  # the largest primary key the databases store
MAX_VERSION = 2**31 - 1
MAX_OFFSET = 10**9
MAX_PAGE = 200


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _checked(check):
    """A vangnet.core.inputs check as a pydantic validator (ValueError -> 422)."""

    def run(value):
        try:
            check(value)
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from None
        return value

    return run


_no_control_characters = _checked(validate_text)


def _email_or_empty(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


# No control characters (Unicode Cc) other than tab, line feed and carriage return; a
# required text has something other than white space.
_NO_CONTROL = r"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*"
TEXT_PATTERN = rf"^{_NO_CONTROL}$"
REQUIRED_TEXT_PATTERN = rf"^(?=[\s\S]*\S){_NO_CONTROL}$"


def text(max_length: int | None = None, *, required: bool = False) -> Any:
    """Free text: stripped, of at most max_length characters, without control characters
    other than tab and line breaks (vangnet.core.inputs). Every free-text field of the API
    is of this type."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1 if required else None, max_length=max_length
        ),
        AfterValidator(_no_control_characters),
        # The same rules in the published schema (the validator above gives the message).
        Field(json_schema_extra={"pattern": REQUIRED_TEXT_PATTERN if required else TEXT_PATTERN}),
    ]


def dated(date_range: DateRange, kind: type = date) -> Any:
    """A date (or datetime) within a plausible range (vangnet.core.inputs)."""
    return Annotated[kind, AfterValidator(_checked(date_range))]


Day = dated(ANY_DATE)
BirthDate = dated(BIRTH_DATE)
MeetingStart = dated(MEETING_DATE, datetime)
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[
    int,
    Field(
        ge=1,
        le=MAX_VERSION,
        description="The version you read; a change is refused (409) if the record changed since.",
    ),
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    AfterValidator(_no_control_characters),
    AfterValidator(_email_or_empty),
]
PartnerContactPerson = text(_max_length(ChainPartner, "contact_person"))
PartnerOrganisation = text(_max_length(ChainPartner, "organisation"), required=True)
PartnerPhone = text(_max_length(ChainPartner, "phone"))
PartnerRole = text(_max_length(ChainPartner, "role"))
FamilyAddress = text(_max_length(Family, "address"))
FamilyName = text(_max_length(Family, "name"), required=True)
LongText = text(TEXT_MAX)
RequiredText = text(required=True)
PersonAddress = text(_max_length(Person, "address"))
FirstName = text(_max_length(Person, "first_name"), required=True)
LastName = text(_max_length(Person, "last_name"))
PersonPhone = text(_max_length(Person, "phone"))
Relation = text(_max_length(Person, "relation"))
CalledBy = text(_max_length(Person, "called_by_child"))
SearchQuery = text(100, required=True)
WithWhom = text(_max_length(Contact, "with_whom"))
# A time of day without a UTC offset, as it is stored (a meeting at 13:30 local time). JSON
# Schema's "time" format requires an offset, so the schema says what is really sent.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "Local time of day, HH:MM or HH:MM:SS, without a UTC offset.",
            "examples": ["13:30:00"],
        }
    ),
]
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
StatusFilter = Literal["open", "closed", "all"]


class InputSchema(Schema):
    # No text of any field longer than the bound of free text (vangnet.core.limits).
    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_max_length=TEXT_MAX)

    @field_validator("*", mode="after")
    @classmethod
    def _plausible(cls, value: Any) -> Any:
        """The net under every field: no control characters in any text, no date outside
        ANY_DATE (fields with a narrower range check that first)."""
        if isinstance(value, str):
            return _no_control_characters(value)
        if isinstance(value, date):
            return _checked(ANY_DATE)(value)
        return value


class PatchSchema(InputSchema):
    """A partial update: fields left out stay as they are; `version` is required."""

    NULLABLE: ClassVar[tuple[str, ...]] = ()  # fields that may be set to null

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value: Any, info) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError(_("This field cannot be null."))
        return value


# Output -----------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages per field; '__all__' for the request as a whole."
    )


class Conflict(Schema):
    detail: str
    current_version: int
    changed_fields: list[str]


class TeamOut(Schema):
    id: int
    name: str


class UserOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class ContactStatusOut(Schema):
    last_contact_on: date | None = Field(
        description="Last contact in which the family was reached."
    )
    days_since: int | None
    warning: bool = Field(description="True when contact is overdue or there never was any.")


class AccessOut(Schema):
    basis: str = Field(description="team, grant, emergency or organisation")
    can_write: bool
    emergency: bool


class FamilyListItem(Schema):
    id: int
    reference: str
    name: str
    team: TeamOut
    case_worker: UserOut
    status: str
    opened_on: date
    closed_on: date | None
    contact_status: ContactStatusOut

    @staticmethod
    def resolve_contact_status(obj):
        from vangnet.families.queries import contact_status

        return contact_status(obj.last_contact_on, opened_on=obj.opened_on)


class FamilyPage(Schema):
    count: int
    items: list[FamilyListItem]


class RetentionOut(Schema):
    """Why the file is kept until its date (vangnet.families.retention)."""

    ground: str = Field(description="last_change, child_age or on_request")
    years: int = Field(description="Years the file is kept after its last change.")
    counted_from: date = Field(description="The last change to the file.")
    until_youngest_child_age: int | None = Field(
        description="Kept at least until the youngest child reaches this age (None: no such rule)."
    )
    youngest_child_birth: date | None
    destruction_granted_on: date | None = Field(
        description="A request to destroy the whole file was granted on this day."
    )
    keep_until: date = Field(description="The retention date by the current rules.")
    basis: str = Field(description="The legal basis.")

    @staticmethod
    def resolve_years(obj) -> int:
        return obj.rule.years

    @staticmethod
    def resolve_counted_from(obj) -> date:
        return obj.last_change

    @staticmethod
    def resolve_until_youngest_child_age(obj) -> int | None:
        return obj.rule.until_age or None

    @staticmethod
    def resolve_basis(obj) -> str:
        return "Jeugdwet art. 7.3.9" if obj.ground == "on_request" else obj.rule.basis


class FamilyOut(Schema):
    id: int
    reference: str
    name: str
    team: TeamOut
    case_worker: UserOut
    status: str
    kind: str = Field(description="youth_help, child_protection or veilig_thuis")
    opened_on: date
    closed_on: date | None
    close_reason: str
    address: str
    notes: str
    retention_until: date = Field(description="Kept until this date, destroyed after it.")
    retention: RetentionOut
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_retention(obj):
        from vangnet.families import policy

        return getattr(obj, "retention_explained", None) or policy.explain(obj)


class PersonOut(Schema):
    id: int
    kind: str
    first_name: str
    last_name: str
    birth_date: date | None
    age: int | None
    relation: str
    called_by_child: str = Field(description='How the child calls them ("Oma").')
    called_by_parents: str = Field(description="How the parents call them.")
    custody: str
    guardianship: bool
    lives_in_household: bool
    phone: str
    email: str
    address: str
    notes: str
    version: int

    @staticmethod
    def resolve_age(obj) -> int | None:
        return obj.age_on(timezone.localdate())


class PartnerOut(Schema):
    id: int
    kind: str
    organisation: str
    contact_person: str
    phone: str
    email: str
    role: str
    involved_since: date | None
    involved_until: date | None
    version: int


class ContactOut(Schema):
    id: int
    occurred_on: date
    kind: str
    reached: bool
    with_whom: str
    summary: str
    recorded_by: UserOut
    created_at: datetime


class ContactPage(Schema):
    count: int
    items: list[ContactOut]


class FamilyFileOut(FamilyOut):
    access: AccessOut
    people: list[PersonOut]
    partners: list[PartnerOut]
    contacts: list[ContactOut] = Field(description="The 50 most recent contacts.")
    contact_status: ContactStatusOut


# Input ------------------------------------------------------------------------------------


class FamilyListParams(InputSchema):
    status: StatusFilter = "open"
    mine: bool = Field(False, description="Only families of which you are the case worker.")
    team: DbId | None = None
    limit: Limit = 50
    offset: Offset = 0


class FamilySearchIn(InputSchema):
    query: SearchQuery = Field(
        description="Words to find in the family name, people's names or the file number."
    )
    status: StatusFilter = "all"
    mine: bool = False
    team: DbId | None = None
    limit: Limit = 50
    offset: Offset = 0


class PageParams(InputSchema):
    limit: Limit = 50
    offset: Offset = 0


class FamilyIn(InputSchema):
    name: FamilyName
    team_id: DbId
    case_worker_id: DbId
    kind: FamilyKind = FamilyKind.YOUTH_HELP
    opened_on: date
    address: FamilyAddress = ""
    notes: LongText = ""


class FamilyPatch(PatchSchema):
    version: Version
    name: FamilyName | None = None
    case_worker_id: DbId | None = None
    kind: FamilyKind | None = None
    opened_on: date | None = None
    address: FamilyAddress | None = None
    notes: LongText | None = None


class FamilyCloseIn(InputSchema):
    version: Version
    closed_on: date
    reason: RequiredText


class ReopenIn(InputSchema):
    version: Version


class PersonIn(InputSchema):
    kind: PersonKind
    first_name: FirstName
    last_name: LastName = ""
    birth_date: BirthDate | None = None
    relation: Relation = ""
    called_by_child: CalledBy = Field(
        "", description='How the child calls them, e.g. Oma; "": the first name.'
    )
    called_by_parents: CalledBy = Field(
        "", description='How the parents call them; "": the first name.'
    )
    custody: Custody = Custody.UNKNOWN
    guardianship: bool = False
    lives_in_household: bool = True
    phone: PersonPhone = ""
    email: Email = ""
    address: PersonAddress = ""
    notes: LongText = ""


class PersonPatch(PatchSchema):
    NULLABLE: ClassVar[tuple[str, ...]] = ("birth_date",)

    version: Version
    kind: PersonKind | None = None
    first_name: FirstName | None = None
    last_name: LastName | None = None
    birth_date: BirthDate | None = None
    relation: Relation | None = None
    called_by_child: CalledBy | None = None
    called_by_parents: CalledBy | None = None
    custody: Custody | None = None
    guardianship: bool | None = None
    lives_in_household: bool | None = None
    phone: PersonPhone | None = None
    email: Email | None = None
    address: PersonAddress | None = None
    notes: LongText | None = None


class PartnerIn(InputSchema):
    kind: PartnerKind
    organisation: PartnerOrganisation
    contact_person: PartnerContactPerson = ""
    phone: PartnerPhone = ""
    email: Email = ""
    role: PartnerRole = ""
    involved_since: date | None = None
    involved_until: date | None = None


class PartnerPatch(PatchSchema):
    NULLABLE: ClassVar[tuple[str, ...]] = ("involved_since", "involved_until")

    version: Version
    kind: PartnerKind | None = None
    organisation: PartnerOrganisation | None = None
    contact_person: PartnerContactPerson | None = None
    phone: PartnerPhone | None = None
    email: Email | None = None
    role: PartnerRole | None = None
    involved_since: date | None = None
    involved_until: date | None = None


class ContactIn(InputSchema):
    occurred_on: date
    kind: ContactKind
    reached: bool = Field(True, description="False when the family could not be reached.")
    with_whom: WithWhom = ""
    summary: LongText = ""


class DestructionRequestOut(Schema):
    id: int
    requester_id: int
    requester_name: str
    capacity: str = Field(description="parent or child")
    received_on: date
    scope: str = Field(description="whole_file or part")
    what: str
    decision_due: date = Field(description="Three months after the request (Jeugdwet 7.3.9).")
    recorded_by: UserOut
    outcome: str = Field(description="granted, refused, or empty while undecided")
    decided_on: date | None
    decided_by: UserOut | None
    refusal_ground: str
    decision_reason: str
    version: int

    @staticmethod
    def resolve_requester_name(obj) -> str:
        return obj.requester.full_name


class DestructionRequestIn(InputSchema):
    requester_id: DbId = Field(description="A parent or caregiver, or the child, of this file.")
    received_on: date
    scope: DestructionScope
    what: RequiredText = Field(description="What is to be destroyed, in the requester's words.")


class DestructionDecisionIn(InputSchema):
    version: Version
    outcome: DestructionOutcome
    decided_on: date
    refusal_ground: RefusalGround | Literal[""] = ""
    reason: LongText = ""


# Validation errors --------------------------------------------------------------------------

_DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
_INT_ERRORS = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}
_BOOL_ERRORS = {"bool_type", "bool_parsing"}
_CHOICE_ERRORS = {"enum", "literal_error"}
_OBJECT_ERRORS = {"model_type", "model_attributes_type", "dict_type"}
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("This field is required.")
    if kind == "string_too_long":
        limit = ctx.get("max_length", 0)
        return ngettext(
            "Use at most %(limit)d character.", "Use at most %(limit)d characters.", limit
        ) % {"limit": limit}
    if kind == "string_type":
        return _("Enter text.")
    if kind in _DATE_ERRORS:
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind in _INT_ERRORS:
        return _("Enter a whole number.")
    if kind in _BOOL_ERRORS:
        return _("Enter true or false.")
    if kind in _CHOICE_ERRORS:
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(json.dumps(c) for c in choices)
        }
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind == "extra_forbidden":
        return _("This field is not allowed here.")
    if kind in _OBJECT_ERRORS:
        return _("Send a JSON object.")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error.get("msg", _("Enter a valid value.")))


def _field_name(loc, param_names: set[str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in param_names:  # the view's parameter name, e.g. "payload"
        parts = parts[1:]
    return ".".join(parts) or "__all__"


PARAM_NAMES = {"payload", "filters", "page"}


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    """Pydantic/ninja error list -> {field: [message, ...]}, as the other 422 answers."""
    result: dict[str, list[str]] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()), PARAM_NAMES)
        message = _message(error)
        if message not in result.setdefault(name, []):
            result[name].append(message)
    return result
