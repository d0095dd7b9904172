"""Four eyes on access rights: who may approve a change that someone else asked for.

A change that gives access to case content, a new login or the power to approve (an
organisation role, a team membership, an explicit access grant by an admin, a reset of
the second factor) is stored as an AccessChangeRequest and carried out only when a second
person approves it (vangnet.accounts.actions.do_decide_access_change). Who that can be is
set by VANGNET_FOUR_EYES_APPROVERS:

- team_lead: a team lead of the team concerned (the membership's team, the file's team;
  for other changes a team the user is already a member of);
- director: a user with the organisation role director (given with four eyes itself;
  the discipline is a job title anyone in user management can edit);
- functional_admin: another functional admin.

Never the person who asked, and never the user the change is for. Approver and user
belong to the same organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from vangnet.accounts.models import (
    AccessChangeRequest,
    ChangeKind,
    ChangeStatus,
    Membership,
    OrganisationRole,
    Role,
    User,
)

TEAM_LEAD = "team_lead"
DIRECTOR = "director"
FUNCTIONAL_ADMIN = "functional_admin"


def _team_ids(change: AccessChangeRequest) -> set[int]:
    """The teams whose leads may approve this change."""
    if change.kind == ChangeKind.MEMBERSHIP and change.team_id:
        return {change.team_id}
    if change.kind == ChangeKind.ACCESS_GRANT:
        from vangnet.families.models import Family

        team = (
            Family.objects.filter(reference=change.family_reference)
            .values_list("team_id", flat=True)
            .first()
        )
        return {team} if team else set()
    return set(Membership.objects.filter(user_id=change.user_id).values_list("team_id", flat=True))


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_decide(user, change: AccessChangeRequest) -> bool:
    """Whether this user may approve or reject this change."""
    if not _active(user) or user.pk in (change.requested_by_id, change.user_id):
        return False
    if user.organisation_id is None or user.organisation_id != change.user.organisation_id:
        return False
    allowed = set(settings.FOUR_EYES_APPROVERS)
    if FUNCTIONAL_ADMIN in allowed and user.is_functional_admin:
        return True
    if DIRECTOR in allowed and user.organisation_role == OrganisationRole.DIRECTOR:
        return True
    if TEAM_LEAD in allowed:
        return Membership.objects.filter(
            user=user, role=Role.TEAM_LEAD, team_id__in=_team_ids(change)
        ).exists()
    return False


def may_approve_anything(user) -> bool:
    """Whether the approvals page is for this user at all (else it answers 404)."""
    if not _active(user) or user.organisation_id is None:
        return False
    allowed = set(settings.FOUR_EYES_APPROVERS)
    return bool(
        (FUNCTIONAL_ADMIN in allowed and user.is_functional_admin)
        or (DIRECTOR in allowed and user.organisation_role == OrganisationRole.DIRECTOR)
        or (
            TEAM_LEAD in allowed
            and Membership.objects.filter(user=user, role=Role.TEAM_LEAD).exists()
        )
    )


def may_request(user) -> bool:
    return _active(user) and (user.is_functional_admin or user.is_superuser)


def visible_changes(user) -> QuerySet[AccessChangeRequest]:
    """The changes on the approvals page: those asked by the user, and the pending ones the
    user may decide (filtered in Python by may_decide: the rules are few and so are the
    pending requests)."""
    if not _active(user) or user.organisation_id is None:
        return AccessChangeRequest.objects.none()
    return AccessChangeRequest.objects.filter(
        Q(requested_by=user) | Q(status=ChangeStatus.PENDING),
        user__organisation_id=user.organisation_id,
    ).select_related("user", "team", "requested_by", "decided_by")


def approvers_for(change: AccessChangeRequest) -> list[User]:
    """Everyone who may decide this change (to tell them by mail)."""
    candidates = User.objects.filter(
        is_active=True, organisation_id=change.user.organisation_id
    ).filter(
        Q(organisation_role=OrganisationRole.FUNCTIONAL_ADMIN)
        | Q(organisation_role=OrganisationRole.DIRECTOR)
        | Q(memberships__role=Role.TEAM_LEAD)
    )
    return [u for u in candidates.distinct() if may_decide(u, change)]
