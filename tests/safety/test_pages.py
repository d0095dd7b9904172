"""Plan pages: team defaults for bottom lines, the block on the family page, the grouped
view, bounded queries, version pages, and the benchmark's database guard."""

import pytest
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix_common import only_refusals
from tests.safety.helpers import build_plan, day
from tests.test_api import last_event_id, new_events
from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.safety import actions
from vangnet.safety.models import (
    Agreement,
    BottomLineTemplate,
    ChildRule,
    DangerStatement,
    Disagreement,
    HarmStatement,
    HouseItem,
    ScalingScore,
    StoryPage,
    WarningSign,
)


def test_team_defaults_fill_the_bottom_lines(personas):
    BottomLineTemplate.objects.create(
        team=personas.team_a, kind="safety_persons", text="Drie veiligheidspersonen.", number=3
    )
    BottomLineTemplate.objects.create(team=personas.team_a, kind="other", text="School weet het.")
    access = get_family_for_user(personas.case_worker, personas.family.pk, write=True)
    actions.do_add_item(
        actor=Actor.cli(personas.case_worker),
        access=access,
        item_type="step",
        text="Netwerkberaad.",
        target_on=day(7),
    )
    plan = personas.family.safety_plan
    assert list(plan.bottom_lines.values_list("text", "number")) == [
        ("Drie veiligheidspersonen.", 3),
        ("School weet het.", None),
    ]


def test_family_page_shows_plan_state(personas, as_user):
    data = build_plan(personas)
    client = as_user(personas.read_only)
    before = last_event_id()
    page = client.get(reverse("families:detail", args=[personas.family.pk])).content.decode()
    assert len(new_events(before)) == 1  # the family page's own read, nothing more
    assert "Veiligheidsplan" in page
    assert "Versie 1: Concept: wacht op handtekeningen" in page
    assert "5 van de 10" in page
    assert data.evaluation.scheduled_on.strftime("%Y") in page
    assert reverse("safety:plan", args=[personas.family.pk]) in page


def test_read_only_sees_the_plan_without_edit_links(personas, as_user):
    build_plan(personas)
    page = (
        as_user(personas.read_only)
        .get(reverse("safety:plan", args=[personas.family.pk]))
        .content.decode()
    )
    assert "Vader gaat een blokje om" in page
    assert "/bewerken/" not in page and "Maak een versie" not in page


def test_grouped_view_shows_each_situation_and_missing_stress(personas, as_user):
    data = build_plan(personas)
    Agreement.objects.filter(pk=data.agreement.pk).update(situation="evening")
    page = (
        as_user(personas.case_worker)
        .get(reverse("safety:by_situation", args=[personas.family.pk]))
        .content.decode()
    )
    for label in (
        "Ochtend",
        "School",
        "Na school",
        "Avond",
        "Nacht",
        "Weekend",
        "Omgang en bezoek",
        "Stress of trigger",
        "Anders",
    ):
        assert f">{label}</h2>" in page
    assert "Nog geen afspraak voor stress of triggers" in page


