"""The one way to log access to a family file: who, on what basis, why.

Every app's actions and reads call record() with the FamilyAccess they got from
vangnet.families.access, so basis, emergency flag and purpose are always filled the same
way. vangnet.audit.recorder does the writing and chaining.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from vangnet.audit import recorder
from vangnet.audit.models import AccessAction

if TYPE_CHECKING:
    from vangnet.audit.context import Actor
    from vangnet.families.access import FamilyAccess

DEFAULT_PURPOSE = "zorgverlening"


def purpose(access: FamilyAccess, default: str = DEFAULT_PURPOSE) -> str:
    """The reason of an explicit or emergency grant, else the default purpose."""
    return access.grant.reason[:300] if access.grant is not None else default


def _about(access: FamilyAccess, kwargs: dict) -> dict:
    """The fields every entry about access.family carries, filled the same way."""
    return {
        "purpose": purpose(access),
        "object_type": "family",
        "object_id": access.family.pk,
        **kwargs,
        "family": access.family,
        "basis": access.basis,
        "emergency": access.emergency,
    }


# Entries that say the file was changed. Every write action logs one of these through
# record(), so this is the one place where a read-only access object is refused: a caller
# that forgot to ask for write access cannot change the file (the action's transaction,
# and with it the change, is rolled back).
WRITE_ACTIONS = frozenset({AccessAction.CREATE, AccessAction.UPDATE, AccessAction.DELETE})


def record(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    """One access-log entry about access.family; kwargs as vangnet.audit.recorder.record.
    A change (create, update, delete) with read-only access raises PermissionDenied."""
    if action in WRITE_ACTIONS and not access.can_write:
        raise PermissionDenied
    recorder.record(actor, action, **_about(access, kwargs))


def record_read(actor: Actor, access: FamilyAccess, **kwargs) -> None:
    """The read of a page about access.family (see recorder.record_read)."""
    recorder.record_read(actor, **_about(access, kwargs))


def touch(user, access: FamilyAccess) -> None:
    """Access to access.family was checked: a read is logged unless something else is."""
    recorder.touch(user, **_about(access, {}))
