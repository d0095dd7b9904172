"""Issue 16: the plan page and the family page have a table of contents with the state of
each part and foldable parts; the family page has an action bar for writers; fewer clicks
to a signal and an agreement; the compare page can pick the draft; small wording fixes."""

import re

from django.urls import reverse
from django.utils import translation

from tests.safety.helpers import build_plan
from vangnet.accounts.models import DemoMarker
from vangnet.meldcode.models import Trajectory
from vangnet.review.data import MAJOR, Finding
from vangnet.review.texts import describe
from vangnet.safety.models import Agreement

ANCHOR = re.compile(r'<nav class="card plan-contents".*?</nav>', re.S)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _contents(page: str) -> tuple[str, list[str]]:
    nav = ANCHOR.search(page).group(0)
    return nav, re.findall(r'href="#([^"]+)"', nav)


def test_plan_page_has_contents_with_state_and_foldable_parts(personas, as_user):
    data = build_plan(personas)
    Agreement.objects.create(
        plan=data.plan,
        what="Vader probeert rustig te blijven.",
        situation="stress",
        how="Hij probeert het.",
        fallback="",
        frequency="",
        order=2,
    )
    page = _page(as_user(personas.case_worker), reverse("safety:plan", args=[personas.family.pk]))
    nav, anchors = _contents(page)
    assert anchors == [
        "versions",
        "mapping",
        "danger",
        "goal",
        "scaling",
        "safety_person",
        "bottom_line",
        "agreement",
        "warning_sign",
        "step",
        "evaluations",
    ]
    for anchor in anchors:  # every link lands on its part's heading, inside an open part
        assert re.search(rf'<details class="part" open>\s*<summary><h2 id="{anchor}">', page), (
            anchor
        )
    assert page.count('<details class="part" open>') == len(anchors)
    line = re.search(r'href="#agreement">(.*?)</li>', nav, re.S).group(1)
    assert "Veiligheidsafspraken</a>" in line
    assert "(2, 1 met opmerkingen)" in line  # the vague agreement has review points
    assert 'class="part-attention"' in line
    # Findings link to anchors inside the (open) parts.
    for finding in re.findall(r'href="#(finding-\d+)"', page):
        assert f'id="{finding}"' in page
    assert "Terug naar de inhoud" in page


def test_plan_page_without_a_plan_still_has_contents(personas, as_user):
    page = _page(as_user(personas.case_worker), reverse("safety:plan", args=[personas.family.pk]))
    nav, anchors = _contents(page)
    assert len(anchors) == 11 and "(nog niets)" in nav


def test_family_page_has_contents_action_bar_and_foldable_parts(personas, as_user):
    client = as_user(personas.case_worker)
    pk = personas.family.pk
    page = _page(client, reverse("families:detail", args=[pk]))
    nav, anchors = _contents(page)
    for anchor in anchors:
        assert f'id="{anchor}"' in page, anchor
    for anchor in ("members", "partners", "contacts", "retention", "access"):
        assert re.search(rf'<details class="part" open>\s*<summary><h2 id="{anchor}">', page)
    assert "kind" in nav and "bewaren tot" in nav
    bar = re.search(r'<p class="actions quick-actions">(.*?)</p>', page, re.S).group(1)
    assert reverse("families:contact_add", args=[pk]) in bar
    assert reverse("safety:agreement_add", args=[pk]) in bar
    assert reverse("meldcode:start", args=[pk]) + "?then=signal" in bar
    assert "Nieuw contact" in bar and "Nieuw signaal" in bar and "Nieuwe afspraak" in bar


def test_new_signal_goes_to_the_open_trajectory(personas, as_user):
    client = as_user(personas.case_worker)
    pk = personas.family.pk
    start = reverse("meldcode:start", args=[pk]) + "?then=signal"
    response = client.post(
        start, {"children": [personas.child.pk], "started_on": "2025-01-06", "reason": "Zorg."}
    )
    trajectory = Trajectory.objects.get(family=personas.family)
    signal = reverse("meldcode:add_signal", args=[pk, trajectory.pk])
    assert response.status_code == 302 and response.url == signal  # straight to the form
    page = _page(client, reverse("families:detail", args=[pk]))
    assert f'href="{signal}"' in page


def test_readers_get_no_action_bar(personas, as_user):
    page = _page(as_user(personas.read_only), reverse("families:detail", args=[personas.family.pk]))
    assert "quick-actions" not in page


def test_compare_page_offers_the_current_draft(personas, as_user):
    build_plan(personas)
    page = _page(
        as_user(personas.case_worker),
        reverse("safety:version_compare", args=[personas.family.pk]) + "?a=1",
    )
    assert '<option value="" selected>Het huidige concept</option>' in page


def test_login_page_speaks_of_the_code_only_when_2fa_is_on(client, personas, settings):
    page = _page(client, reverse("accounts:login"))
    assert "authenticator-app" in page
    settings.VANGNET_DEMO_WITHOUT_2FA = True
    DemoMarker.objects.create()
    page = _page(client, reverse("accounts:login"))
    assert "authenticator-app" not in page and "Tweestapsverificatie staat uit" in page


def test_emergency_access_says_it_is_taken_at_once(personas, as_user):
    client = as_user(personas.other_team)
    assert "Noodtoegang nemen (direct, wordt gecontroleerd)" in _page(
        client, reverse("families:search")
    )
    assert "Je krijgt direct toegang" in _page(client, reverse("families:emergency"))


def test_missing_signatures_singular_and_plural():
    with translation.override("nl"):
        one = describe(Finding("professionals_not_signed", MAJOR, params={"count": 1}))["what"]
        two = describe(Finding("professionals_not_signed", MAJOR, params={"count": 2}))["what"]
    assert one.endswith("(1 ontbreekt).") and two.endswith("(2 ontbreken).")
