"""The JSON API: access matrix, one access-log entry per request, tokens, CSRF, OpenAPI."""

import json
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.matrix_common import api_family_route, only_refusals, refusal_entries
from tests.personas import PERSONA_NAMES, make_family
from vangnet.accounts.actions import do_create_api_token, do_deactivate_user, do_revoke_api_token
from vangnet.api.api import api as ninja_api
from vangnet.audit.models import AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.families.models import AccessGrant, ChainPartner, Contact, Family, GrantKind, Person

BASE = "/api/v1"
USER_AGENT = "vangnet-tests/1.0"


class ApiClient:
    """A test client that sends a persona's bearer token (or none) and JSON bodies."""

    def __init__(self, client: Client, raw_token: str | None):
        self.client = client
        self.headers = {"HTTP_USER_AGENT": USER_AGENT}
        if raw_token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw_token}"

    def request(self, method: str, path: str, body=None, **extra):
        call = getattr(self.client, method.lower())
        headers = {**self.headers, **extra}
        if body is None and method in ("GET", "DELETE"):
            return call(BASE + path, **headers)
        data = json.dumps(body if body is not None else {})
        return call(BASE + path, data, content_type="application/json", **headers)

    def get(self, path, **extra):
        return self.request("GET", path, **extra)

    def post(self, path, body=None, **extra):
        return self.request("POST", path, body, **extra)

    def patch(self, path, body=None, **extra):
        return self.request("PATCH", path, body, **extra)

    def delete(self, path, **extra):
        return self.request("DELETE", path, **extra)


@pytest.fixture
def api(personas):
    """api(persona) -> ApiClient with a fresh token for that persona ("anonymous": none)."""

    def _api(who):
        user = personas.user(who) if isinstance(who, str) else who
        raw = None
        if user is not None:
            _token, raw = do_create_api_token(user=user, name="tests")
        return ApiClient(Client(), raw)

    return _api


def new_events(before: int):
    """Entries since before, leaving out the token the api fixture just made (logged too)."""
    events = AccessEvent.objects.filter(id__gt=before).exclude(object_type="api_token")
    return list(events.order_by("id"))


def last_event_id() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def today():
    return timezone.localdate()


# The access matrix ------------------------------------------------------------------------

READER = {
    "case_worker": 200,
    "team_member": 200,
    "read_only": 200,
    "safeguarding": 200,
    "other_team": 404,
    "privacy": 404,
    "admin": 404,
    "anonymous": 401,
}


def writer(success: int) -> dict:
    return {
        "case_worker": success,
        "team_member": success,
        "read_only": 403,
        "safeguarding": 403,
        "other_team": 404,
        "privacy": 404,
        "admin": 404,
        "anonymous": 401,
    }


LISTER = {**READER, "other_team": 200}
CREATOR = {**writer(201), "other_team": 403}


def _close_first(p):
    Family.objects.filter(pk=p.family.pk).update(status="closed", closed_on=today(), version=2)


