"""Shared vocabulary of the authorization matrix (see tests/test_authorization_matrix.py).

An app adds its routes in tests/<app>/matrix.py with:
    ROUTES: dict[route pattern, list[Check]]   - HTML routes, statuses per persona
    API_PATHS: set[str]                       - API paths ("/families/{family_id}/...")
                                                covered by the app's own API matrix test
    def url_values(personas) -> dict          - values for the route's URL parameters
                                                (may create the objects it needs)
"""

from dataclasses import dataclass

# Expected statuses per persona. Outsiders to a file get 404 (no existence leak),
# read-only users 403 on writes, anonymous users are sent to the login page (302).
READ = dict(
    case_worker=200,
    team_member=200,
    read_only=200,
    other_team=404,
    safeguarding=200,
    privacy=404,
    admin=404,
    anonymous=302,
)
WRITE = dict(READ, read_only=403, safeguarding=403)
# Writes that only a member of the family's own team may do (access management).
LIST = dict(READ, other_team=200)
CREATE = dict(WRITE, other_team=200)
EMERGENCY = dict(LIST)
PRIVACY = dict(
    case_worker=404,
    team_member=404,
    read_only=404,
    other_team=404,
    safeguarding=404,
    privacy=200,
    admin=404,
    anonymous=302,
)
# A POST-only action that succeeds redirects back to the file.
POST_WRITE = {k: (302 if v == 200 else v) for k, v in WRITE.items()}


@dataclass(frozen=True)
class Check:
    method: str
    expect: dict
    family_scoped: bool = True  # the entry must name the family
    logs_on_success: bool = True  # a 200 GET writes exactly one entry


def refusal_entries(events, user=None, *, family_route: bool | None = None, status=None):
    """What a refused request leaves in the log: on a route that names a family, exactly one
    DENIED entry by the user (vangnet.audit.denials); elsewhere, and for anonymous users
    or bad input (4xx other than 403/404), nothing. The request's own work is never kept."""
    events = [e for e in events if e.object_type != "api_token"]
    refused = status in (403, 404) if status is not None else True
    if user is None or not refused:
        assert events == [], [(e.action, e.object_type) for e in events]
        return events
    assert len(events) <= 1, [(e.action, e.object_type) for e in events]
    if family_route:
        assert len(events) == 1, "a refused request on a family route writes its refusal"
    if family_route is False:
        assert events == [], "a refused request outside family routes writes nothing"
    for event in events:
        assert event.action == "denied", event.action
        assert event.user_id == user.pk and event.family_ref == "" and event.basis == "none"
    return events


def api_family_route(path: str) -> bool:
    return "{family_id}" in path


def only_refusals(events) -> list[str]:
    """The actions of the entries, leaving out API tokens made by the test: after refused
    requests only their DENIED entries may be there."""
    return [e.action for e in events if e.object_type != "api_token"]
