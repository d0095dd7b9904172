"""Authorization matrix built from the URL configuration.

Every URL pattern of the project must be listed here: either in MATRIX (it touches family
or access-log data: expected status per persona, and the access-log rule) or in
NOT_FAMILY_DATA (with the reason), or - for the JSON API - in tests/test_api.ENDPOINTS,
which holds the API's own per-route matrix. A new route without an entry fails
test_every_route_has_an_entry.
"""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests import test_api
from tests.families import matrix as families_matrix
from tests.matrix_common import (
    CREATE,
    EMERGENCY,
    LIST,
    POST_WRITE,
    PRIVACY,
    READ,
    WRITE,
    Check,
    refusal_entries,
)
from tests.meetings import matrix as meetings_matrix
from tests.meldcode import matrix as meldcode_matrix
from tests.personas import PERSONA_NAMES
from tests.portal import matrix as portal_matrix
from tests.protection import matrix as protection_matrix
from tests.safety import matrix as safety_matrix
from vangnet.audit.models import AccessEvent
from vangnet.families.models import AccessGrant, GrantKind

BASE_ROUTES = {
    "gezinnen/": [Check("get", LIST, family_scoped=False)],
    "gezinnen/zoeken/": [
        Check("get", LIST, family_scoped=False, logs_on_success=False),
        Check("post", LIST, family_scoped=False),
    ],
    "gezinnen/nieuw/": [Check("get", CREATE, family_scoped=False, logs_on_success=False)],
    "gezinnen/noodtoegang/": [Check("get", EMERGENCY, family_scoped=False, logs_on_success=False)],
    "gezinnen/<int:pk>/": [Check("get", READ)],
    "gezinnen/<int:pk>/bewerken/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/afsluiten/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/heropenen/": [Check("post", POST_WRITE)],
    "gezinnen/<int:pk>/personen/nieuw/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/personen/<int:person_pk>/bewerken/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/personen/<int:person_pk>/verwijderen/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/ketenpartners/nieuw/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/ketenpartners/<int:partner_pk>/bewerken/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/ketenpartners/<int:partner_pk>/verwijderen/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/contacten/": [Check("get", READ)],
    "gezinnen/<int:pk>/contacten/nieuw/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/toegang/nieuw/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/toegang/<int:grant_pk>/intrekken/": [Check("post", POST_WRITE)],
    "privacy/logboek/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/logboek/export.csv": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/gezin/": [Check("get", PRIVACY, family_scoped=False, logs_on_success=False)],
    "privacy/gezin/<str:reference>/": [Check("get", PRIVACY)],
    "privacy/gezin/<str:reference>/export.csv": [Check("get", PRIVACY)],
    "privacy/noodtoegang/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/signalen/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/noodtoegang/<int:pk>/": [Check("get", PRIVACY)],
    "privacy/vier-ogen/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/logcontrole/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/logcontrole/<int:pk>/": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/logcontrole/<int:pk>/rapport.pdf": [Check("get", PRIVACY, family_scoped=False)],
    "privacy/logcontrole/<int:pk>/rapport.csv": [Check("get", PRIVACY, family_scoped=False)],
}

APP_MATRICES = (
    families_matrix,
    meldcode_matrix,
    meetings_matrix,
    safety_matrix,
    portal_matrix,
    protection_matrix,
)
MATRIX = dict(BASE_ROUTES)
for _module in APP_MATRICES:
    MATRIX.update(_module.ROUTES)

NOT_FAMILY_DATA = {
    "": "redirects to the right start page",
    "account/inloggen/": "login",
    "account/inloggen/code/": "second login step",
    "account/inloggen/tweestaps/": "two-factor enrolment",
    "account/uitloggen/": "logout",
    "account/profiel/": "own profile and API tokens (tests/test_auth.py)",
    "account/profiel/tokens/<int:pk>/intrekken/": "revoke own token (tests/test_auth.py)",
    "account/goedkeuringen/": "four-eyes approvals of access rights: no family data, 404 for "
    "who cannot approve or ask (tests/test_four_eyes.py)",
    "account/goedkeuringen/<int:pk>/": "one four-eyes request: 404 unless its requester or an "
    "approver (tests/test_four_eyes.py)",
    "account/instellen/<str:token>/": "one-time setup link for password and second factor "
    "(tests/test_four_eyes.py)",
    "i18n/setlang/": "language switch",
    "api/v1/": "API root",
    "api/v1/openapi.json": "API schema",
}
ADMIN_PREFIX = "beheer/"  # users and teams only: see test_admin_registers_no_case_content