@dataclass
class Endpoint:
    method: str
    path: str  # as in the OpenAPI schema
    expect: dict
    log: tuple  # (action, object_type, part) of the one entry a success writes
    body: object = None  # callable(personas) -> dict
    setup: object = None  # callable(personas)
    family_scoped: bool = True
    extra: dict = field(default_factory=dict)

    def url(self, p) -> str:
        return self.path.format(
            family_id=p.family.pk, person_id=p.parent.pk, partner_id=p.partner.pk
        )

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", "/families", LISTER, ("read", "family_list", "list"), family_scoped=False),
    Endpoint(
        "POST",
        "/families/search",
        LISTER,
        ("search", "family_list", "search"),
        body=lambda p: {"query": "Testkind"},
        family_scoped=False,
    ),
    Endpoint(
        "POST",
        "/families",
        CREATOR,
        ("create", "family", "dossier"),
        family_scoped=False,
        body=lambda p: {
            "name": "Gezin Nieuw",
            "team_id": p.team_a.pk,
            "case_worker_id": p.case_worker.pk,
            "opened_on": today().isoformat(),
        },
    ),
    Endpoint("GET", "/families/{family_id}", READER, ("read", "family", "dossier")),
    Endpoint(
        "PATCH",
        "/families/{family_id}",
        writer(200),
        ("update", "family", "dossier"),
        body=lambda p: {"version": 1, "notes": "Bijgewerkt via de API."},
    ),
    Endpoint(
        "POST",
        "/families/{family_id}/close",
        writer(200),
        ("update", "family", "status"),
        body=lambda p: {"version": 1, "closed_on": today().isoformat(), "reason": "Hulp afgerond."},
    ),
    Endpoint(
        "POST",
        "/families/{family_id}/reopen",
        writer(200),
        ("update", "family", "status"),
        body=lambda p: {"version": 2},
        setup=_close_first,
    ),
    Endpoint("GET", "/families/{family_id}/people", READER, ("read", "family", "members")),
    Endpoint(
        "POST",
        "/families/{family_id}/people",
        writer(201),
        ("create", "person", "members"),
        body=lambda p: {"kind": "network", "first_name": "Testbuur", "relation": "buurvrouw"},
    ),
    Endpoint(
        "GET", "/families/{family_id}/people/{person_id}", READER, ("read", "person", "members")
    ),
    Endpoint(
        "PATCH",
        "/families/{family_id}/people/{person_id}",
        writer(200),
        ("update", "person", "members"),
        body=lambda p: {"version": 1, "relation": "moeder"},
    ),
    Endpoint(
        "DELETE",
        "/families/{family_id}/people/{person_id}",
        writer(204),
        ("delete", "person", "members"),
    ),
    Endpoint("GET", "/families/{family_id}/partners", READER, ("read", "family", "chain_partners")),
    Endpoint(
        "POST",
        "/families/{family_id}/partners",
        writer(201),
        ("create", "chain_partner", "chain_partners"),
        body=lambda p: {"kind": "huisarts", "organisation": "Huisartsenpraktijk Test"},
    ),
    Endpoint(
        "GET",
        "/families/{family_id}/partners/{partner_id}",
        READER,
        ("read", "chain_partner", "chain_partners"),
    ),
    Endpoint(
        "PATCH",
        "/families/{family_id}/partners/{partner_id}",
        writer(200),
        ("update", "chain_partner", "chain_partners"),
        body=lambda p: {"version": 1, "contact_person": "Juf Test"},
    ),
    Endpoint(
        "DELETE",
        "/families/{family_id}/partners/{partner_id}",
        writer(204),
        ("delete", "chain_partner", "chain_partners"),
    ),
    Endpoint("GET", "/families/{family_id}/contacts", READER, ("read", "family", "contacts")),
    Endpoint(
        "POST",
        "/families/{family_id}/contacts",
        writer(201),
        ("create", "contact", "contacts"),
        body=lambda p: {"occurred_on": today().isoformat(), "kind": "phone", "reached": False},
    ),
]


def _app_api_paths() -> set:
    """Paths under /families that an app's own API matrix covers (tests/<app>/matrix.py)."""
    from tests.test_authorization_matrix import APP_MATRICES

    return set().union(*(module.API_PATHS for module in APP_MATRICES))


def test_matrix_covers_every_family_route():
    schema = ninja_api.get_openapi_schema()
    routes = {
        (method.upper(), path.removeprefix(BASE))
        for path, operations in schema["paths"].items()
        if path.startswith(f"{BASE}/families") and path.removeprefix(BASE) not in _app_api_paths()
        for method in operations
    }
    assert routes == {(e.method, e.path) for e in ENDPOINTS}


def test_matrix_covers_every_persona():
    for endpoint in ENDPOINTS:
        assert set(endpoint.expect) == set(PERSONA_NAMES), endpoint.label


@pytest.mark.parametrize("who", PERSONA_NAMES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label)
def test_access_matrix(personas, api, endpoint, who):
    if endpoint.setup:
        endpoint.setup(personas)
    client = api(who)
    body = endpoint.body(personas) if endpoint.body else None
    before = last_event_id()

    response = client.request(endpoint.method, endpoint.url(personas), body)

    expected = endpoint.expect[who]
    assert response.status_code == expected, response.content
    events = new_events(before)
    if expected >= 400:
        refusal_entries(
            events,
            personas.user(who),
            family_route=api_family_route(endpoint.path),
            status=expected,
        )
        assert "detail" in response.json()
        return
    # Exactly one entry, in the API channel, with the source of the request.
    assert len(events) == 1
    event = events[0]
    action, object_type, part = endpoint.log
    assert (event.action, event.object_type, event.part) == (action, object_type, part)
    assert event.channel == "api"
    assert event.user_id == personas.user(who).pk
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == USER_AGENT
    if endpoint.family_scoped:
        assert event.family_id == personas.family.pk
        assert event.family_ref == personas.family.reference
        expected_basis = "organisation" if who == "safeguarding" else "team"
        assert event.basis == expected_basis
    elif endpoint.path == "/families" and endpoint.method == "POST":
        assert event.family_id == response.json()["id"]
    else:
        assert event.family_id is None
    if endpoint.method == "POST" and object_type in ("person", "chain_partner", "contact"):
        assert event.object_id == str(response.json()["id"])
    elif object_type == "person":
        assert event.object_id == str(personas.parent.pk)
    elif object_type == "chain_partner":
        assert event.object_id == str(personas.partner.pk)
    if object_type == "person":
        assert event.person_id == int(event.object_id)
    assert verify_access_log()[1] is None


