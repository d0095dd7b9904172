"""The family routes of the JSON API: CRUD, validation (422, nothing saved, nothing logged),
optimistic locking (409), lists, search and pagination."""

from datetime import date, timedelta

import pytest

from tests.personas import make_family
from tests.test_api import api, last_event_id, new_events, today
from vangnet.audit.models import AccessEvent
from vangnet.families.models import ChainPartner, Contact, Family, Person

__all__ = ["api"]


@pytest.fixture
def coach(api):
    return api("case_worker")


def fid(p) -> int:
    return p.family.pk


# Families ------------------------------------------------------------------------------------


def test_create_family(personas, coach):
    before = last_event_id()
    response = coach.post(
        "/families",
        {
            "name": "  Gezin Nieuwkomer ",
            "team_id": personas.team_a.pk,
            "case_worker_id": personas.team_member.pk,
            "opened_on": "2026-02-01",
            "address": "Teststraat 1, Fictiefstad",
            "notes": "Aangemeld door de school.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    family = Family.objects.get(pk=body["id"])
    assert family.name == "Gezin Nieuwkomer"
    assert family.case_worker == personas.team_member
    assert family.opened_on == date(2026, 2, 1)
    assert body["reference"] == family.reference and family.reference.startswith("VN-")
    assert body["team"] == {"id": personas.team_a.pk, "name": "Team A"}
    assert body["case_worker"]["id"] == personas.team_member.pk
    assert body["status"] == "open"
    assert body["version"] == 1
    [event] = new_events(before)
    assert (event.action, event.family_id, event.channel) == ("create", family.pk, "api")


def test_get_family_file(personas, coach):
    Contact.objects.create(
        family=personas.family,
        occurred_on=today() - timedelta(days=2),
        kind="phone",
        reached=False,
        recorded_by=personas.case_worker,
    )
    response = coach.get(f"/families/{fid(personas)}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Gezin Testfamilie"
    assert body["reference"] == "VN-TEST01"
    assert body["version"] == 1
    assert body["access"] == {"basis": "team", "can_write": True, "emergency": False}
    people = {p["first_name"]: p for p in body["people"]}
    assert set(people) == {"Testkind", "Testouder"}
    assert people["Testkind"]["kind"] == "child"
    assert people["Testkind"]["birth_date"] == "2016-03-01"
    assert people["Testouder"]["custody"] == "yes"
    assert [p["organisation"] for p in body["partners"]] == ["Basisschool De Test"]
    # Newest first; the unreached call does not count as contact.
    assert [c["kind"] for c in body["contacts"]] == ["phone", "home_visit"]
    assert body["contacts"][1]["recorded_by"]["id"] == personas.case_worker.pk
    status = body["contact_status"]
    assert status["last_contact_on"] == "2026-01-10"
    assert status["days_since"] == (today() - date(2026, 1, 10)).days
    assert status["warning"] is (status["days_since"] > 21)


def test_get_family_file_shows_at_most_50_contacts(personas, coach):
    Contact.objects.bulk_create(
        Contact(
            family=personas.family,
            occurred_on=today() - timedelta(days=i),
            kind="phone",
            recorded_by=personas.case_worker,
        )
        for i in range(60)
    )
    body = coach.get(f"/families/{fid(personas)}").json()
    assert len(body["contacts"]) == 50
    assert body["contacts"][0]["occurred_on"] == today().isoformat()
    assert body["contact_status"] == {
        "last_contact_on": today().isoformat(),
        "days_since": 0,
        "warning": False,
    }


def test_update_family_partially(personas, coach):
    before = last_event_id()
    response = coach.patch(
        f"/families/{fid(personas)}",
        {
            "version": 1,
            "name": "Gezin Testfamilie-Nieuw",
            "case_worker_id": personas.team_member.pk,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["name"] == "Gezin Testfamilie-Nieuw"
    assert body["case_worker"]["id"] == personas.team_member.pk
    family = Family.objects.get(pk=fid(personas))
    assert (family.name, family.case_worker_id, family.version) == (
        "Gezin Testfamilie-Nieuw",
        personas.team_member.pk,
        2,
    )
    assert family.opened_on == date(2026, 1, 5)  # untouched
    [event] = new_events(before)
    assert event.action == "update"
    assert sorted(event.details["fields"]) == ["case_worker", "name"]


def test_close_and_reopen(personas, coach):
    response = coach.post(
        f"/families/{fid(personas)}/close",
        {
            "version": 1,
            "closed_on": today().isoformat(),
            "reason": "Doelen bereikt.",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    family = Family.objects.get(pk=fid(personas))
    assert (family.status, family.closed_on, family.close_reason) == (
        "closed",
        today(),
        "Doelen bereikt.",
    )
    # Closed files drop out of the default list but remain in "closed" and "all".
    assert coach.get("/families").json()["count"] == 0
    assert coach.get("/families?status=closed").json()["count"] == 1
    response = coach.post(f"/families/{fid(personas)}/reopen", {"version": 2})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open"
    assert response.json()["closed_on"] is None
    assert Family.objects.get(pk=fid(personas)).version == 3


def test_close_twice_is_422(personas, coach):
    coach.post(
        f"/families/{fid(personas)}/close",
        {"version": 1, "closed_on": today().isoformat(), "reason": "Klaar."},
    )
    before = last_event_id()
    response = coach.post(
        f"/families/{fid(personas)}/close",
        {"version": 2, "closed_on": today().isoformat(), "reason": "Klaar."},
    )
    assert response.status_code == 422
    assert "__all__" in response.json()["errors"]
    assert new_events(before) == []


# People ----------------------------------------------------------------------------------------


def test_people_crud(personas, coach):
    base = f"/families/{fid(personas)}/people"
    response = coach.post(
        base,
        {
            "kind": "caregiver",
            "first_name": "Testoma",
            "last_name": "Fictief",
            "birth_date": "1960-05-05",
            "relation": "grootmoeder",
            "custody": "no",
            "guardianship": True,
            "lives_in_household": False,
            "email": "oma@example.org",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    person = Person.objects.get(pk=created["id"], family=personas.family)
    assert (person.kind, person.relation, person.guardianship, person.email) == (
        "caregiver",
        "grootmoeder",
        True,
        "oma@example.org",
    )
    assert created["version"] == 1

    listing = coach.get(base).json()
    assert {p["first_name"] for p in listing} == {"Testkind", "Testouder", "Testoma"}

    one = coach.get(f"{base}/{person.pk}").json()
    assert one["first_name"] == "Testoma" and one["custody"] == "no"

    response = coach.patch(
        f"{base}/{person.pk}", {"version": 1, "lives_in_household": True, "birth_date": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    person.refresh_from_db()
    assert person.lives_in_household is True and person.birth_date is None
    assert person.first_name == "Testoma"

    before = last_event_id()
    assert coach.delete(f"{base}/{person.pk}").status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()
    [event] = new_events(before)
    assert (event.action, event.person_id) == ("delete", person.pk)
    assert coach.get(f"{base}/{person.pk}").status_code == 404


# Chain partners -------------------------------------------------------------------------------


def test_partners_crud(personas, coach):
    base = f"/families/{fid(personas)}/partners"
    response = coach.post(
        base,
        {
            "kind": "veilig_thuis",
            "organisation": "Veilig Thuis Testregio",
            "contact_person": "Medewerker Test",
            "involved_since": "2026-01-10",
        },
    )
    assert response.status_code == 201, response.content
    partner = ChainPartner.objects.get(pk=response.json()["id"], family=personas.family)
    assert partner.kind == "veilig_thuis"
    assert {p["kind"] for p in coach.get(base).json()} == {"school", "veilig_thuis"}
    assert coach.get(f"{base}/{partner.pk}").json()["contact_person"] == "Medewerker Test"

    response = coach.patch(f"{base}/{partner.pk}", {"version": 1, "involved_until": "2026-02-01"})
    assert response.status_code == 200, response.content
    partner.refresh_from_db()
    assert partner.involved_until == date(2026, 2, 1)
    assert partner.version == 2

    assert coach.delete(f"{base}/{partner.pk}").status_code == 204
    assert not ChainPartner.objects.filter(pk=partner.pk).exists()


# Contacts ---------------------------------------------------------------------------------------


def test_contacts_record_and_page(personas, coach):
    base = f"/families/{fid(personas)}/contacts"
    for days in range(1, 4):
        response = coach.post(
            base,
            {
                "occurred_on": (today() - timedelta(days=days)).isoformat(),
                "kind": "home_visit",
                "with_whom": "moeder",
                "summary": "Gesprek over de afspraken.",
            },
        )
        assert response.status_code == 201, response.content
    created = Contact.objects.get(pk=response.json()["id"])
    assert created.recorded_by == personas.case_worker
    assert created.reached is True

    page = coach.get(f"{base}?limit=2").json()
    assert page["count"] == 4
    assert [c["occurred_on"] for c in page["items"]] == [
        (today() - timedelta(days=1)).isoformat(),
        (today() - timedelta(days=2)).isoformat(),
    ]
    page = coach.get(f"{base}?limit=2&offset=2").json()
    assert [c["occurred_on"] for c in page["items"]] == [
        (today() - timedelta(days=3)).isoformat(),
        "2026-01-10",
    ]


# Lists and search -------------------------------------------------------------------------------


@pytest.fixture
def more_families(personas):
    mine = make_family(
        personas.team_a, personas.case_worker, name="Gezin Aapje", reference="VN-TEST04"
    )
    theirs = make_family(
        personas.team_a, personas.team_member, name="Gezin Beertje", reference="VN-TEST05"
    )
    closed = make_family(
        personas.team_a,
        personas.case_worker,
        name="Gezin Closed",
        reference="VN-TEST06",
        status="closed",
        closed_on=date(2026, 2, 1),
    )
    Person.objects.create(
        family=theirs, kind="child", first_name="Zoekbaar", birth_date=date(2019, 1, 1)
    )
    return mine, theirs, closed


def refs(response):
    return [f["reference"] for f in response.json()["items"]]


def test_list_filters_and_pages(personas, coach, more_families):
    assert refs(coach.get("/families")) == ["VN-TEST04", "VN-TEST05", "VN-TEST01"]
    assert refs(coach.get("/families?status=all")) == [
        "VN-TEST04",
        "VN-TEST05",
        "VN-TEST06",
        "VN-TEST01",
    ]
    assert refs(coach.get("/families?mine=true")) == ["VN-TEST04", "VN-TEST01"]
    assert refs(coach.get(f"/families?team={personas.team_b.pk}")) == []
    page = coach.get("/families?limit=1&offset=1").json()
    assert page["count"] == 3
    assert [f["reference"] for f in page["items"]] == ["VN-TEST05"]
    item = page["items"][0]
    assert item["case_worker"]["id"] == personas.team_member.pk
    assert item["contact_status"] == {"last_contact_on": None, "days_since": None, "warning": True}


def test_list_logs_one_read_entry(personas, coach, more_families):
    before = last_event_id()
    coach.get("/families")
    [event] = new_events(before)
    assert (event.action, event.object_type, event.part, event.channel) == (
        "read",
        "family_list",
        "list",
        "api",
    )
    mine, theirs, _closed = more_families
    assert sorted(event.details["families"]) == sorted([mine.pk, theirs.pk, personas.family.pk])
    assert event.details["total"] == 3


def test_search_in_the_body(personas, coach, more_families):
    before = last_event_id()
    response = coach.post("/families/search", {"query": "zoekbaar"})
    assert response.status_code == 200
    assert refs(response) == ["VN-TEST05"]
    [event] = new_events(before)
    assert (event.action, event.part) == ("search", "search")
    assert "zoekbaar" not in str(event.details)  # the search term is not in the log either
    assert refs(coach.post("/families/search", {"query": "VN-TEST06"})) == ["VN-TEST06"]
    assert refs(coach.post("/families/search", {"query": "VN-TEST06", "status": "open"})) == []


@pytest.mark.parametrize("query", ["q=Jansen", "query=Jansen", "search=Jansen", "name=Jansen"])
def test_no_search_terms_in_the_url(personas, coach, query):
    before = last_event_id()
    response = coach.get(f"/families?{query}")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [query.split("=")[0]]
    assert "Jansen" not in response.content.decode()
    assert new_events(before) == []


def test_empty_search_is_422(personas, coach):
    before = last_event_id()
    response = coach.post("/families/search", {"query": "   "})
    assert response.status_code == 422
    assert "query" in response.json()["errors"]
    assert new_events(before) == []


# 422: bad input, nothing saved, nothing logged --------------------------------------------------


def counts():
    return (
        Family.objects.count(),
        Person.objects.count(),
        ChainPartner.objects.count(),
        Contact.objects.count(),
        AccessEvent.objects.count(),
    )


def snapshot(p):
    family = Family.objects.get(pk=p.family.pk)
    people = list(Person.objects.order_by("pk").values())
    partners = list(ChainPartner.objects.order_by("pk").values())
    return (
        family.name,
        family.status,
        family.opened_on,
        family.closed_on,
        family.version,
        family.updated_at,
        people,
        partners,
        counts(),
    )


def future():
    return (today() + timedelta(days=1)).isoformat()


BAD_INPUT = [
    # (method, path, body, field with the error)
    (
        "POST",
        "/families",
        {"name": "", "team_id": "{team}", "case_worker_id": "{cw}", "opened_on": "2026-01-01"},
        "name",
    ),
    (
        "POST",
        "/families",
        {"name": "Gezin X", "team_id": "{team}", "case_worker_id": "{cw}", "opened_on": "FUTURE"},
        "opened_on",
    ),
    (
        "POST",
        "/families",
        {
            "name": "Gezin X",
            "team_id": "{team}",
            "case_worker_id": "{cw}",
            "opened_on": "2026-13-01",
        },
        "opened_on",
    ),
    (
        "POST",
        "/families",
        {
            "name": "Gezin X",
            "team_id": "{team}",
            "case_worker_id": "{other}",
            "opened_on": "2026-01-01",
        },
        "case_worker_id",
    ),
    (
        "POST",
        "/families",
        {"name": "Gezin X", "team_id": 999999, "case_worker_id": "{cw}", "opened_on": "2026-01-01"},
        "team_id",
    ),
    (
        "POST",
        "/families",
        {
            "name": "X" * 201,
            "team_id": "{team}",
            "case_worker_id": "{cw}",
            "opened_on": "2026-01-01",
        },
        "name",
    ),
    (
        "POST",
        "/families",
        {
            "name": "Gezin X",
            "team_id": "{team}",
            "case_worker_id": "{cw}",
            "opened_on": "2026-01-01",
            "status": "closed",
        },
        "status",
    ),
    ("PATCH", "/families/{family}", {"name": "Zonder versie"}, "version"),
    ("PATCH", "/families/{family}", {"version": 1}, "__all__"),
    ("PATCH", "/families/{family}", {"version": 1, "name": None}, "name"),
    ("PATCH", "/families/{family}", {"version": 1, "opened_on": "FUTURE"}, "opened_on"),
    ("PATCH", "/families/{family}", {"version": 1, "case_worker_id": "{other}"}, "case_worker_id"),
    ("PATCH", "/families/{family}", {"version": 1, "team_id": "{team}"}, "team_id"),
    ("PATCH", "/families/{family}", {"version": "een", "name": "X"}, "version"),
    (
        "POST",
        "/families/{family}/close",
        {"version": 1, "closed_on": "2025-12-31", "reason": "Te vroeg."},
        "closed_on",
    ),
    (
        "POST",
        "/families/{family}/close",
        {"version": 1, "closed_on": "FUTURE", "reason": "Later."},
        "closed_on",
    ),
    (
        "POST",
        "/families/{family}/close",
        {"version": 1, "closed_on": "TODAY", "reason": "  "},
        "reason",
    ),
    ("POST", "/families/{family}/reopen", {"version": 1}, "__all__"),
    (
        "POST",
        "/families/{family}/people",
        {"kind": "child", "first_name": "Baby", "birth_date": "FUTURE"},
        "birth_date",
    ),
    ("POST", "/families/{family}/people", {"kind": "child", "first_name": "Kind"}, "birth_date"),
    ("POST", "/families/{family}/people", {"kind": "alien", "first_name": "X"}, "kind"),
    (
        "POST",
        "/families/{family}/people",
        {"kind": "parent", "first_name": "X", "custody": "misschien"},
        "custody",
    ),
    (
        "POST",
        "/families/{family}/people",
        {"kind": "parent", "first_name": "X", "email": "geen-adres"},
        "email",
    ),
    ("POST", "/families/{family}/people", {"kind": "parent", "first_name": ""}, "first_name"),
    (
        "POST",
        "/families/{family}/people",
        {"kind": "parent", "first_name": "Nul\u0000"},
        "first_name",
    ),
    (
        "PATCH",
        "/families/{family}/people/{child}",
        {"version": 1, "birth_date": "FUTURE"},
        "birth_date",
    ),
    (
        "PATCH",
        "/families/{family}/people/{child}",
        {"version": 1, "birth_date": None},
        "birth_date",
    ),
    ("PATCH", "/families/{family}/people/{child}", {"version": 1, "kind": "alien"}, "kind"),
    ("PATCH", "/families/{family}/people/{child}", {"version": 1, "email": "x@"}, "email"),
    ("PATCH", "/families/{family}/people/{child}", {"version": 1, "phone": "1" * 41}, "phone"),
    ("POST", "/families/{family}/partners", {"kind": "buren", "organisation": "X"}, "kind"),
    (
        "POST",
        "/families/{family}/partners",
        {
            "kind": "school",
            "organisation": "School",
            "involved_since": "2026-02-01",
            "involved_until": "2026-01-01",
        },
        "involved_until",
    ),
    (
        "PATCH",
        "/families/{family}/partners/{partner}",
        {"version": 1, "involved_since": "2026-03-01", "involved_until": "2026-02-01"},
        "involved_until",
    ),
    (
        "PATCH",
        "/families/{family}/partners/{partner}",
        {"version": 1, "organisation": None},
        "organisation",
    ),
    (
        "POST",
        "/families/{family}/contacts",
        {"occurred_on": "FUTURE", "kind": "phone"},
        "occurred_on",
    ),
    ("POST", "/families/{family}/contacts", {"occurred_on": "TODAY", "kind": "telepathy"}, "kind"),
    (
        "POST",
        "/families/{family}/contacts",
        {"occurred_on": "TODAY", "kind": "phone", "reached": "misschien"},
        "reached",
    ),
    ("POST", "/families/{family}/contacts", {"kind": "phone"}, "occurred_on"),
]


def _fill(value, p):
    if isinstance(value, dict):
        return {k: _fill(v, p) for k, v in value.items()}
    if isinstance(value, str):
        replacements = {
            "{team}": p.team_a.pk,
            "{cw}": p.case_worker.pk,
            "{other}": p.other_team.pk,
            "FUTURE": future(),
            "TODAY": today().isoformat(),
        }
        if value in replacements:
            return replacements[value]
        return value.format(family=p.family.pk, child=p.child.pk, partner=p.partner.pk)
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    BAD_INPUT,
    ids=[f"{m} {p} {f}" for m, p, _b, f in BAD_INPUT],
)
def test_bad_input_is_422_and_changes_nothing(personas, coach, method, path, body, field):
    state = snapshot(personas)
    response = coach.request(method, _fill(path, personas), _fill(body, personas))
    assert response.status_code == 422, response.content
    payload = response.json()
    assert field in payload["errors"], payload
    assert all(isinstance(m, str) and m for ms in payload["errors"].values() for m in ms)
    assert snapshot(personas) == state  # nothing saved, no access-log entry


def test_validation_messages_are_dutch_by_default(personas, coach):
    response = coach.post(f"/families/{fid(personas)}/people", {"first_name": "X"})
    assert response.json()["errors"]["kind"] == ["Dit veld is verplicht."]
    response = coach.post(
        f"/families/{fid(personas)}/people", {"first_name": "X"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["errors"]["kind"] == ["This field is required."]


def test_malformed_body(personas, coach):
    before = counts()
    response = coach.client.post(
        f"/api/v1/families/{fid(personas)}/contacts",
        "{nope",
        content_type="application/json",
        **coach.headers,
    )
    assert response.status_code in (400, 422)
    response = coach.post(f"/families/{fid(personas)}/contacts", [1, 2])
    assert response.status_code == 422
    assert counts() == before


def test_outsider_gets_404_not_422(personas, api):
    """Even a valid write from an outsider reveals nothing; a read-only member gets 403."""
    body = {"kind": "parent", "first_name": "Testpersoon"}
    assert api("other_team").post(f"/families/{fid(personas)}/people", body).status_code == 404
    assert api("read_only").post(f"/families/{fid(personas)}/people", body).status_code == 403
    assert not Person.objects.filter(first_name="Testpersoon").exists()


# 409: optimistic locking ------------------------------------------------------------------------


def test_stale_family_update_is_409(personas, api):
    first, second = api("case_worker"), api("team_member")
    assert (
        first.patch(
            f"/families/{fid(personas)}", {"version": 1, "name": "Gezin Eerste"}
        ).status_code
        == 200
    )
    before = last_event_id()
    response = second.patch(f"/families/{fid(personas)}", {"version": 1, "name": "Gezin Tweede"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    # The API loads the record at request time, so it cannot name what changed since the
    # client's version; the list is there for the shape.
    assert isinstance(body["changed_fields"], list)
    assert body["detail"]
    family = Family.objects.get(pk=fid(personas))
    assert (family.name, family.version) == ("Gezin Eerste", 2)
    assert new_events(before) == []
    # With the current version the change goes through.
    assert (
        second.patch(
            f"/families/{fid(personas)}", {"version": 2, "name": "Gezin Tweede"}
        ).status_code
        == 200
    )


def test_stale_close_is_409(personas, coach):
    coach.patch(f"/families/{fid(personas)}", {"version": 1, "notes": "Eerst dit."})
    response = coach.post(
        f"/families/{fid(personas)}/close",
        {"version": 1, "closed_on": today().isoformat(), "reason": "Klaar."},
    )
    assert response.status_code == 409
    assert Family.objects.get(pk=fid(personas)).status == "open"


def test_stale_person_update_is_409(personas, coach):
    url = f"/families/{fid(personas)}/people/{personas.child.pk}"
    assert coach.patch(url, {"version": 1, "relation": "zoon"}).status_code == 200
    before = last_event_id()
    response = coach.patch(url, {"version": 1, "relation": "dochter"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Person.objects.get(pk=personas.child.pk).relation == "zoon"
    assert new_events(before) == []


def test_stale_partner_update_is_409(personas, coach):
    url = f"/families/{fid(personas)}/partners/{personas.partner.pk}"
    assert coach.patch(url, {"version": 1, "role": "mentor"}).status_code == 200
    response = coach.patch(url, {"version": 1, "role": "intern begeleider"})
    assert response.status_code == 409
    assert ChainPartner.objects.get(pk=personas.partner.pk).role == "mentor"
