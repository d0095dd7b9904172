"""The one place that decides who may see or change a team's safety meetings.

Members of the team see its meetings (read-only members cannot change them); the
safeguarding lead of the organisation reads them; everyone else gets 404. Per-family
access inside a meeting still goes through vangnet.families.access.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vangnet.accounts.models import Membership, Team
from vangnet.audit.models import AccessBasis
from vangnet.meetings.models import Meeting


@dataclass(frozen=True)
class TeamAccess:
    team: Team
    basis: str
    can_write: bool


@dataclass(frozen=True)
class MeetingAccess:
    meeting: Meeting
    team_access: TeamAccess

    @property
    def can_write(self) -> bool:
        return self.team_access.can_write

    @property
    def basis(self) -> str:
        return self.team_access.basis


def _may_see_case_content(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.may_see_case_content)


def _access(user, team: Team) -> TeamAccess | None:
    membership = Membership.objects.filter(user=user, team=team).first()
    if membership is not None:
        return TeamAccess(team, AccessBasis.TEAM, membership.can_write)
    if user.is_safeguarding_lead and user.organisation_id == team.organisation_id:
        return TeamAccess(team, AccessBasis.ORGANISATION, False)
    return None


def get_team_for_user(user, pk, *, write: bool = False) -> TeamAccess:
    if not _may_see_case_content(user):
        raise Http404
    try:
        team = Team.objects.get(pk=int(pk))
    except (Team.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    access = _access(user, team)
    if access is None:
        raise Http404
    if write and not access.can_write:
        raise PermissionDenied
    return access


def get_meeting_for_user(user, pk, *, write: bool = False) -> MeetingAccess:
    if not _may_see_case_content(user):
        raise Http404
    try:
        meeting = Meeting.objects.select_related("team", "series", "chair").get(pk=int(pk))
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    access = _access(user, meeting.team)
    if access is None:
        raise Http404
    if write and not access.can_write:
        raise PermissionDenied
    return MeetingAccess(meeting, access)


def visible_teams(user):
    """Teams whose meetings the user may see."""
    if not _may_see_case_content(user):
        return Team.objects.none()
    teams = Team.objects.filter(memberships__user=user)
    if user.is_safeguarding_lead and user.organisation_id:
        teams = teams | Team.objects.filter(organisation_id=user.organisation_id)
    return teams.distinct().order_by("name")
