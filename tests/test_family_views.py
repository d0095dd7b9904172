"""The family-file pages: works / 403 / 404 / logs exactly one access entry / bad input.

Assertions on text use the English msgids (LANGUAGE_CODE is set to "en" here), so they
do not depend on whether the Dutch catalogue has been compiled; test_family_i18n checks
the Dutch.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import make_family
from vangnet.accounts.models import Membership, Role
from vangnet.audit.models import AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.families.models import (
    AccessGrant,
    ChainPartner,
    Contact,
    Family,
    FamilyStatus,
    GrantKind,
    Person,
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def count():
    return AccessEvent.objects.count()


def new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def last_id():
    last = AccessEvent.objects.order_by("-id").first()
    return last.id if last else 0


def snapshot():
    """Everything a failed write must leave alone."""
    return (
        list(Family.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(ChainPartner.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(AccessGrant.objects.order_by("pk").values()),
        # A refused POST shows the form again: a read is logged, never a write. A refused
        # request logs its refusal (counted by denied()).
        AccessEvent.objects.exclude(action__in=["read", "denied"]).count(),
    )


def denied():
    return AccessEvent.objects.filter(action="denied").count()


def one_entry(before, *, action, family, part, emergency=False, user=None):
    events = new_events(before)
    assert len(events) == 1, [(e.action, e.part) for e in events]
    event = events[0]
    assert event.action == action
    assert event.family_id == family.pk
    assert event.family_ref == family.reference
    assert event.part == part
    assert event.emergency is emergency
    assert event.channel == "web"
    if user is not None:
        assert event.user_id == user.pk
    return event


def url(name, *args):
    return reverse(f"families:{name}", args=args)


def text(response):
    return response.content.decode()


# The write pages of one family: (url name, extra args, POST data builder) ------------------


def _person_data(**extra):
    data = {
        "kind": "network",
        "first_name": "Buurvrouw",
        "last_name": "Verzonnen",
        "relation": "buurvrouw",
        "custody": "",
        "lives_in_household": "",
    }
    data.update(extra)
    return data


def _partner_data(**extra):
    data = {"kind": "veilig_thuis", "organisation": "Veilig Thuis Testregio"}
    data.update(extra)
    return data


def _write_pages(p):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    f = p.family.pk
    return [
        (
            "edit",
            (f,),
            {
                "name": "Gezin Nieuw",
                "case_worker": p.case_worker.pk,
                "opened_on": "2026-01-05",
                "version": 1,
            },
        ),
        ("close", (f,), {"closed_on": yesterday, "close_reason": "Veilig genoeg", "version": 1}),
        ("person_add", (f,), _person_data()),
        ("person_edit", (f, p.parent.pk), _person_data(kind="parent", version=1)),
        ("person_remove", (f, p.parent.pk), {}),
        ("partner_add", (f,), _partner_data()),
        ("partner_edit", (f, p.partner.pk), _partner_data(version=1)),
        ("partner_remove", (f, p.partner.pk), {}),
        ("contact_add", (f,), {"occurred_on": yesterday, "kind": "phone", "reached": "on"}),
        (
            "grant_add",
            (f,),
            {
                "user": p.other_team.pk,
                "reason": "Overdracht",
                "ends_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
            },
        ),
    ]


WRITE_PAGE_NAMES = [
    "edit",
    "close",
    "person_add",
    "person_edit",
    "person_remove",
    "partner_add",
    "partner_edit",
    "partner_remove",
    "contact_add",
    "grant_add",
]


@pytest.mark.parametrize("name", WRITE_PAGE_NAMES)
def test_read_only_member_gets_403_on_write_pages(personas, as_user, name):
    page = next(x for x in _write_pages(personas) if x[0] == name)
    client = as_user(personas.read_only)
    before, refusals = snapshot(), denied()
    assert client.get(url(page[0], *page[1])).status_code == 403
    assert client.post(url(page[0], *page[1]), page[2]).status_code == 403
    assert snapshot() == before
    assert denied() == refusals + 2


@pytest.mark.parametrize("persona", ["other_team", "privacy", "admin"])
@pytest.mark.parametrize("name", WRITE_PAGE_NAMES)
def test_outsiders_get_404_on_write_pages(personas, as_user, name, persona):
    page = next(x for x in _write_pages(personas) if x[0] == name)
    client = as_user(personas.user(persona))
    before, refusals = snapshot(), denied()
    assert client.get(url(page[0], *page[1])).status_code == 404
    assert client.post(url(page[0], *page[1]), page[2]).status_code == 404
    assert snapshot() == before
    assert denied() == refusals + 2


@pytest.mark.parametrize("name", WRITE_PAGE_NAMES)
def test_anonymous_is_sent_to_login_on_write_pages(personas, as_user, name):
    page = next(x for x in _write_pages(personas) if x[0] == name)
    client = as_user(None)
    for response in (client.get(url(page[0], *page[1])), client.post(url(page[0], *page[1]))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Family.objects.get().name == personas.family.name


@pytest.mark.parametrize("name", WRITE_PAGE_NAMES)
def test_get_of_a_write_page_logs_one_read(personas, as_user, name):
    page = next(x for x in _write_pages(personas) if x[0] == name)
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.get(url(page[0], *page[1]))
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in text(response)
    event = one_entry(
        before,
        action="read",
        family=personas.family,
        part=_PARTS[name],
        user=personas.case_worker,
    )
    if name.startswith("person_") and name != "person_add":
        assert event.person_id == personas.parent.pk
        assert event.object_type == "person"


_PARTS = {
    "edit": "dossier",
    "close": "status",
    "person_add": "members",
    "person_edit": "members",
    "person_remove": "members",
    "partner_add": "chain_partners",
    "partner_edit": "chain_partners",
    "partner_remove": "chain_partners",
    "contact_add": "contacts",
    "grant_add": "access",
}


@pytest.mark.parametrize("name", WRITE_PAGE_NAMES)
def test_post_of_a_write_page_logs_only_the_actions_entry(personas, as_user, name):
    page = next(x for x in _write_pages(personas) if x[0] == name)
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url(page[0], *page[1]), page[2])
    assert response.status_code == 302, text(response)
    assert response["Location"].startswith(url("detail", personas.family.pk))
    expected = {
        "edit": ("update", "dossier"),
        "close": ("update", "status"),
        "person_add": ("create", "members"),
        "person_edit": ("update", "members"),
        "person_remove": ("delete", "members"),
        "partner_add": ("create", "chain_partners"),
        "partner_edit": ("update", "chain_partners"),
        "partner_remove": ("delete", "chain_partners"),
        "contact_add": ("create", "contacts"),
        "grant_add": ("update", "access"),
    }[name]
    one_entry(before, action=expected[0], family=personas.family, part=expected[1])
    assert verify_access_log()[1] is None


# List -----------------------------------------------------------------------------------------


def test_list_shows_my_teams_families_and_logs_one_entry(personas, as_user):
    other = make_family(
        personas.team_b, personas.other_team, name="Gezin Andersteam", reference="VN-OTHER1"
    )
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.get(url("list"))
    assert response.status_code == 200
    body = text(response)
    assert "Gezin Testfamilie" in body and "VN-TEST01" in body
    assert "Team A" in body and "Coach Test" in body
    assert "Gezin Andersteam" not in body
    events = new_events(before)
    assert len(events) == 1
    assert events[0].action == "read" and events[0].part == "list"
    assert events[0].details["families"] == [personas.family.pk]
    assert other.pk not in events[0].details["families"]
    assert 'href="/gezinnen/nieuw/"' in body


def _row(body, name):
    """The table row that mentions name."""
    return next(r.split("</tr>")[0] for r in body.split("<tr>") if name in r.split("</tr>")[0])


def test_list_contact_at_risk_badge_is_text(personas, as_user):
    fresh = make_family(
        personas.team_a, personas.case_worker, name="Gezin Recentcontact", reference="VN-FRESH1"
    )
    Contact.objects.create(
        family=fresh,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    stale = make_family(
        personas.team_a, personas.case_worker, name="Gezin Langgeleden", reference="VN-STALE1"
    )
    Contact.objects.create(
        family=stale,
        occurred_on=timezone.localdate() - timedelta(days=22),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    unreached = make_family(
        personas.team_a, personas.case_worker, name="Gezin Nietbereikt", reference="VN-UNRE01"
    )
    Contact.objects.create(
        family=unreached,
        occurred_on=timezone.localdate(),
        kind="phone",
        reached=False,
        recorded_by=personas.case_worker,
    )
    make_family(
        personas.team_a, personas.case_worker, name="Gezin Zondercontact", reference="VN-NONE01"
    )
    body = text(as_user(personas.case_worker).get(url("list")))
    assert "Contact at risk" not in _row(body, "Gezin Recentcontact")
    assert "Contact at risk" in _row(body, "Gezin Langgeleden")
    assert "Contact at risk" in _row(body, "Gezin Nietbereikt")  # an attempt is no contact
    assert "Contact at risk" in _row(body, "Gezin Zondercontact")
    assert "No contact recorded" in _row(body, "Gezin Zondercontact")
    assert 'class="badge badge-warn">Contact at risk</span>' in body  # words, not only colour


def test_list_filters(personas, as_user):
    Membership.objects.create(
        user=personas.case_worker, team=personas.team_b, role=Role.PROFESSIONAL
    )
    mine_b = make_family(
        personas.team_b, personas.case_worker, name="Gezin Teambee", reference="VN-TEAMB1"
    )
    theirs = make_family(
        personas.team_a, personas.team_member, name="Gezin Vancollega", reference="VN-COLL01"
    )
    closed = make_family(
        personas.team_a,
        personas.case_worker,
        name="Gezin Gesloten",
        reference="VN-CLOS01",
        status=FamilyStatus.CLOSED,
        closed_on=date(2026, 2, 1),
    )
    client = as_user(personas.case_worker)

    body = text(client.get(url("list")))
    assert all(n in body for n in ("Gezin Teambee", "Gezin Vancollega", "Gezin Testfamilie"))
    assert "Gezin Gesloten" not in body

    body = text(client.get(url("list"), {"mine": "1"}))
    assert "Gezin Vancollega" not in body and "Gezin Teambee" in body
    assert "My families" in body

    body = text(client.get(url("list"), {"team": personas.team_b.pk}))
    assert "Gezin Teambee" in body and "Gezin Testfamilie" not in body

    body = text(client.get(url("list"), {"status": "closed"}))
    assert "Gezin Gesloten" in body and "Gezin Testfamilie" not in body

    body = text(client.get(url("list"), {"status": "all"}))
    assert "Gezin Gesloten" in body and "Gezin Testfamilie" in body
    assert mine_b.pk and theirs.pk and closed.pk


def test_list_team_filter_only_offers_my_teams(personas, as_user):
    client = as_user(personas.other_team)
    response = client.get(url("list"), {"team": personas.team_a.pk})
    assert response.status_code == 200
    body = text(response)
    assert "Gezin Testfamilie" not in body
    assert f'<option value="{personas.team_a.pk}"' not in body
    assert f'<option value="{personas.team_b.pk}"' in body


def test_list_new_family_link_only_with_writable_teams(personas, as_user):
    body = text(as_user(personas.read_only).get(url("list")))
    assert "Gezin Testfamilie" in body
    assert 'href="/gezinnen/nieuw/"' not in body


def test_list_paginates(personas, as_user):
    for i in range(55):
        make_family(
            personas.team_a,
            personas.case_worker,
            name=f"Gezin Nummer {i:02d}",
            reference=f"VN-P{i:05d}",
        )
    client = as_user(personas.case_worker)
    first = text(client.get(url("list")))
    assert "Gezin Nummer 00" in first and "Gezin Testfamilie" not in first
    assert "page=2" in first
    second = text(client.get(url("list"), {"page": 2}))
    assert "Gezin Testfamilie" in second and "Gezin Nummer 00" not in second
    assert client.get(url("list"), {"page": "x"}).status_code == 200


def test_list_query_count_does_not_grow_with_rows(personas, as_user, django_assert_max_num_queries):
    client = as_user(personas.case_worker)
    client.get(url("list"))  # warm up the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("list")).status_code == 200
    assert len(few.captured_queries) <= 20  # session, user, 2FA, savepoints, list, log
    for i in range(30):
        family = make_family(
            personas.team_a,
            personas.team_member,
            name=f"Gezin Rij {i:02d}",
            reference=f"VN-R{i:05d}",
        )
        Contact.objects.create(
            family=family,
            occurred_on=date(2026, 3, 1),
            kind="phone",
            recorded_by=personas.team_member,
        )
        Person.objects.create(
            family=family, kind="child", first_name=f"Kind {i}", birth_date=date(2020, 1, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list"))
    assert text(response).count("Gezin Rij") == 30


@pytest.mark.parametrize("persona", ["privacy", "admin"])
def test_list_not_for_roles_without_case_content(personas, as_user, persona):
    before = count()
    assert as_user(personas.user(persona)).get(url("list")).status_code == 404
    assert count() == before


def test_list_anonymous_redirects(personas, as_user):
    response = as_user(None).get(url("list"))
    assert response.status_code == 302 and "/account/" in response["Location"]


# Search ---------------------------------------------------------------------------------------


def test_search_get_shows_form_without_logging(personas, as_user):
    before = count()
    response = as_user(personas.case_worker).get(url("search"))
    assert response.status_code == 200
    assert 'method="post"' in text(response)
    assert count() == before


def test_search_post_finds_by_member_name_and_logs_one_search(personas, as_user):
    closed = make_family(
        personas.team_a,
        personas.case_worker,
        name="Gezin Gesloten",
        reference="VN-CLOS02",
        status=FamilyStatus.CLOSED,
        closed_on=date(2026, 2, 1),
    )
    Person.objects.create(
        family=closed, kind="child", first_name="Testkind", birth_date=date(2018, 1, 1)
    )
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("search"), {"term": "testkind"})
    assert response.status_code == 200
    body = text(response)
    assert "Gezin Testfamilie" in body and "Gezin Gesloten" in body
    events = new_events(before)
    assert len(events) == 1
    assert events[0].action == "search" and events[0].part == "search"
    assert set(events[0].details["families"]) == {personas.family.pk, closed.pk}
    # the term is never part of a URL
    assert "testkind" not in response.request["PATH_INFO"]
    assert response.request.get("QUERY_STRING", "") == ""


def test_search_by_file_number(personas, as_user):
    body = text(as_user(personas.team_member).post(url("search"), {"term": "vn-test01"}))
    assert "Gezin Testfamilie" in body


def test_search_shows_only_visible_families(personas, as_user):
    before = last_id()
    body = text(as_user(personas.other_team).post(url("search"), {"term": "Testkind"}))
    assert "Gezin Testfamilie" not in body
    assert "No families found." in body
    events = new_events(before)
    assert len(events) == 1 and events[0].details["families"] == []


@pytest.mark.parametrize("term", ["", " ", "a"])
def test_search_bad_term_gives_error_and_no_log(personas, as_user, term):
    before = count()
    response = as_user(personas.case_worker).post(url("search"), {"term": term})
    assert response.status_code == 200
    body = text(response)
    assert 'class="error"' in body
    assert "Gezin Testfamilie" not in body
    assert count() == before


def test_search_not_for_privacy_officer(personas, as_user):
    client = as_user(personas.privacy)
    assert client.get(url("search")).status_code == 404
    assert client.post(url("search"), {"term": "Testkind"}).status_code == 404


# Create ---------------------------------------------------------------------------------------


def _create_data(p, **extra):
    data = {
        "name": "Gezin Nieuwelingen",
        "team": p.team_a.pk,
        "case_worker": p.team_member.pk,
        "opened_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "address": "Verzonnenstraat 1, Fantasiestad",
        "notes": "",
    }
    data.update(extra)
    return data


def test_create_get_shows_form_and_logs_nothing(personas, as_user):
    before = count()
    response = as_user(personas.case_worker).get(url("create"))
    assert response.status_code == 200
    body = text(response)
    assert 'name="name"' in body and 'name="case_worker"' in body
    assert "Team A" in body
    assert "Team B" not in body  # not a team of mine
    assert "Stagiair" not in body  # a read-only member cannot be the case worker
    assert count() == before


def test_create_works_and_logs_create(personas, as_user):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("create"), _create_data(personas))
    family = Family.objects.get(name="Gezin Nieuwelingen")
    assert response.status_code == 302
    assert response["Location"] == url("detail", family.pk)
    assert family.team == personas.team_a and family.case_worker == personas.team_member
    assert family.reference.startswith("VN-")
    one_entry(before, action="create", family=family, part="dossier")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"opened_on": "morgen"}, "opened_on"),
        ({"opened_on": "2999-01-01"}, "opened_on"),
        ({"team": "999999"}, "team"),
        ({"case_worker": "999999"}, "case_worker"),
    ],
)
def test_create_bad_input(personas, as_user, change, field):
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(url("create"), _create_data(personas, **change))
    assert response.status_code == 200
    body = text(response)
    assert f'id="id_{field}_error"' in body
    assert 'aria-invalid="true"' in body
    assert "Verzonnenstraat 1" in body  # the input is kept
    assert snapshot() == before


def test_create_case_worker_must_be_in_the_chosen_team(personas, as_user):
    Membership.objects.create(
        user=personas.case_worker, team=personas.team_b, role=Role.PROFESSIONAL
    )
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(url("create"), _create_data(personas, team=personas.team_b.pk))
    assert response.status_code == 200
    assert "Choose a case worker who is a member of the chosen team." in text(response)
    assert snapshot() == before


def test_create_in_a_team_i_only_read_is_refused(personas, as_user):
    Membership.objects.create(user=personas.read_only, team=personas.team_b, role=Role.PROFESSIONAL)
    client = as_user(personas.read_only)
    before = snapshot()
    response = client.post(url("create"), _create_data(personas, case_worker=personas.read_only.pk))
    assert response.status_code == 200
    assert 'id="id_team_error"' in text(response)
    assert snapshot() == before


def test_create_forbidden_without_writable_team(personas, as_user):
    client = as_user(personas.read_only)
    before = snapshot()
    assert client.get(url("create")).status_code == 403
    assert client.post(url("create"), _create_data(personas)).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["privacy", "admin"])
def test_create_not_for_roles_without_case_content(personas, as_user, persona):
    assert as_user(personas.user(persona)).get(url("create")).status_code == 404


# Detail ---------------------------------------------------------------------------------------


def test_detail_shows_every_section(personas, as_user):
    p = personas
    p.parent.guardianship = True
    p.parent.save()
    Person.objects.create(
        family=p.family,
        kind="network",
        first_name="Oma",
        last_name="Verzonnen",
        relation="grootmoeder",
        phone="0600000000",
        email="oma@example.org",
    )
    ChainPartner.objects.filter(pk=p.partner.pk).update(
        contact_person="Juf Testmans",
        phone="0100000000",
        role="Signaleert",
        involved_since=date(2026, 1, 1),
    )
    Contact.objects.filter(pk=p.contact.pk).update(with_whom="moeder", summary="Gesprek thuis")
    Contact.objects.create(
        family=p.family,
        occurred_on=date(2026, 1, 20),
        kind="phone",
        reached=False,
        recorded_by=p.team_member,
    )
    AccessGrant.objects.create(
        family=p.family,
        user=p.other_team,
        kind=GrantKind.EXPLICIT,
        reason="Waarneming tijdens verlof",
        granted_by=p.case_worker,
        ends_at=timezone.now() + timedelta(days=3),
    )
    client = as_user(p.case_worker)
    before = last_id()
    response = client.get(url("detail", p.family.pk))
    assert response.status_code == 200
    body = text(response)
    for fragment in [
        "Gezin Testfamilie",
        "VN-TEST01",
        "Team A",
        "Coach Test",
        "Keep until",
        str(p.family.retention_until.year),
        # children with age
        "Testkind Fictief",
        "years",
        # parents: custody and guardianship in words
        "Testouder Fictief",
        "Has parental authority (gezag)",
        "Is guardian",
        # network with contact details
        "Oma Verzonnen",
        "grootmoeder",
        "0600000000",
        "oma@example.org",
        # chain partners
        "Basisschool De Test",
        "School or day care",
        "Juf Testmans",
        "0100000000",
        "Signaleert",
        # contacts
        "Gesprek thuis",
        "moeder",
        "No: not reached",
        "Home visit",
        "Phone call",
        # grants
        "Buitenstaander Test",
        "Waarneming tijdens verlof",
        # write buttons
        url("edit", p.family.pk),
        url("person_add", p.family.pk),
        url("grant_add", p.family.pk),
    ]:
        assert fragment in body, fragment
    assert "Emergency access" not in body.split("<main")[1].split("Access from outside")[0]
    age = p.child.age_on(timezone.localdate())
    assert f"{age} years" in body
    one_entry(before, action="read", family=p.family, part="dossier")


def test_detail_query_count_does_not_grow_with_the_file(
    personas, as_user, django_assert_max_num_queries
):
    client = as_user(personas.case_worker)
    page = url("detail", personas.family.pk)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    for i in range(20):
        Person.objects.create(family=personas.family, kind="network", first_name=f"Netwerk {i}")
        ChainPartner.objects.create(family=personas.family, kind="other", organisation=f"Org {i}")
        Contact.objects.create(
            family=personas.family,
            occurred_on=date(2026, 2, 1),
            kind="phone",
            recorded_by=personas.team_member,
        )
        AccessGrant.objects.create(
            family=personas.family,
            user=personas.safeguarding,
            kind=GrantKind.EXPLICIT,
            reason=f"Reden {i}",
            granted_by=personas.case_worker,
            ends_at=timezone.now() + timedelta(days=2),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = text(client.get(page))
    assert "Netwerk 19" in body and "Org 19" in body and "Reden 19" in body


def test_detail_shows_a_babys_age_in_months(personas, as_user):
    today = timezone.localdate()
    birth = today - timedelta(days=340)
    Person.objects.create(family=personas.family, kind="child", first_name="Baby", birth_date=birth)
    months = (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    body = text(as_user(personas.case_worker).get(url("detail", personas.family.pk)))
    assert f"{months} months" in _row(body, "Baby")


def test_detail_warns_when_contact_is_at_risk(personas, as_user):
    Contact.objects.all().delete()
    body = text(as_user(personas.case_worker).get(url("detail", personas.family.pk)))
    assert "No contact with this family has been recorded." in body
    Contact.objects.create(
        family=personas.family,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    body = text(as_user(personas.case_worker).get(url("detail", personas.family.pk)))
    assert "Contact is regular" in body
    assert "No contact with this family has been recorded." not in body


def test_detail_read_only_member_sees_no_write_buttons(personas, as_user):
    response = as_user(personas.read_only).get(url("detail", personas.family.pk))
    assert response.status_code == 200
    body = text(response)
    assert "Testkind" in body
    for name, args in [
        ("edit", ()),
        ("person_add", ()),
        ("partner_add", ()),
        ("contact_add", ()),
        ("grant_add", ()),
        ("close", ()),
    ]:
        assert url(name, personas.family.pk, *args) not in body
    assert url("person_edit", personas.family.pk, personas.child.pk) not in body


@pytest.mark.parametrize("persona", ["other_team", "privacy", "admin"])
def test_detail_404_for_outsiders(personas, as_user, persona):
    before = last_id()
    assert as_user(personas.user(persona)).get(url("detail", personas.family.pk)).status_code == 404
    assert as_user(personas.user(persona)).get(url("detail", 999999)).status_code == 404
    # Only the two refusals, alike for the file that exists and the one that does not.
    refusals = new_events(before)
    assert [e.action for e in refusals] == ["denied", "denied"]
    assert {e.family_ref for e in refusals} == {""}


def test_detail_safeguarding_lead_reads_without_write_buttons(personas, as_user):
    before = last_id()
    body = text(as_user(personas.safeguarding).get(url("detail", personas.family.pk)))
    assert "Testkind" in body and url("edit", personas.family.pk) not in body
    event = one_entry(before, action="read", family=personas.family, part="dossier")
    assert event.basis == "organisation"


# Edit family and the optimistic lock ----------------------------------------------------------


def _edit_data(p, **extra):
    data = {
        "name": p.family.name,
        "case_worker": p.family.case_worker_id,
        "opened_on": p.family.opened_on.isoformat(),
        "address": "",
        "notes": "",
        "version": 1,
    }
    data.update(extra)
    return data


def test_edit_get_prefills_and_has_hidden_version(personas, as_user):
    body = text(as_user(personas.case_worker).get(url("edit", personas.family.pk)))
    assert 'value="Gezin Testfamilie"' in body
    assert '<input type="hidden" name="version" value="1"' in body


def test_edit_saves(personas, as_user):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("edit", personas.family.pk),
        _edit_data(
            personas, name="Gezin Hernoemd", case_worker=personas.team_member.pk, notes="Let op"
        ),
    )
    assert response.status_code == 302
    family = Family.objects.get()
    assert (family.name, family.case_worker, family.notes, family.version) == (
        "Gezin Hernoemd",
        personas.team_member,
        "Let op",
        2,
    )
    event = one_entry(before, action="update", family=family, part="dossier")
    assert set(event.details["fields"]) == {"name", "case_worker", "notes"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"opened_on": "31-02-2026"}, "opened_on"),
        ({"opened_on": "2999-01-01"}, "opened_on"),
        ({"case_worker": "stagiair"}, "case_worker"),
        ({"case_worker": "999999"}, "case_worker"),
    ],
)
def test_edit_bad_input(personas, as_user, change, field):
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(url("edit", personas.family.pk), _edit_data(personas, **change))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_edit_read_only_member_cannot_be_case_worker(personas, as_user):
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(
        url("edit", personas.family.pk), _edit_data(personas, case_worker=personas.read_only.pk)
    )
    assert response.status_code == 200
    assert 'id="id_case_worker_error"' in text(response)
    assert snapshot() == before


def test_edit_missing_version_is_bad_input(personas, as_user):
    data = _edit_data(personas, name="Gezin Zonderversie")
    del data["version"]
    before = snapshot()
    response = as_user(personas.case_worker).post(url("edit", personas.family.pk), data)
    assert response.status_code == 200
    assert "This page is out of date." in text(response)
    assert snapshot() == before


def test_edit_conflict_second_editor_sees_message_and_keeps_input(personas, as_user, client):
    p = personas
    first = as_user(p.case_worker)
    assert (
        first.post(
            url("edit", p.family.pk),
            _edit_data(p, name="Gezin Eerste", notes="Notitie van de eerste"),
        ).status_code
        == 302
    )
    after_first = snapshot()

    second = as_user(p.team_member)
    before = last_id()
    response = second.post(
        url("edit", p.family.pk), _edit_data(p, name="Gezin Tweede", address="Tweedeweg 2")
    )
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this information while you were working on it." in body
    # the user's input is kept
    assert 'value="Gezin Tweede"' in body and 'value="Tweedeweg 2"' in body
    # what is saved now, with field labels
    assert "Gezin Eerste" in body and "Notitie van de eerste" in body
    assert '<th scope="row">Family name</th>' in body
    assert '<th scope="row">Notes</th>' in body
    # the new version, so that a second submit can win
    assert '<input type="hidden" name="version" value="2"' in body
    # nothing overwritten; showing what is saved is one logged read
    family = Family.objects.get()
    assert (family.name, family.notes, family.address, family.version) == (
        "Gezin Eerste",
        "Notitie van de eerste",
        "",
        2,
    )
    one_entry(before, action="read", family=family, part="dossier", user=p.team_member)
    assert snapshot()[:-1] == after_first[:-1]

    # submitting again from the new version wins
    response = second.post(
        url("edit", p.family.pk),
        _edit_data(p, name="Gezin Tweede", address="Tweedeweg 2", version=2),
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.name, family.address, family.version) == ("Gezin Tweede", "Tweedeweg 2", 3)


# Close and reopen -----------------------------------------------------------------------------


def test_close_and_reopen(personas, as_user):
    client = as_user(personas.case_worker)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url("close", personas.family.pk),
        {"closed_on": yesterday.isoformat(), "close_reason": "Veilig genoeg", "version": 1},
    )
    assert response.status_code == 302
    family = Family.objects.get()
    assert family.status == "closed" and family.closed_on == yesterday
    assert family.close_reason == "Veilig genoeg"

    body = text(client.get(url("detail", family.pk)))
    assert "Veilig genoeg" in body and url("reopen", family.pk) in body
    assert "This file is already closed." in text(client.get(url("close", family.pk)))

    before = last_id()
    response = client.post(url("reopen", family.pk), {"version": family.version})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == "open" and family.closed_on is None
    one_entry(before, action="update", family=family, part="status")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"closed_on": "", "close_reason": "Klaar"}, "closed_on"),
        ({"closed_on": "2999-01-01", "close_reason": "Klaar"}, "closed_on"),
        ({"closed_on": "2025-01-01", "close_reason": "Klaar"}, "closed_on"),  # before opening
        ({"closed_on": "2026-02-01", "close_reason": "  "}, "close_reason"),
    ],
)
def test_close_bad_input(personas, as_user, data, field):
    before = snapshot()
    response = as_user(personas.case_worker).post(
        url("close", personas.family.pk), {**data, "version": 1}
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_close_stale_version_keeps_file_open(personas, as_user):
    Family.objects.filter(pk=personas.family.pk).update(version=5)
    before = snapshot()
    response = as_user(personas.case_worker).post(
        url("close", personas.family.pk),
        {"closed_on": "2026-02-01", "close_reason": "Klaar", "version": 1},
    )
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this information" in body
    assert '<input type="hidden" name="version" value="5"' in body
    assert snapshot() == before


def test_reopen_is_post_only_and_checks_access(personas, as_user):
    Family.objects.filter(pk=personas.family.pk).update(status="closed", closed_on=date(2026, 2, 1))
    assert as_user(personas.case_worker).get(url("reopen", personas.family.pk)).status_code == 405
    before = snapshot()
    assert (
        as_user(personas.read_only)
        .post(url("reopen", personas.family.pk), {"version": 1})
        .status_code
        == 403
    )
    assert (
        as_user(personas.other_team)
        .post(url("reopen", personas.family.pk), {"version": 1})
        .status_code
        == 404
    )
    assert (
        as_user(personas.privacy)
        .post(url("reopen", personas.family.pk), {"version": 1})
        .status_code
        == 404
    )
    response = as_user(None).post(url("reopen", personas.family.pk), {"version": 1})
    assert response.status_code == 302 and "/account/" in response["Location"]
    assert snapshot() == before


def test_reopen_stale_or_open_changes_nothing(personas, as_user):
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(url("reopen", personas.family.pk), {"version": 1}, follow=True)
    assert "This file is already open." in text(response)
    Family.objects.filter(pk=personas.family.pk).update(
        status="closed", closed_on=date(2026, 2, 1), version=3
    )
    before = snapshot()
    response = client.post(url("reopen", personas.family.pk), {"version": 1}, follow=True)
    assert "Someone else changed this file meanwhile." in text(response)
    assert snapshot()[:-1] == before[:-1]
    assert Family.objects.get().status == "closed"


# People ---------------------------------------------------------------------------------------


def test_person_add_preselects_kind(personas, as_user):
    body = text(
        as_user(personas.case_worker).get(url("person_add", personas.family.pk), {"kind": "child"})
    )
    assert '<option value="child" selected>' in body
    assert "Only for parents and caregivers" in body


def test_person_add_child(personas, as_user):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("person_add", personas.family.pk),
        _person_data(
            kind="child", first_name="Baby", birth_date="2026-01-01", lives_in_household="on"
        ),
    )
    assert response.status_code == 302
    baby = Person.objects.get(first_name="Baby")
    assert baby.family == personas.family and baby.kind == "child" and baby.lives_in_household
    event = one_entry(before, action="create", family=personas.family, part="members")
    assert event.person_id == baby.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"kind": "alien"}, "kind"),
        ({"kind": "child", "birth_date": ""}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "gisteren"}, "birth_date"),
        ({"email": "geen-adres"}, "email"),
        ({"kind": "network", "custody": "yes"}, "custody"),
        ({"kind": "child", "birth_date": "2020-01-01", "guardianship": "on"}, "guardianship"),
    ],
)
def test_person_bad_input(personas, as_user, change, field):
    client = as_user(personas.case_worker)
    before = snapshot()
    response = client.post(url("person_add", personas.family.pk), _person_data(**change))
    assert response.status_code == 200
    body = text(response)
    assert f'id="id_{field}_error"' in body, body
    assert snapshot() == before
    response = client.post(
        url("person_edit", personas.family.pk, personas.parent.pk),
        _person_data(version=1, **change),
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_person_edit_custody_and_guardianship(personas, as_user):
    client = as_user(personas.case_worker)
    response = client.post(
        url("person_edit", personas.family.pk, personas.parent.pk),
        _person_data(
            kind="caregiver",
            first_name="Testouder",
            custody="suspended",
            guardianship="on",
            version=1,
        ),
    )
    assert response.status_code == 302
    parent = Person.objects.get(pk=personas.parent.pk)
    assert (parent.kind, parent.custody, parent.guardianship, parent.version) == (
        "caregiver",
        "suspended",
        True,
        2,
    )
    body = text(client.get(url("detail", personas.family.pk)))
    assert "Parental authority taken away or suspended" in body and "Is guardian" in body


def test_person_edit_conflict(personas, as_user):
    p = personas
    assert (
        as_user(p.case_worker)
        .post(
            url("person_edit", p.family.pk, p.parent.pk),
            _person_data(kind="parent", first_name="Eerste", phone="0611111111", version=1),
        )
        .status_code
        == 302
    )
    before = last_id()
    response = as_user(p.team_member).post(
        url("person_edit", p.family.pk, p.parent.pk),
        _person_data(kind="parent", first_name="Tweede", version=1),
    )
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this information" in body
    assert 'value="Tweede"' in body and "0611111111" in body
    assert '<input type="hidden" name="version" value="2"' in body
    assert Person.objects.get(pk=p.parent.pk).first_name == "Eerste"
    event = one_entry(before, action="read", family=p.family, part="members")
    assert event.person_id == p.parent.pk


def test_person_of_another_family_is_404(personas, as_user):
    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin Ander", reference="VN-ANDER1"
    )
    stranger = Person.objects.create(
        family=other, kind="child", first_name="Vreemd", birth_date=date(2019, 1, 1)
    )
    client = as_user(personas.case_worker)
    before = snapshot()
    for name in ("person_edit", "person_remove"):
        assert client.get(url(name, personas.family.pk, stranger.pk)).status_code == 404
        assert (
            client.post(
                url(name, personas.family.pk, stranger.pk), _person_data(version=1)
            ).status_code
            == 404
        )
    assert snapshot() == before
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_person_remove(personas, as_user):
    client = as_user(personas.case_worker)
    body = text(client.get(url("person_remove", personas.family.pk, personas.parent.pk)))
    assert "Testouder Fictief" in body and 'method="post"' in body
    before = last_id()
    assert (
        client.post(url("person_remove", personas.family.pk, personas.parent.pk)).status_code == 302
    )
    assert not Person.objects.filter(pk=personas.parent.pk).exists()
    event = one_entry(before, action="delete", family=personas.family, part="members")
    assert event.person_id == personas.parent.pk


# Chain partners -------------------------------------------------------------------------------


def test_partner_add_and_edit(personas, as_user):
    client = as_user(personas.case_worker)
    response = client.post(
        url("partner_add", personas.family.pk),
        _partner_data(
            kind="gi",
            organisation="Jeugdbescherming Testland",
            contact_person="J. Voogd",
            email="voogd@example.org",
            involved_since="2026-02-01",
        ),
    )
    assert response.status_code == 302
    partner = ChainPartner.objects.get(organisation="Jeugdbescherming Testland")
    assert partner.family == personas.family and partner.kind == "gi"

    response = client.get(url("partner_edit", personas.family.pk, partner.pk))
    assert 'value="J. Voogd"' in text(response)
    response = client.post(
        url("partner_edit", personas.family.pk, partner.pk),
        _partner_data(
            kind="gi",
            organisation="Jeugdbescherming Testland",
            involved_since="2026-02-01",
            involved_until="2026-03-01",
            version=1,
        ),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.involved_until == date(2026, 3, 1) and partner.version == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation": ""}, "organisation"),
        ({"kind": "buurman"}, "kind"),
        ({"email": "nee"}, "email"),
        ({"involved_since": "2026-03-01", "involved_until": "2026-02-01"}, "involved_until"),
    ],
)
def test_partner_bad_input(personas, as_user, change, field):
    client = as_user(personas.case_worker)
    before = snapshot()
    for target, extra in [
        (url("partner_add", personas.family.pk), {}),
        (url("partner_edit", personas.family.pk, personas.partner.pk), {"version": 1}),
    ]:
        response = client.post(target, _partner_data(**change, **extra))
        assert response.status_code == 200
        assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_partner_edit_conflict(personas, as_user):
    p = personas
    edit = url("partner_edit", p.family.pk, p.partner.pk)
    assert (
        as_user(p.case_worker)
        .post(edit, _partner_data(organisation="School Eerste", version=1))
        .status_code
        == 302
    )
    response = as_user(p.team_member).post(
        edit, _partner_data(organisation="School Tweede", version=1)
    )
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this information" in body and "School Eerste" in body
    assert 'value="School Tweede"' in body
    assert ChainPartner.objects.get(pk=p.partner.pk).organisation == "School Eerste"


def test_partner_of_another_family_is_404(personas, as_user):
    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin Ander", reference="VN-ANDER2"
    )
    theirs = ChainPartner.objects.create(family=other, kind="police", organisation="Politie Test")
    client = as_user(personas.case_worker)
    before = snapshot()
    for name in ("partner_edit", "partner_remove"):
        assert client.get(url(name, personas.family.pk, theirs.pk)).status_code == 404
        assert (
            client.post(
                url(name, personas.family.pk, theirs.pk), _partner_data(version=1)
            ).status_code
            == 404
        )
    assert snapshot() == before


def test_partner_remove(personas, as_user):
    client = as_user(personas.case_worker)
    assert "Basisschool De Test" in text(
        client.get(url("partner_remove", personas.family.pk, personas.partner.pk))
    )
    assert (
        client.post(url("partner_remove", personas.family.pk, personas.partner.pk)).status_code
        == 302
    )
    assert not ChainPartner.objects.filter(pk=personas.partner.pk).exists()


# Contacts -------------------------------------------------------------------------------------


def test_contact_add(personas, as_user):
    client = as_user(personas.case_worker)
    today = timezone.localdate()
    response = client.post(
        url("contact_add", personas.family.pk),
        {
            "occurred_on": today.isoformat(),
            "kind": "home_visit",
            "with_whom": "moeder en kind",
            "summary": "Afspraken doorgenomen",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(with_whom="moeder en kind")
    # an unticked box means: not reached
    assert contact.reached is False and contact.recorded_by == personas.case_worker
    assert contact.occurred_on == today


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_on": ""}, "occurred_on"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"kind": ""}, "kind"),
        ({"kind": "telepathie"}, "kind"),
    ],
)
def test_contact_bad_input(personas, as_user, change, field):
    data = {"occurred_on": "2026-02-01", "kind": "phone", "reached": "on", **change}
    before = snapshot()
    response = as_user(personas.case_worker).post(url("contact_add", personas.family.pk), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_contact_log_paginates_and_logs_one_read(personas, as_user):
    for i in range(60):
        Contact.objects.create(
            family=personas.family,
            occurred_on=date(2026, 2, 1) + timedelta(days=i),
            kind="phone",
            summary=f"Belmoment {i:02d}",
            recorded_by=personas.team_member,
        )
    client = as_user(personas.read_only)
    before = last_id()
    response = client.get(url("contacts", personas.family.pk))
    assert response.status_code == 200
    body = text(response)
    assert "Belmoment 59" in body and "Belmoment 00" not in body
    one_entry(before, action="read", family=personas.family, part="contacts")
    body = text(client.get(url("contacts", personas.family.pk), {"page": 2}))
    assert "Belmoment 00" in body and "Belmoment 59" not in body
    assert url("contact_add", personas.family.pk) not in body  # read only


@pytest.mark.parametrize("persona", ["other_team", "privacy", "admin"])
def test_contact_log_404_for_outsiders(personas, as_user, persona):
    assert (
        as_user(personas.user(persona)).get(url("contacts", personas.family.pk)).status_code == 404
    )


def test_contact_log_anonymous_redirects(personas, as_user):
    assert as_user(None).get(url("contacts", personas.family.pk)).status_code == 302


# Access grants --------------------------------------------------------------------------------


def _grant_data(p, **extra):
    data = {
        "user": p.other_team.pk,
        "reason": "Waarneming tijdens verlof",
        "ends_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data.update(extra)
    return data


def test_grant_form_offers_only_colleagues_outside_the_team(personas, as_user):
    body = text(as_user(personas.case_worker).get(url("grant_add", personas.family.pk)))
    assert "Buitenstaander Test" in body  # team B
    assert "Afk Test" in body  # safeguarding lead, no team
    for name in ("Privacy Test", "Beheer Test", "Psychiater Test", "Stagiair Test"):
        assert name not in body
    default_end = timezone.localdate() + timedelta(days=30)
    assert f'value="{default_end.isoformat()}"' in body


def test_grant_and_then_the_colleague_can_read(personas, as_user):
    before = last_id()
    response = as_user(personas.case_worker).post(
        url("grant_add", personas.family.pk), _grant_data(personas, can_write="on")
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert grant.user == personas.other_team and grant.kind == "explicit" and grant.can_write
    assert grant.granted_by == personas.case_worker
    assert timezone.localtime(grant.ends_at).date() == timezone.localdate() + timedelta(days=11)
    one_entry(before, action="update", family=personas.family, part="access")

    before = last_id()
    outsider = as_user(personas.other_team)
    assert outsider.get(url("detail", personas.family.pk)).status_code == 200
    event = one_entry(before, action="read", family=personas.family, part="dossier")
    assert event.basis == "grant" and event.purpose == "Waarneming tijdens verlof"
    # a grant holder, even one who may change the file, does not hand out access
    assert outsider.get(url("grant_add", personas.family.pk)).status_code == 403
    assert outsider.post(url("grant_revoke", personas.family.pk, grant.pk)).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": " "}, "reason"),
        ({"ends_on": ""}, "ends_on"),
        ({"ends_on": "2020-01-01"}, "ends_on"),
        ({"ends_on": "2999-01-01"}, "ends_on"),
        ({"user": ""}, "user"),
        ({"user": "privacy"}, "user"),
    ],
)
def test_grant_bad_input(personas, as_user, change, field):
    if change.get("user") == "privacy":
        change = {"user": personas.privacy.pk}
    before = snapshot()
    response = as_user(personas.case_worker).post(
        url("grant_add", personas.family.pk), _grant_data(personas, **change)
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_grant_to_a_team_member_is_refused(personas, as_user):
    before = snapshot()
    response = as_user(personas.case_worker).post(
        url("grant_add", personas.family.pk), _grant_data(personas, user=personas.team_member.pk)
    )
    assert response.status_code == 200 and 'id="id_user_error"' in text(response)
    assert snapshot() == before


def test_grant_max_one_year(personas, as_user):
    client = as_user(personas.case_worker)
    limit = timezone.localdate() + timedelta(days=365)
    assert (
        client.post(
            url("grant_add", personas.family.pk), _grant_data(personas, ends_on=limit.isoformat())
        ).status_code
        == 302
    )
    before = snapshot()
    response = client.post(
        url("grant_add", personas.family.pk),
        _grant_data(personas, ends_on=(limit + timedelta(days=1)).isoformat()),
    )
    assert "Access can be granted for at most one year." in text(response)
    assert snapshot() == before


def _grant(p, **extra):
    values = {
        "family": p.family,
        "user": p.other_team,
        "kind": GrantKind.EXPLICIT,
        "reason": "Overdracht",
        "granted_by": p.case_worker,
        "ends_at": timezone.now() + timedelta(days=3),
    }
    values.update(extra)
    return AccessGrant.objects.create(**values)


def test_grant_revoke(personas, as_user):
    grant = _grant(personas)
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("grant_revoke", personas.family.pk, grant.pk))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    one_entry(before, action="update", family=personas.family, part="access")
    assert as_user(personas.other_team).get(url("detail", personas.family.pk)).status_code == 404
    # revoking again changes nothing and logs nothing
    before = count()
    client = as_user(personas.case_worker)
    assert client.post(url("grant_revoke", personas.family.pk, grant.pk)).status_code == 302
    assert count() == before


def test_grant_revoke_checks(personas, as_user):
    grant = _grant(personas)
    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin Ander", reference="VN-ANDER3"
    )
    before = snapshot()
    assert (
        as_user(personas.case_worker)
        .get(url("grant_revoke", personas.family.pk, grant.pk))
        .status_code
        == 405
    )
    assert (
        as_user(personas.case_worker).post(url("grant_revoke", other.pk, grant.pk)).status_code
        == 404
    )  # grant of another family
    assert (
        as_user(personas.read_only)
        .post(url("grant_revoke", personas.family.pk, grant.pk))
        .status_code
        == 403
    )
    assert (
        as_user(personas.privacy)
        .post(url("grant_revoke", personas.family.pk, grant.pk))
        .status_code
        == 404
    )
    assert (
        as_user(personas.team_member)
        .post(  # no such grant
            url("grant_revoke", personas.family.pk, 999999)
        )
        .status_code
        == 404
    )
    assert as_user(None).post(url("grant_revoke", personas.family.pk, grant.pk)).status_code == 302
    assert snapshot() == before


# Emergency access -----------------------------------------------------------------------------


def test_emergency_page_explains(personas, as_user):
    before = count()
    response = as_user(personas.other_team).get(url("emergency"))
    assert response.status_code == 200
    body = text(response)
    assert "privacy officer" in body and "8 hours" in body
    assert count() == before


def test_emergency_flow(personas, as_user):
    client = as_user(personas.other_team)
    assert client.get(url("detail", personas.family.pk)).status_code == 404
    before = last_id()
    response = client.post(
        url("emergency"),
        {
            "reference": " vn-test01 ",
            "reason": "Kind staat bij ons aan de balie, team onbereikbaar",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("detail", personas.family.pk)
    grant = AccessGrant.objects.get()
    assert grant.kind == "emergency" and grant.user == personas.other_team and not grant.can_write
    event = one_entry(
        before, action="emergency", family=personas.family, part="dossier", emergency=True
    )
    assert event.basis == "emergency"
    assert event.purpose.startswith("Kind staat bij ons")

    before = last_id()
    response = client.get(url("detail", personas.family.pk))
    assert response.status_code == 200
    body = text(response)
    assert "You opened this file with emergency access, until" in body
    assert "Every action is logged and reviewed by the privacy officer." in body
    assert url("edit", personas.family.pk) not in body
    event = one_entry(before, action="read", family=personas.family, part="dossier", emergency=True)
    assert event.basis == "emergency"

    before = last_id()
    assert "emergency access" in text(client.get(url("contacts", personas.family.pk)))
    one_entry(before, action="read", family=personas.family, part="contacts", emergency=True)
    # emergency access reads, it does not write
    assert client.get(url("edit", personas.family.pk)).status_code == 403
    assert (
        client.post(
            url("contact_add", personas.family.pk), {"occurred_on": "2026-02-01", "kind": "phone"}
        ).status_code
        == 403
    )
    assert verify_access_log()[1] is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reference": "", "reason": "Acute zorg nodig vannacht"}, "reference"),
        ({"reference": "12345", "reason": "Acute zorg nodig vannacht"}, "reference"),
        ({"reference": "VN-ZZZZZZ", "reason": "Acute zorg nodig vannacht"}, "reference"),
        ({"reference": "VN-TEST01", "reason": ""}, "reason"),
        ({"reference": "VN-TEST01", "reason": "kort"}, "reason"),
    ],
)
def test_emergency_bad_input(personas, as_user, data, field):
    before = snapshot()
    response = as_user(personas.other_team).post(url("emergency"), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert snapshot() == before


def test_emergency_for_own_team_is_refused(personas, as_user):
    before = snapshot()
    response = as_user(personas.team_member).post(
        url("emergency"), {"reference": "VN-TEST01", "reason": "Acute zorg nodig vannacht"}
    )
    assert response.status_code == 200
    assert "You already have access to this file." in text(response)
    assert snapshot() == before


def test_emergency_not_for_roles_without_case_content(personas, as_user):
    before = snapshot()
    client = as_user(personas.privacy)
    assert client.get(url("emergency")).status_code == 404
    assert (
        client.post(
            url("emergency"), {"reference": "VN-TEST01", "reason": "Acute zorg nodig vannacht"}
        ).status_code
        == 404
    )
    assert as_user(None).get(url("emergency")).status_code == 302
    assert snapshot() == before
