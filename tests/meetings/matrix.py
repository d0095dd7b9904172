"""Authorization-matrix entries of the meetings app (see tests/matrix_common.py).

Meetings belong to team A (the personas' family's team): team members read them, read-only
members and the safeguarding lead read but may not write, team B and the roles without
case content get 404.
"""

from datetime import timedelta

from django.utils import timezone

from tests.matrix_common import LIST, POST_WRITE, READ, WRITE, Check
from vangnet.meetings.models import Meeting, MeetingAction, MeetingSeries

# Team pages: team B's member is an outsider (404), like for the family.
TEAM_READ = dict(READ)
TEAM_WRITE = dict(WRITE)
# The calendar feed answers only to a valid secret: a wrong one is 404 for everyone.
NOBODY = {k: 404 for k in READ}

ROUTES = {
    "overleg/": [Check("get", LIST, family_scoped=False, logs_on_success=False)],
    "overleg/team/<int:team_pk>/instellingen/": [
        Check("get", TEAM_WRITE, family_scoped=False, logs_on_success=False),
        Check("post", TEAM_WRITE, family_scoped=False),
    ],
    "overleg/team/<int:team_pk>/nieuw/": [
        Check("get", TEAM_WRITE, family_scoped=False, logs_on_success=False),
        Check("post", TEAM_WRITE, family_scoped=False),
    ],
    "overleg/team/<int:team_pk>/acties/": [Check("get", TEAM_READ, family_scoped=False)],
    "overleg/<int:meeting_pk>/": [Check("get", READ, family_scoped=False)],
    "overleg/<int:meeting_pk>/agenda/toevoegen/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/agenda/verwijderen/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/agenda/vernieuwen/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/aanwezigen/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/starten/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/afronden/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/addendum/": [Check("post", POST_WRITE)],
    "overleg/<int:meeting_pk>/gezin/<int:pk>/": [Check("get", READ)],
    "overleg/<int:meeting_pk>/notulen/": [Check("get", READ, family_scoped=False)],
    "overleg/<int:meeting_pk>/notulen.pdf": [Check("get", READ, family_scoped=False)],
    "overleg/acties/": [Check("get", LIST, family_scoped=False)],
    "overleg/acties/<int:action_pk>/gedaan/": [Check("post", POST_WRITE)],
    "overleg/gezin/<int:pk>/tijdlijn/": [Check("get", READ)],
    # An empty POST shows the form again with its errors (400); a read of the file: logged.
    "overleg/gezin/<int:pk>/ritme/": [
        Check("get", READ),
        Check("post", dict(WRITE, case_worker=400, team_member=400)),
    ],
    "overleg/agenda/": [Check("get", LIST, family_scoped=False, logs_on_success=False)],
    "overleg/agenda/<str:token>.ics": [Check("get", NOBODY, family_scoped=False)],
}
API_PATHS: set = {
    "/meetings/teams/{team_id}/meetings",
    "/meetings/teams/{team_id}/series",
    "/meetings/{meeting_id}",
    "/meetings/{meeting_id}/agenda",
    "/meetings/{meeting_id}/agenda/remove",
    "/meetings/{meeting_id}/start",
    "/meetings/{meeting_id}/attendees",
    "/meetings/{meeting_id}/finalise",
    "/meetings/{meeting_id}/addenda",
    "/meetings/{meeting_id}/families/{family_id}",
    "/meetings/{meeting_id}/families/{family_id}/inputs",
    "/meetings/{meeting_id}/families/{family_id}/decisions",
    "/meetings/{meeting_id}/families/{family_id}/actions",
    "/meetings/{meeting_id}/families/{family_id}/next-review",
    "/meetings/actions/mine",
    "/meetings/teams/{team_id}/actions",
    "/meetings/actions/{action_id}/done",
    "/meetings/families/{family_id}/timeline",
    "/meetings/families/{family_id}/cadence",
}  # covered by tests/meetings/test_api_meetings.py


def url_values(personas) -> dict:
    """A planned meeting of team A with the personas' family on its agenda, and an action."""
    series, _ = MeetingSeries.objects.get_or_create(team=personas.team_a)
    meeting = Meeting.objects.create(
        series=series,
        team=personas.team_a,
        starts_at=timezone.now() + timedelta(days=1),
        chair=personas.case_worker,
    )
    meeting.items.create(family=personas.family, position=1, source="generated", reasons=[])
    action = MeetingAction.objects.create(
        family=personas.family,
        description="Matrixtest: huisbezoek plannen",
        owner=personas.case_worker,
        due_on=timezone.localdate() + timedelta(days=7),
        created_by=personas.case_worker,
    )
    return {
        "team_pk": personas.team_a.pk,
        "meeting_pk": meeting.pk,
        "action_pk": action.pk,
        "token": "not-a-valid-token",
    }
