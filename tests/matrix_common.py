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