def all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def api_path(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).removeprefix("api/v1")


def test_every_route_has_an_entry():
    api_paths = {e.path for e in test_api.ENDPOINTS}
    for module in APP_MATRICES:
        api_paths |= set(module.API_PATHS)
    missing = []
    for route in set(all_routes()):
        if route.startswith(ADMIN_PREFIX) or route in MATRIX or route in NOT_FAMILY_DATA:
            continue
        if route.startswith("api/v1/") and api_path(route) in api_paths:
            continue
        missing.append(route)
    assert not missing, f"routes without an authorization-matrix entry: {sorted(missing)}"


def test_matrix_has_no_stale_entries():
    routes = set(all_routes())
    assert not (set(MATRIX) | set(NOT_FAMILY_DATA)) - routes


def test_admin_registers_no_case_content():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered.isdisjoint({"families", "audit"})


def _url(route: str, p, grant) -> str:
    # Only the app that owns the route builds its objects: a family-page check does not
    # need a whole safety plan and a meeting (most of the matrix's time went there).
    values = {}
    for module in APP_MATRICES:
        if route in module.ROUTES:
            values.update(module.url_values(p))
    values |= {
        "pk": p.family.pk,
        "person_pk": p.child.pk,
        "partner_pk": p.partner.pk,
        "grant_pk": grant.pk,
        "reference": p.family.reference,
    }
    if route == "privacy/noodtoegang/<int:pk>/":
        values["pk"] = grant.pk
    if route.startswith("privacy/logcontrole/<int:pk>/"):
        values["pk"] = _log_review(p).pk
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + path


def _log_review(p):
    from vangnet.audit.models import LogReview

    # Stored directly (no entry): the request's own entry is the one the matrix counts.
    return LogReview.objects.create(
        month=timezone.localdate().replace(day=1),
        seed="matrix",
        last_entry_id=0,
        created_by=p.privacy,
    )


CASES = [
    (route, check, who)
    for route, checks in MATRIX.items()
    for check in checks
    for who in PERSONA_NAMES
]


@pytest.mark.parametrize(
    ("route", "check", "who"), CASES, ids=[f"{c[1].method} {c[0]} {c[2]}" for c in CASES]
)
def test_authorization_matrix(personas, as_user, route, check, who):
    grant = AccessGrant.objects.create(
        family=personas.family,
        user=personas.other_team,
        kind=GrantKind.EMERGENCY,
        reason="Matrix test: noodsituatie",
        granted_by=personas.other_team,
        ends_at=timezone.now() - timedelta(hours=1),  # expired: gives other_team no access
    )
    client = as_user(personas.user(who))
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = _url(route, personas, grant)

    response = getattr(client, check.method)(
        url, REMOTE_ADDR="192.0.2.5", HTTP_USER_AGENT="MatrixTest/1.0"
    )

    assert response.status_code == check.expect[who], f"{check.method.upper()} {url} as {who}"
    events = list(AccessEvent.objects.filter(id__gt=before))
    if response.status_code in (403, 404) or who == "anonymous":
        family_route = "<int:pk>" in route and not route.startswith(("privacy/", "account/"))
        refusal_entries(
            events,
            personas.user(who),
            family_route=family_route,
            status=response.status_code,
        )
        if events:  # the refusal names who, from where, and the id that was tried
            assert events[0].ip_address == "192.0.2.5"
            assert events[0].object_id == str(personas.family.pk)
        return
    if check.method == "get" and response.status_code == 200 and not check.logs_on_success:
        assert events == [], "a page without family data must not write an entry"
    elif check.method == "get" and response.status_code == 200:
        assert len(events) == 1, f"{url} as {who}: {len(events)} entries"
        event = events[0]
        assert event.user_id == personas.user(who).pk
        assert event.username == personas.user(who).username
        assert event.occurred_at is not None
        assert event.action and event.object_type and event.basis
        assert event.channel == "web"
        assert event.ip_address == "192.0.2.5"
        assert event.user_agent == "MatrixTest/1.0"
        assert event.prev_hash and event.hash
        if check.family_scoped:
            assert event.family_id == personas.family.pk
            assert event.family_ref == personas.family.reference
    else:
        assert len(events) <= 1, "a POST writes at most its action's entry"