def test_family_list_hides_families_of_other_teams(personas, api):
    make_family(
        personas.team_b, personas.other_team, name="Gezin Ander Team", reference="VN-TEST02"
    )
    own = api("other_team").get("/families").json()
    assert [f["reference"] for f in own["items"]] == ["VN-TEST02"]
    found = api("other_team").post("/families/search", {"query": "Testfamilie"}).json()
    assert found == {"count": 0, "items": []}
    theirs = api("case_worker").get("/families?status=all").json()
    assert [f["reference"] for f in theirs["items"]] == ["VN-TEST01"]


# Grants: explicit and emergency ----------------------------------------------------------------


def _grant(p, kind, can_write):
    return AccessGrant.objects.create(
        family=p.family,
        user=p.other_team,
        kind=kind,
        reason="Overdracht naar team B",
        can_write=can_write,
        granted_by=p.case_worker,
        ends_at=timezone.now() + timedelta(days=7),
    )


def test_explicit_grant_with_write_opens_the_file(personas, api):
    _grant(personas, GrantKind.EXPLICIT, can_write=True)
    client = api("other_team")
    before = last_event_id()
    assert client.get(f"/families/{personas.family.pk}").json()["access"] == {
        "basis": "grant",
        "can_write": True,
        "emergency": False,
    }
    response = client.post(
        f"/families/{personas.family.pk}/contacts",
        {"occurred_on": today().isoformat(), "kind": "video"},
    )
    assert response.status_code == 201
    events = new_events(before)
    assert [(e.action, e.basis, e.purpose) for e in events] == [
        ("read", "grant", "Overdracht naar team B"),
        ("create", "grant", "Overdracht naar team B"),
    ]


def test_emergency_access_reads_flagged_and_cannot_write(personas, api):
    _grant(personas, GrantKind.EMERGENCY, can_write=False)
    client = api("other_team")
    before = last_event_id()
    response = client.get(f"/families/{personas.family.pk}/people")
    assert response.status_code == 200
    event = new_events(before)[0]
    assert (event.basis, event.emergency, event.channel) == ("emergency", True, "api")
    response = client.post(
        f"/families/{personas.family.pk}/people", {"kind": "other", "first_name": "Testpersoon"}
    )
    assert response.status_code == 403
    assert Person.objects.filter(first_name="Testpersoon").count() == 0
    assert only_refusals(new_events(before)) == ["read", "denied"]


def test_expired_grant_gives_404(personas, api):
    grant = _grant(personas, GrantKind.EXPLICIT, can_write=True)
    AccessGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert api("other_team").get(f"/families/{personas.family.pk}").status_code == 404


# Sub-objects are looked up within the family -----------------------------------------------


@pytest.fixture
def other_family(personas):
    family = make_family(
        personas.team_a, personas.case_worker, name="Gezin Tweede", reference="VN-TEST03"
    )
    person = Person.objects.create(family=family, kind="parent", first_name="Andereouder")
    partner = ChainPartner.objects.create(family=family, kind="police", organisation="Politie Test")
    return family, person, partner


@pytest.mark.parametrize(
    ("method", "kind", "body"),
    [
        ("GET", "people", None),
        ("PATCH", "people", {"version": 1, "first_name": "Gewijzigd"}),
        ("DELETE", "people", None),
        ("GET", "partners", None),
        ("PATCH", "partners", {"version": 1, "organisation": "Gewijzigd"}),
        ("DELETE", "partners", None),
    ],
)
def test_sub_object_of_another_family_is_404(personas, api, other_family, method, kind, body):
    _family, person, partner = other_family
    target = person.pk if kind == "people" else partner.pk
    before = last_event_id()
    response = api("case_worker").request(
        method, f"/families/{personas.family.pk}/{kind}/{target}", body
    )
    assert response.status_code == 404
    assert only_refusals(new_events(before)) == ["denied"]
    assert Person.objects.filter(pk=person.pk, first_name="Andereouder").exists()
    assert ChainPartner.objects.filter(pk=partner.pk, organisation="Politie Test").exists()


