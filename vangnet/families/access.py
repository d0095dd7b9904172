"""The one place that decides who may see or change a family file.

Outsiders get 404 (the file's existence is not revealed); read-only users get 403 on
writes. Views, the API and commands all go through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vangnet.accounts.models import Membership
from vangnet.audit.models import AccessBasis
from vangnet.families import access_log
from vangnet.families.models import AccessGrant, Family, GrantKind


@dataclass(frozen=True)
class FamilyAccess:
    family: Family
    basis: str
    can_write: bool
    grant: AccessGrant | None = None

    @property
    def emergency(self) -> bool:
        return self.basis == AccessBasis.EMERGENCY

    @property
    def can_manage_access(self) -> bool:
        """Only writing members of the family's own team give or revoke access."""
        return self.can_write and self.basis == AccessBasis.TEAM


def _may_see_case_content(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.may_see_case_content)


def current_grants(user, now=None) -> QuerySet[AccessGrant]:
    now = now or timezone.now()
    return AccessGrant.objects.filter(
        user=user, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    )


def visible_families(user, now=None) -> QuerySet[Family]:
    """Every family the user may open; lists and searches start here."""
    if not _may_see_case_content(user):
        return Family.objects.none()
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT on big lists.
    condition = Q(team_id__in=Membership.objects.filter(user=user).values("team_id")) | Q(
        pk__in=current_grants(user, now).values("family_id")
    )
    if user.is_safeguarding_lead and user.organisation_id:
        condition |= Q(team__organisation_id=user.organisation_id)
    return Family.objects.filter(condition)


def users_who_may_open(family: Family, now=None) -> QuerySet:
    """The colleagues who may open this family file: the one list every "who" in the file
    chooses from (who acts, checked by, who signs, who received, who talked with the child,
    who gave a score), on the pages and in the API alike.

    Active users who may see case content and are a member of the file's team (any role) or
    hold a current explicit access grant to it. Not the rest of the organisation, nor
    someone whose only way in is emergency access or the safeguarding lead's reading access.
    """
    from vangnet.accounts.models import OrganisationRole, User

    now = now or timezone.now()
    granted = AccessGrant.objects.filter(
        family=family,
        kind=GrantKind.EXPLICIT,
        revoked_at__isnull=True,
        starts_at__lte=now,
        ends_at__gt=now,
    )
    return (
        User.objects.filter(is_active=True)
        .exclude(organisation_role__in=OrganisationRole.without_case_content())
        .filter(
            Q(pk__in=Membership.objects.filter(team_id=family.team_id).values("user_id"))
            | Q(pk__in=granted.values("user_id"))
        )
        .order_by("first_name", "last_name", "username")
    )


def get_family_for_user(user, pk, *, write: bool = False) -> FamilyAccess:
    """The family with this pk as this user may use it, or 404 / 403.

    Within a request, the file counts as read from here on: if the request logs nothing
    else about this family, the request pipeline logs a read (vangnet.audit.recorder).
    """
    if not _may_see_case_content(user):
        raise Http404
    try:
        # One query that finds the file only if the user may open it: a file that exists
        # and one that does not are refused with the same work (nothing to time).
        family = visible_families(user).select_related("team", "case_worker").get(pk=int(pk))
    except (Family.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
    access = _access_to(user, family)
    if access is None:  # a grant that ended between the two reads
        raise Http404
    if write and not access.can_write:
        raise PermissionDenied
    access_log.touch(user, access)
    return access


def access_for(user, family: Family) -> FamilyAccess | None:
    """How this user could reach this family, if at all; logs nothing (for rules such as
    "you already have access", never for showing the file)."""
    if not _may_see_case_content(user):
        return None
    return _access_to(user, family)


def _access_to(user, family: Family) -> FamilyAccess | None:
    membership = Membership.objects.filter(user=user, team_id=family.team_id).first()
    if membership is not None:
        return FamilyAccess(family, AccessBasis.TEAM, membership.can_write)
    # An explicit grant wins over an emergency one ("explicit" sorts after "emergency").
    grant = current_grants(user).filter(family=family).order_by("-kind", "-ends_at").first()
    if grant is not None:
        basis = AccessBasis.EMERGENCY if grant.kind == GrantKind.EMERGENCY else AccessBasis.GRANT
        return FamilyAccess(family, basis, grant.can_write, grant)
    if user.is_safeguarding_lead and user.organisation_id == family.team.organisation_id:
        return FamilyAccess(family, AccessBasis.ORGANISATION, can_write=False)
    return None


def writable_teams(user):
    """Teams in which the user may open a new family file."""
    from vangnet.accounts.models import Role, Team

    if not _may_see_case_content(user):
        return Team.objects.none()
    return Team.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD],
    ).distinct()
