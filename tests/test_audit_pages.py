"""The privacy officer pages: access-log search and CSV, per-family overview, emergency
access reviews. Who may see them, that each view logs one entry, and that they never
show a family's or a person's name."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.personas import PERSONA_NAMES, make_family
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent
from vangnet.families import queries as family_queries
from vangnet.families.actions import do_break_the_glass, do_destroy_family
from vangnet.families.models import AccessGrant, Family, GrantKind

# Names in the personas' family file: none of these may appear on a privacy officer page.
NAMES = ("Testfamilie", "Testkind", "Testouder", "Fictief", "Basisschool De Test")
REASON = "School meldt acute zorgen, dossier nodig voor overleg"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # assertions on English msgids, whatever .mo is built


def web(user, ip="192.0.2.10", agent="pytest-browser/1.0"):
    return Actor(user=user, ip_address=ip, user_agent=agent)


@pytest.fixture
def activity(personas):
    """A read by the case worker, emergency access by an outsider and a read under it."""
    p = personas
    family_queries.open_family(web(p.case_worker), p.family.pk)
    grant = do_break_the_glass(actor=web(p.other_team), reference=p.family.reference, reason=REASON)
    family_queries.open_family(web(p.other_team), p.family.pk, part="members")
    return grant


def assert_no_names(response):
    content = response.content.decode() if not response.streaming else ""
    if response.streaming:
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    for name in NAMES:
        assert name not in content, f"{name!r} shown to the privacy officer"
    return content


def page_urls(personas, grant):
    ref = personas.family.reference
    return [
        reverse("audit:log"),
        reverse("audit:log_csv"),
        reverse("audit:family_lookup"),
        reverse("audit:family_overview", args=[ref]),
        reverse("audit:family_overview_csv", args=[ref]),
        reverse("audit:emergency_reviews"),
        reverse("audit:emergency_review", args=[grant.pk]),
    ]


# Who may see these pages -------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_privacy_officer_gets_the_pages(personas, activity, as_user, persona):
    client = as_user(personas.user(persona))
    before = AccessEvent.objects.count()
    for url in page_urls(personas, activity):
        response = client.get(url)
        if persona == "privacy":
            assert response.status_code == 200, url
        elif persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url
        else:
            assert response.status_code == 404, url
    if persona != "privacy":
        assert AccessEvent.objects.count() == before  # nothing read, nothing logged


@pytest.mark.parametrize("persona", [n for n in PERSONA_NAMES if n != "privacy"])
def test_others_cannot_review_emergency_access(personas, activity, as_user, persona):
    client = as_user(personas.user(persona))
    url = reverse("audit:emergency_review", args=[activity.pk])
    response = client.post(url, {"outcome": "justified", "note": ""})
    assert response.status_code == (302 if persona == "anonymous" else 404)
    activity.refresh_from_db()
    assert activity.reviewed_at is None


# The log search -------------------------------------------------------------------------------


def test_each_log_page_view_writes_one_entry(personas, activity, as_user):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.get(reverse("audit:log"), {"user": "buitenstaander", "emergency": "on"})
    assert response.status_code == 200
    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.order_by("-id").first()
    assert entry.user_id == personas.privacy.pk
    assert entry.action == AccessAction.READ
    assert entry.object_type == "access_log"
    assert entry.basis == AccessBasis.ORGANISATION
    assert entry.channel == "web"
    assert entry.details["filters"] == {"user": "buitenstaander", "emergency_only": True}
    assert entry.details["total"] == 2
    shown = [e.id for e in response.context["page"].object_list]
    assert entry.details["entries"] == shown
    assert entry.id not in shown  # the page shows the log as it was before this view


def test_log_page_shows_all_columns(personas, activity, as_user):
    response = as_user(personas.privacy).get(reverse("audit:log"))
    content = assert_no_names(response)
    assert personas.family.reference in content
    assert "buitenstaander" in content and "coach" in content
    assert "192.0.2.10" in content
    assert "pytest-browser/1.0" in content
    assert REASON in content  # the purpose of the emergency entries
    assert "emergency access" in content  # the flag in words, not only a colour
    assert "Europe/Amsterdam" in content and "UTC" in content
    event_ids = {e.id for e in response.context["page"].object_list}
    assert event_ids == set(
        AccessEvent.objects.exclude(object_type="access_log").values_list("id", flat=True)
    )


def test_log_times_in_amsterdam_with_utc(personas, as_user):
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, 5, tzinfo=UTC), tick=False):
        recorder.record(
            web(personas.case_worker),
            AccessAction.READ,
            object_type="family",
            family=personas.family,
        )
    content = as_user(personas.privacy).get(reverse("audit:log")).content.decode()
    assert "01-03-2026 11:00:05" in content  # CET
    assert "10:00:05 UTC" in content
    assert 'datetime="2026-03-01T10:00:05+00:00"' in content


@pytest.fixture
def spread(personas):
    """Entries at known moments (UTC), users, files and actions."""
    other = make_family(
        personas.team_b, personas.other_team, name="Gezin Anderfictief", reference="VN-OTHER2"
    )
    plan = [
        (
            datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
            personas.case_worker,
            personas.family,
            AccessAction.READ,
            False,
        ),
        # 23:30 UTC on 4 March is already 5 March in Amsterdam
        (
            datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
            personas.team_member,
            personas.family,
            AccessAction.UPDATE,
            False,
        ),
        (
            datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
            personas.other_team,
            other,
            AccessAction.READ,
            False,
        ),
        (
            datetime(2026, 3, 11, 12, 0, tzinfo=UTC),
            personas.other_team,
            personas.family,
            AccessAction.READ,
            True,
        ),
    ]
    events = []
    for when, user, family, action, emergency in plan:
        with time_machine.travel(when, tick=False):
            events.append(
                recorder.record(
                    web(user), action, object_type="family", family=family, emergency=emergency
                )
            )
    return events


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [0, 1, 2, 3]),
        ({"user": "psychiater"}, [1]),
        ({"client": "VN-TEST01"}, [0, 1, 3]),
        ({"client": "vn-other2"}, [2]),  # file numbers are matched case-insensitively
        ({"date_from": "2026-03-05"}, [1, 2, 3]),
        ({"date_to": "2026-03-04"}, [0]),
        ({"date_from": "2026-03-05", "date_to": "2026-03-10"}, [1, 2]),
        ({"action": "update"}, [1]),
        ({"emergency": "on"}, [3]),
        ({"user": "buitenstaander", "client": "VN-TEST01"}, [3]),
        ({"user": "niemand"}, []),
    ],
)
def test_log_filters(personas, spread, as_user, params, expected):
    response = as_user(personas.privacy).get(reverse("audit:log"), params)
    assert response.status_code == 200
    shown = [e.id for e in response.context["page"].object_list]
    assert shown == sorted((spread[i].id for i in expected), reverse=True)
    if not expected:
        assert "No entries match these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date_from": "2026-03-10", "date_to": "2026-03-01"},
            "The end date cannot be before the start date.",
        ),
        ({"client": "nonsense"}, "Enter a file number such as VN-ABC123."),
        ({"user": "two words"}, "Enter a username"),
        ({"date_from": "tomorrow"}, "Enter a valid date."),
        ({"action": "steal"}, "Select a valid choice."),
    ],
)
def test_bad_filters_show_an_error_and_no_entries(personas, spread, as_user, params, message):
    before = AccessEvent.objects.count()
    response = as_user(personas.privacy).get(reverse("audit:log"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None
    assert AccessEvent.objects.count() == before  # nothing shown, nothing logged


def test_log_is_paginated_and_keeps_filters(personas, as_user):
    for _ in range(60):
        recorder.record(
            web(personas.case_worker),
            AccessAction.READ,
            object_type="family",
            family=personas.family,
        )
    client = as_user(personas.privacy)
    first = client.get(reverse("audit:log"), {"user": "coach"})
    content = first.content.decode()
    assert len(first.context["page"].object_list) == 50
    assert "?user=coach&amp;page=2" in content
    second = client.get(reverse("audit:log"), {"user": "coach", "page": "2"})
    assert len(second.context["page"].object_list) == 10
    assert AccessEvent.objects.order_by("-id").first().details["page"] == 2


# CSV export -------------------------------------------------------------------------------------


def read_csv(response):
    assert response.streaming
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_of_the_search(personas, spread, as_user):
    client = as_user(personas.privacy)
    response = client.get(reverse("audit:log_csv"), {"client": "VN-TEST01", "page": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    assert "no-store" in response["Cache-Control"]
    export = AccessEvent.objects.order_by("-id").first()
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "Entry",
        "Time (Europe/Amsterdam)",
        "Time (UTC)",
        "User",
        "On behalf of",
        "File number",
        "Person id",
    ]
    assert [int(r[0]) for r in body] == [spread[3].id, spread[1].id, spread[0].id]
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in body}
    row = by_id[spread[1].id]
    assert row["Time (UTC)"] == "2026-03-04T23:30:00+00:00"
    assert row["Time (Europe/Amsterdam)"] == "2026-03-05T00:30:00+01:00"
    assert row["User"] == "psychiater"
    assert row["File number"] == "VN-TEST01"
    assert row["Action"] == "update"
    assert row["IP address"] == "192.0.2.10"
    assert row["Emergency access"] == "no"
    assert by_id[spread[3].id]["Emergency access"] == "yes"
    # one EXPORT entry, which says what was exported
    assert export.action == AccessAction.EXPORT
    assert export.user_id == personas.privacy.pk
    assert export.object_type == "access_log"
    assert export.family_ref == "VN-TEST01"
    assert export.details["filters"] == {"client": "VN-TEST01"}
    assert export.details["rows"] == 3
    assert export.id not in by_id
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_csv_cells_never_run_as_formulas(personas, as_user):
    recorder.record(
        Actor(
            user=personas.case_worker,
            ip_address="192.0.2.1",
            user_agent='=HYPERLINK("http://example.invalid","klik")',
        ),
        AccessAction.READ,
        object_type="family",
        family=personas.family,
        purpose="+31 zorgverlening",
    )
    rows = read_csv(as_user(personas.privacy).get(reverse("audit:log_csv")))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["User agent"] == '\'=HYPERLINK("http://example.invalid","klik")'
    assert row["Purpose"] == "'+31 zorgverlening"


def test_csv_with_bad_filters_goes_back_to_the_form(personas, as_user):
    before = AccessEvent.objects.count()
    response = as_user(personas.privacy).get(reverse("audit:log_csv"), {"client": "x y"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("audit:log") + "?")
    assert AccessEvent.objects.count() == before


# Per-family overview ----------------------------------------------------------------------------


def test_family_overview(personas, activity, spread, as_user):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.get(reverse("audit:family_overview", args=["VN-TEST01"]))
    assert response.status_code == 200
    content = assert_no_names(response)
    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.order_by("-id").first()
    assert (entry.action, entry.object_type, entry.part) == (
        "read",
        "access_log",
        "family_overview",
    )
    assert entry.family_id == personas.family.pk and entry.family_ref == "VN-TEST01"
    assert entry.basis == AccessBasis.ORGANISATION
    overview = response.context["overview"]
    family_entries = AccessEvent.objects.filter(family_ref="VN-TEST01").exclude(pk=entry.pk)
    assert [e.id for e in overview.page.object_list] == sorted(
        family_entries.values_list("id", flat=True), reverse=True
    )
    assert "VN-OTHER2" not in content
    summary = {u.username: u for u in overview.users}
    assert set(summary) == {"coach", "psychiater", "buitenstaander"}
    assert summary["buitenstaander"].count == 3  # emergency, read under it, spread entry
    assert summary["buitenstaander"].discipline == "Case worker / coach"
    assert summary["psychiater"].discipline == "Psychiatrist"
    assert summary["coach"].first == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert summary["coach"].count == 2
    assert "Team A" in content
    assert "Psychiatrist" in content
    assert REASON in content


def test_family_overview_csv(personas, activity, as_user):
    response = as_user(personas.privacy).get(
        reverse("audit:family_overview_csv", args=["VN-TEST01"])
    )
    assert (
        response["Content-Disposition"] == 'attachment; filename="toegangsoverzicht-VN-TEST01.csv"'
    )
    rows = read_csv(response)
    header = rows[0]
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [r["User"] for r in body] == ["coach", "buitenstaander", "buitenstaander"]
    assert [r["Action"] for r in body] == ["read", "emergency access", "read"]
    assert body[0]["Discipline"] == "Case worker / coach"
    assert [r["Emergency access"] for r in body] == ["no", "yes", "yes"]
    assert body[1]["Purpose"] == REASON
    export = AccessEvent.objects.order_by("-id").first()
    assert (export.action, export.family_ref, export.details["rows"]) == ("export", "VN-TEST01", 3)
    for name in NAMES:
        assert all(name not in cell for row in rows for cell in row)


def test_family_overview_after_the_file_was_destroyed(personas, as_user):
    gone = make_family(
        personas.team_a, personas.case_worker, name="Gezin Verdwenenfictief", reference="VN-GONE22"
    )
    Family.objects.filter(pk=gone.pk).update(retention_until=date(2020, 1, 1))
    gone.refresh_from_db()
    gone_pk = gone.pk
    family_queries.open_family(web(personas.case_worker), gone.pk)
    do_destroy_family(actor=Actor.cli(personas.admin), family=gone)
    client = as_user(personas.privacy)
    response = client.get(reverse("audit:family_overview", args=["VN-GONE22"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "This file does not exist (any more)." in content
    assert "Verdwenenfictief" not in content
    actions = [e.action for e in response.context["page"].object_list]
    assert actions == ["delete", "read"]
    entry = AccessEvent.objects.order_by("-id").first()
    assert entry.family_ref == "VN-GONE22" and entry.family_id == gone_pk
    rows = read_csv(client.get(reverse("audit:family_overview_csv", args=["VN-GONE22"])))
    assert len(rows) == 1 + 3  # header, read, delete, and the overview read just now


def test_family_overview_normalises_the_file_number(personas, as_user):
    client = as_user(personas.privacy)
    response = client.get(reverse("audit:family_overview", args=["vn-test01"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:family_overview", args=["VN-TEST01"])
    response = client.get(reverse("audit:family_overview", args=["nonsense"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("audit:family_lookup"))


def test_jump_to_overview_by_file_number(personas, as_user):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    log_page = client.get(reverse("audit:log")).content.decode()
    assert f'action="{reverse("audit:family_lookup")}"' in log_page
    response = client.get(reverse("audit:family_lookup"), {"reference": " vn-test01 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:family_overview", args=["VN-TEST01"])
    response = client.get(reverse("audit:family_lookup"), {"reference": "Gezin"})
    assert response.status_code == 200
    assert "Enter a file number such as VN-ABC123." in response.content.decode()
    assert AccessEvent.objects.count() == before + 1  # only the log page itself


# Emergency access reviews -----------------------------------------------------------------------


def test_review_queue(personas, activity, as_user):
    explicit = AccessGrant.objects.create(
        family=personas.family,
        user=personas.safeguarding,
        kind=GrantKind.EXPLICIT,
        reason="Expliciete toegang",
        ends_at=timezone.now() + timedelta(days=1),
    )
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.get(reverse("audit:emergency_reviews"))
    content = assert_no_names(response)
    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.order_by("-id").first()
    assert (entry.action, entry.object_type, entry.part) == (
        "read",
        "access_log",
        "emergency_reviews",
    )
    assert entry.details["pending"] == [activity.pk]
    queue = response.context["queue"]
    assert [g.pk for g in queue.pending] == [activity.pk]
    assert explicit.pk not in [g.pk for g in queue.pending + queue.reviewed]
    assert queue.pending[0].entry_count == 2  # the emergency itself and the read under it
    assert "VN-TEST01" in content and "buitenstaander" in content and REASON in content
    assert "still running" in content
    assert reverse("audit:emergency_review", args=[activity.pk]) in content


def test_review_counts_only_what_happened_in_the_window(personas, activity, as_user):
    with time_machine.travel(activity.ends_at + timedelta(hours=1)):
        recorder.record(
            web(personas.other_team),
            AccessAction.READ,
            object_type="family",
            family=personas.family,
            emergency=True,
        )
    review_page = as_user(personas.privacy).get(
        reverse("audit:emergency_review", args=[activity.pk])
    )
    assert review_page.context["review"].total == 2
    assert len(review_page.context["review"].entries) == 2


def test_review_page_logs_one_entry_and_shows_what_was_done(personas, activity, as_user):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.get(reverse("audit:emergency_review", args=[activity.pk]))
    content = assert_no_names(response)
    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.order_by("-id").first()
    assert (entry.action, entry.part, entry.object_id) == (
        "read",
        "emergency_review",
        str(activity.pk),
    )
    assert entry.family_ref == "VN-TEST01"
    assert [e.action for e in response.context["review"].entries] == ["emergency", "read"]
    assert "people" in content  # the part that was read under the emergency access, in words
    assert 'name="outcome"' in content


def test_review_of_an_explicit_grant_is_404(personas, as_user):
    explicit = AccessGrant.objects.create(
        family=personas.family,
        user=personas.safeguarding,
        kind=GrantKind.EXPLICIT,
        reason="Expliciete toegang",
        ends_at=timezone.now() + timedelta(days=1),
    )
    client = as_user(personas.privacy)
    assert client.get(reverse("audit:emergency_review", args=[explicit.pk])).status_code == 404
    response = client.post(
        reverse("audit:emergency_review", args=[explicit.pk]), {"outcome": "justified"}
    )
    assert response.status_code == 404
    assert client.get(reverse("audit:emergency_review", args=[99999])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"note": "iets"}, "outcome", "Choose an outcome."),
        ({"outcome": "maybe"}, "outcome", "Select a valid choice."),
        (
            {"outcome": "not_justified", "note": "  "},
            "note",
            "Say what follows from an unjustified access.",
        ),
        ({"outcome": "justified", "note": "x" * 2001}, "note", "at most 2000 characters"),
    ],
)
def test_review_with_bad_input_saves_nothing(personas, activity, as_user, data, field, message):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.post(reverse("audit:emergency_review", args=[activity.pk]), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    activity.refresh_from_db()
    assert activity.reviewed_at is None and activity.review_outcome == ""
    new = list(AccessEvent.objects.filter(id__gt=before).order_by("id"))
    assert [(e.action, e.part) for e in new] == [("read", "emergency_review")]  # page shown again


def test_review_records_the_outcome(personas, activity, as_user):
    client = as_user(personas.privacy)
    before = AccessEvent.objects.count()
    response = client.post(
        reverse("audit:emergency_review", args=[activity.pk]),
        {"outcome": "not_justified", "note": "Gesprek met teamleider gepland."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:emergency_reviews")
    activity.refresh_from_db()
    assert activity.reviewed_by == personas.privacy
    assert activity.review_outcome == "not_justified"
    assert activity.review_note == "Gesprek met teamleider gepland."
    new = list(AccessEvent.objects.filter(id__gt=before))
    assert [(e.action, e.object_type) for e in new] == [("update", "emergency_review")]
    assert new[0].details == {"outcome": "not_justified"}
    # listed under reviewed, no longer pending
    queue_page = client.get(reverse("audit:emergency_reviews"))
    queue = queue_page.context["queue"]
    assert queue.pending == [] and [g.pk for g in queue.reviewed] == [activity.pk]
    content = queue_page.content.decode()
    assert "has been reviewed" in content  # the success message
    assert "Not justified: follow up" in content and "Gesprek met teamleider gepland." in content
    # a second review is refused and shown
    again = client.post(
        reverse("audit:emergency_review", args=[activity.pk]), {"outcome": "justified", "note": ""}
    )
    assert "already been reviewed" in again.content.decode()
    activity.refresh_from_db()
    assert activity.review_outcome == "not_justified"


def test_pages_show_no_names_anywhere(personas, activity, as_user):
    client = as_user(personas.privacy)
    for url in page_urls(personas, activity):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_names(response)


# Query counts do not grow with the data -----------------------------------------------------


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_are_constant(personas, activity, as_user):
    client = as_user(personas.privacy)
    urls = [
        reverse("audit:log"),
        reverse("audit:log_csv"),
        reverse("audit:family_overview", args=["VN-TEST01"]),
        reverse("audit:emergency_reviews"),
        reverse("audit:emergency_review", args=[activity.pk]),
    ]
    small = [count_queries(client, url) for url in urls]
    for user in (personas.case_worker, personas.team_member, personas.other_team):
        for _ in range(30):
            family_queries.open_family(web(user), personas.family.pk)
    do_break_the_glass(
        actor=web(personas.safeguarding),
        reference="VN-TEST01",
        reason="Tweede noodgeval om het aantal queries te testen",
    )
    large = [count_queries(client, url) for url in urls]
    assert large == small