@pytest.mark.parametrize("path", ["/families/999999", "/families/999999/people"])
def test_unknown_family_is_404_and_logs_only_its_refusal(personas, api, path):
    before = last_event_id()
    assert api("case_worker").get(path).status_code == 404
    assert only_refusals(new_events(before)) == ["denied"]


def test_path_ids_are_checked(personas, api):
    client = api("case_worker")
    assert client.get("/families/abc").status_code == 422
    assert client.get("/families/0").status_code == 422
    assert client.get(f"/families/{2**70}").status_code == 422


# Authentication ------------------------------------------------------------------------------


def test_no_token_is_401_with_bearer_challenge(personas):
    response = Client().get(f"{BASE}/families/{personas.family.pk}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer vn_doesnotexist", "Token x", "Bearer"]
)
def test_invalid_token_is_401(personas, header):
    response = Client().get(f"{BASE}/families", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_revoked_token_is_401(personas):
    token, raw = do_create_api_token(user=personas.case_worker, name="laptop")
    client = ApiClient(Client(), raw)
    assert client.get("/families").status_code == 200
    assert do_revoke_api_token(user=personas.case_worker, token_id=token.pk)
    before = last_event_id()
    assert client.get("/families").status_code == 401
    assert client.get(f"/families/{personas.family.pk}").status_code == 401
    assert new_events(before) == []


def test_deactivated_users_token_is_401(personas):
    _token, raw = do_create_api_token(user=personas.case_worker, name="laptop")
    client = ApiClient(Client(), raw)
    assert client.get(f"/families/{personas.family.pk}").status_code == 200
    do_deactivate_user(user=personas.case_worker)
    assert client.get(f"/families/{personas.family.pk}").status_code == 401


def test_inactive_user_with_unrevoked_token_is_401(personas):
    _token, raw = do_create_api_token(user=personas.case_worker, name="laptop")
    type(personas.case_worker).objects.filter(pk=personas.case_worker.pk).update(is_active=False)
    assert ApiClient(Client(), raw).get("/families").status_code == 401


def test_session_login_is_not_enough(personas, as_user):
    """The API takes bearer tokens only: a browser session (cookie) does not authenticate."""
    client = as_user(personas.case_worker)
    assert client.session["_auth_user_id"] == str(personas.case_worker.pk)
    assert client.get(f"{BASE}/families/{personas.family.pk}").status_code == 401


def test_bearer_requests_need_no_csrf_token(personas):
    _token, raw = do_create_api_token(user=personas.case_worker, name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/families/{personas.family.pk}/contacts",
        json.dumps({"occurred_on": today().isoformat(), "kind": "phone"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201
    assert Contact.objects.filter(pk=response.json()["id"]).exists()


def test_session_cookie_with_csrf_enforced_still_needs_a_token(personas, as_user):
    client = as_user(personas.case_worker)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        f"{BASE}/families/{personas.family.pk}/contacts",
        json.dumps({"occurred_on": today().isoformat(), "kind": "phone"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert Contact.objects.filter(family=personas.family).count() == 1


# OpenAPI -------------------------------------------------------------------------------------


def test_openapi_schema(personas):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    for path in (
        "/api/v1/families",
        "/api/v1/families/search",
        "/api/v1/families/{family_id}",
        "/api/v1/families/{family_id}/close",
        "/api/v1/families/{family_id}/reopen",
        "/api/v1/families/{family_id}/people",
        "/api/v1/families/{family_id}/people/{person_id}",
        "/api/v1/families/{family_id}/partners",
        "/api/v1/families/{family_id}/partners/{partner_id}",
        "/api/v1/families/{family_id}/contacts",
    ):
        assert path in paths
    assert set(paths["/api/v1/families"]) == {"get", "post"}
    assert set(paths["/api/v1/families/{family_id}/people/{person_id}"]) == {
        "get",
        "patch",
        "delete",
    }
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    scheme_name = next(iter(schemes))
    assert paths["/api/v1/families"]["get"]["security"] == [{scheme_name: []}]
    # No free text in the URL: the list takes only filters, search goes in a POST body.
    query_params = {p["name"] for p in paths["/api/v1/families"]["get"]["parameters"]}
    assert query_params == {"status", "mine", "team", "limit", "offset"}
    # Kinds are documented as the model choices.
    person_kind = json.dumps(schema["components"]["schemas"]["PersonIn"])
    assert "caregiver" in person_kind or "PersonKind" in person_kind
    assert "PersonKind" not in schema["components"]["schemas"] or set(
        schema["components"]["schemas"]["PersonKind"]["enum"]
    ) == {"child", "parent", "caregiver", "network", "other"}