def _queries(client, url, *, cached=False):
    """Queries of one request; without the derived data kept from an earlier request
    (draft snapshot and review) unless cached."""
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_plan_page_queries_do_not_grow_with_the_plan(personas, as_user):
    data = build_plan(personas)
    client = as_user(personas.case_worker)
    urls = [
        reverse("safety:plan", args=[personas.family.pk]),
        reverse("safety:by_situation", args=[personas.family.pk]),
        reverse("safety:version", args=[personas.family.pk, data.version.pk]),
        reverse("safety:child", args=[personas.family.pk]),
        reverse("safety:child_version", args=[personas.family.pk, personas.child.pk]),
        reverse("safety:parents_version", args=[personas.family.pk, data.version.pk]),
        reverse("safety:story", args=[personas.family.pk, data.story.pk]),
    ]
    small = [_queries(client, url) for url in urls]
    for i in range(15):
        agreement = Agreement.objects.create(
            plan=data.plan,
            what=f"Afspraak {i}",
            situation="morning",
            how="x",
            fallback="y",
            monitor_person=data.network,
            frequency="z",
            danger=data.danger,
            goal=data.goal,
        )
        agreement.people.set([personas.parent, data.network])
        agreement.professionals.set([personas.team_member])
        ScalingScore.objects.create(
            plan=data.plan,
            user=personas.team_member,
            score=i % 11,
            reason="r",
            scored_on=day(-i),
            recorded_by=personas.case_worker,
        )
        HouseItem.objects.create(plan=data.plan, talk=data.child_talk, house="worries", text="t")
        StoryPage.objects.create(
            plan=data.plan, story=data.story, text=f"p{i}", pictogram="house", order=i + 2
        )
        ChildRule.objects.create(plan=data.plan, child=personas.child, text=f"r{i}")
        harm = HarmStatement.objects.create(
            plan=data.plan, whose="vader", what=f"h{i}", how_often="o", impact="i"
        )
        harm.children.set([personas.child])
        data.danger.harms.add(harm)
        Disagreement.objects.create(
            plan=data.plan,
            person=personas.parent,
            goal=data.goal if i == 0 else None,
            danger=None
            if i == 0
            else DangerStatement.objects.create(
                plan=data.plan,
                whose="vader",
                behaviour="b",
                situations="s",
                impact="i",
                fear="f",
            ),
            text=f"d{i}",
        )
        for owner in ({"danger": data.danger}, {"agreement": agreement}):
            sign = WarningSign.objects.create(plan=data.plan, sign=f"s{i}", response="r", **owner)
            sign.people.set([data.network])
            sign.professionals.set([personas.team_member])
    assert [_queries(client, url) for url in urls] == small


def test_plan_page_reuses_the_draft_snapshot_and_review_until_the_plan_changes(personas, as_user):
    data = build_plan(personas)
    client = as_user(personas.case_worker)
    page = reverse("safety:plan", args=[personas.family.pk])
    first = _queries(client, page)
    again = _queries(client, page, cached=True)
    assert again <= first - 10  # the snapshot and the child's part are not read again
    # 40 before harm statements, disagreements and warning signs (a fixed 7 queries more)
    assert again <= 47
    # a change through an action moves the plan's version: built anew, and shown
    post = client.post(
        reverse("safety:mapping_add", args=[personas.family.pk]),
        {
            "category": "complicating",
            "text": "Nieuwe zorg van de school",
            "contributor_kind": "professional",
            "recorded_on": "2026-11-30",
        },
    )
    assert post.status_code == 302, post.content[:500]
    data.plan.refresh_from_db()
    assert _queries(client, page, cached=True) == first
    assert "Nieuwe zorg van de school" in client.get(page).content.decode()


def test_version_of_another_family_is_404(personas, as_user):
    from tests.personas import make_family

    data = build_plan(personas)
    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin B", reference="VN-TEST05"
    )
    client = as_user(personas.case_worker)
    before = last_event_id()
    for name in ("version", "version_pdf", "version_sign"):
        response = client.get(reverse(f"safety:{name}", args=[other.pk, data.version.pk]))
        assert response.status_code == 404
    response = client.get(reverse("safety:agreement_edit", args=[other.pk, data.agreement.pk]))
    assert response.status_code == 404
    # the refused requests' reads were rolled back; only the refusals are logged
    assert only_refusals(new_events(before)) == ["denied"] * 4


def test_bench_refuses_other_databases(settings, tmp_path):
    from vangnet.bench import safety_bench

    with pytest.raises(CommandError):
        safety_bench.bench_path(str(tmp_path / "elders.sqlite3"))


def test_compare_a_version_with_the_draft_and_unknown_versions(personas, as_user):
    data = build_plan(personas)
    Agreement.objects.filter(pk=data.agreement.pk).update(frequency="elke dag")
    client = as_user(personas.case_worker)
    url = reverse("safety:version_compare", args=[personas.family.pk])
    page = client.get(url, {"a": 1}).content.decode()
    assert "het huidige concept" in page and "elke dag" in page and "wekelijks" in page
    assert client.get(url, {"a": 7}).status_code == 404
    assert client.get(url, {"a": 1, "b": 9}).status_code == 404
