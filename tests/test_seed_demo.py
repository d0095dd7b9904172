"""seed_demo: idempotent, complete, fictional, and leaves a valid access-log chain."""

from __future__ import annotations

import itertools
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.accounts.models import (
    DemoMarker,
    Discipline,
    Membership,
    Organisation,
    OrganisationRole,
    Role,
    Team,
    User,
)
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.demo import data
from vangnet.families.models import (
    AccessGrant,
    ChainPartner,
    Contact,
    Custody,
    Family,
    FamilyStatus,
    GrantKind,
    PartnerKind,
    Person,
)

pytestmark = pytest.mark.django_db

MODELS = (
    DemoMarker,
    Organisation,
    Team,
    User,
    Membership,
    Family,
    Person,
    ChainPartner,
    Contact,
    AccessGrant,
    AccessEvent,
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def months_old(birth: date, today: date) -> int:
    months = (today.year - birth.year) * 12 + today.month - birth.month
    return months - (1 if today.day < birth.day else 0)


@pytest.fixture
def seeded():
    return seed()


def test_seeding_twice_creates_nothing_new(seeded):
    first = counts()
    assert first["Family"] >= 12
    output = seed()
    assert counts() == first
    assert "0 users and 0 families created" in output
    assert verify_access_log() == (first["AccessEvent"], None)


def test_output_lists_every_login_and_the_password(seeded):
    for spec in data.USERS:
        assert spec.username in seeded
    assert data.DEMO_PASSWORD in seeded


def test_organisation_teams_and_users(seeded):
    assert DemoMarker.objects.count() == 1
    organisation = Organisation.objects.get(name=data.ORGANISATION)
    assert set(organisation.teams.values_list("name", flat=True)) >= set(data.TEAMS)
    assert len(data.TEAMS) >= 3
    expected = {
        # username: (discipline, organisation role, team or None, membership role)
        "coach": (Discipline.CASE_WORKER, "", data.TEAM_A, Role.PROFESSIONAL),
        "psychiater": (Discipline.PSYCHIATRIST, "", data.TEAM_A, Role.PROFESSIONAL),
        "gedragswetenschapper": (
            Discipline.HEALTHCARE_PSYCHOLOGIST,
            "",
            data.TEAM_A,
            Role.PROFESSIONAL,
        ),
        "buitenstaander": (Discipline.CASE_WORKER, "", data.TEAM_B, Role.PROFESSIONAL),
        "afk": (Discipline.SAFEGUARDING_LEAD, OrganisationRole.SAFEGUARDING_LEAD, None, None),
        "privacy": (Discipline.OTHER, OrganisationRole.PRIVACY_OFFICER, None, None),
        "beheer": (Discipline.OTHER, OrganisationRole.FUNCTIONAL_ADMIN, None, None),
    }
    for username, (discipline, org_role, team, role) in expected.items():
        user = User.objects.get(username=username)
        assert user.organisation == organisation
        assert user.discipline == discipline, username
        assert user.organisation_role == org_role, username
        assert user.check_password(data.DEMO_PASSWORD), username
        memberships = list(user.memberships.select_related("team"))
        if team is None:
            assert memberships == [], username
        else:
            assert [(m.team.name, m.role) for m in memberships] == [(team, role)], username
    assert User.objects.get(username="beheer").is_staff
    assert not User.objects.get(username="privacy").may_see_case_content
    assert not User.objects.get(username="beheer").may_see_case_content
    assert User.objects.get(username="afk").is_safeguarding_lead
    # Teams B and C have more members than the one case worker.
    for team in (data.TEAM_B, data.TEAM_C):
        assert Membership.objects.filter(team__name=team).count() >= 2, team
    # Demo users enrol their own authenticator app (2FA off only in demo mode).
    assert not TOTPDevice.objects.exists()


def test_families_in_realistic_states(seeded):
    today = timezone.localdate()
    families = Family.objects.all()
    assert families.count() >= 12
    assert {f.team.name for f in families} >= set(data.TEAMS)
    assert families.filter(status=FamilyStatus.CLOSED).exclude(close_reason="").exists()
    assert families.filter(status=FamilyStatus.OPEN).count() >= 8
    for family in families.filter(status=FamilyStatus.CLOSED):
        assert family.closed_on >= family.opened_on
    # Every case worker is a member of the family's team.
    for family in families:
        assert family.case_worker.memberships.filter(team=family.team).exists(), family.name
    # Some open families have not been reached for more than three weeks.
    stale = [
        f
        for f in families.filter(status=FamilyStatus.OPEN)
        if (
            today
            - (
                f.contacts.filter(reached=True).order_by("-occurred_on").first()
                or Contact(occurred_on=date.min)
            ).occurred_on
        ).days
        > 21
    ]
    assert len(stale) >= 2
    # Several kinds of chain partner, custody and guardianship are represented.
    assert ChainPartner.objects.values("kind").distinct().count() >= 6
    assert Person.objects.filter(guardianship=True).exists()
    assert Person.objects.filter(custody=Custody.SUSPENDED).exists()
    # Access outside the team: an explicit grant and an emergency access awaiting review.
    assert AccessGrant.objects.filter(kind=GrantKind.EXPLICIT).exists()
    assert AccessGrant.objects.filter(kind=GrantKind.EMERGENCY, reviewed_at__isnull=True).exists()
    assert AccessEvent.objects.filter(emergency=True, action=AccessAction.EMERGENCY).count() == 1


def test_donovan_seed_000(seeded):
    today = timezone.localdate()
    family = Family.objects.get(name=data.DONOVAN_FAMILY)
    assert family.team.name == data.TEAM_A
    assert family.case_worker.username == "coach"
    assert family.is_open
    people = {p.first_name: p for p in family.people.all()}
    donovan = people["Donovan"]
    assert donovan.kind == "child"
    assert donovan.age_on(today) == 10
    grandmother = people["Wilhelmina"]
    assert grandmother.kind == "caregiver"
    assert grandmother.guardianship
    assert "oma" in grandmother.relation
    assert grandmother.lives_in_household
    mother = people["Mirjam"]
    assert mother.kind == "parent"
    assert mother.custody == Custody.SUSPENDED
    assert not mother.lives_in_household
    father = family.people.get(relation="vader")
    assert father.custody == Custody.NO
    assert not father.lives_in_household
    assert family.people.filter(kind="network").count() >= 2  # grandmother's network
    kinds = set(family.partners.values_list("kind", flat=True))
    assert {PartnerKind.VEILIG_THUIS, PartnerKind.ADULT_MENTAL_HEALTH} <= kinds
    # Contact was lost for a while (not reached) and has been restored recently.
    assert family.contacts.filter(reached=False).count() >= 2
    last = family.contacts.filter(reached=True).order_by("-occurred_on").first()
    assert (today - last.occurred_on).days <= 21


def test_seed_002_family(seeded):
    today = timezone.localdate()
    family = Family.objects.get(name=data.SEED_002_FAMILY)
    assert family.team.name == data.TEAM_A
    children = list(family.people.filter(kind="child").order_by("birth_date"))
    assert len(children) == 2
    boy, baby = children
    assert 4 <= boy.age_on(today) <= 12
    assert months_old(baby.birth_date, today) == 11
    parents = {p.relation: p for p in family.people.filter(kind="parent")}
    assert set(parents) == {"vader", "moeder"}
    assert "slaat" in parents["vader"].notes
    assert "omber" in parents["moeder"].notes  # somber
    assert all(p.custody == Custody.YES for p in parents.values())
    kinds = set(family.partners.values_list("kind", flat=True))
    assert {PartnerKind.SCHOOL, PartnerKind.HUISARTS} <= kinds


def test_access_log_after_seeding(seeded):
    families = Family.objects.count()
    beheer = User.objects.get(username="beheer")
    created = AccessEvent.objects.filter(action=AccessAction.CREATE, object_type="family")
    assert created.count() == families
    assert set(created.values_list("family_id", flat=True)) == set(
        Family.objects.values_list("pk", flat=True)
    )
    for entry in created:
        assert entry.user_id == beheer.pk
        assert entry.channel == "cli"
        assert entry.basis == AccessBasis.SYSTEM
    total = AccessEvent.objects.count()
    assert verify_access_log() == (total, None)


def test_refuses_a_database_that_is_not_a_demo_database():
    User.objects.create_user("echte-gebruiker", password="Een-lang-wachtwoord-1")
    with pytest.raises(CommandError, match="not a demo database"):
        seed()
    assert not DemoMarker.objects.exists()
    assert not Family.objects.exists()


def test_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
_DUTCH_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _dates_in(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _dates_in(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _dates_in(item, f"{path}[]")
    elif isinstance(value, str):
        for d, m, y in _DUTCH_DATE.findall(value):
            yield path, date(int(y), _MONTHS[m], int(d))
        for y, m, d in _ISO_DATE.findall(value):
            yield path, date(int(y), int(m), int(d))


def test_donovan_plan_version_1_holds_nothing_dated_after_it_was_frozen(seeded):
    from vangnet.safety.models import PlanVersion

    version = PlanVersion.objects.get(plan__family__reference="VN-DEMO01", number=1)
    made = date.fromisoformat(version.snapshot["made_on"])
    dates = list(_dates_in(version.snapshot["sections"]))
    assert dates, "the scan found no dates at all"
    # Targets of next steps lie in the future by nature; everything else happened by then.
    later = [(path, d) for path, d in dates if d > made and "target" not in path]
    assert later == []
    sections = version.snapshot["sections"]
    assert sections["harm_statements"] and sections["danger_statements"][0]["harm_ids"]
    assert sections["danger_statements"][0]["disagreements"][0]["kind"] == "parent"


def test_donovan_timeline_follows_seed_000(seeded):
    """Signals, the report, Veilig Thuis closing after one call, the team's decision for
    intensive contact, the plan, six meetings every two weeks, then every four weeks."""
    from vangnet.meetings.models import Decision, Discussion, ReviewCadence
    from vangnet.meldcode.models import Report, Signal
    from vangnet.safety.models import PlanVersion

    family = Family.objects.get(reference="VN-DEMO01")
    first_signal = Signal.objects.filter(trajectory__family=family).order_by("observed_on")[0]
    report = Report.objects.get(trajectory__family=family)
    discussions = list(
        Discussion.objects.filter(family=family, meeting__status="finalised")
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    days = [d.meeting.starts_at.date() for d in discussions]
    decisions = {
        d.discussion.meeting.starts_at.date(): d
        for d in Decision.objects.filter(discussion__family=family).select_related(
            "discussion__meeting"
        )
    }
    report_decision = next(day for day in days if decisions[day].kind == "report_vt")
    contact_decision = next(day for day in days if "Intensief contact" in decisions[day].text)
    versions = PlanVersion.objects.filter(plan__family=family).order_by("number")
    v1, v2 = (v.created_at.date() for v in versions[:2])
    moved_on = ReviewCadence.objects.get(family=family, interval_days=28, automatic=True)

    order = [
        ("first signal", first_signal.observed_on),
        ("meeting decides to report", report_decision),
        ("report to Veilig Thuis", report.reported_on),
        ("Veilig Thuis closes after one call", report.feedback_on),
        ("team decides intensive contact", contact_decision),
        ("plan version 1", v1),
        ("cadence moves on to every four weeks", moved_on.valid_from),
        ("plan version 2", v2),
        ("latest meeting", days[-1]),
    ]
    assert [name for name, _day in sorted(order, key=lambda x: x[1])] == [n for n, _d in order]
    assert report.feedback_decision == "closed_after_call"
    # Six discussions two weeks apart in about three months, then four weeks apart.
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    assert gaps[:5] == [14] * 5 and (days[5] - days[0]).days <= 100
    assert set(gaps[5:]) == {28} and moved_on.valid_from == days[5]
    assert all(d.inputs.exists() for d in discussions)
    assert all(day in decisions for day in days)


def test_zonnebloem_timeline_follows_seed_002_from_the_first_signal(seeded):
    """Milan tells it himself (a disclosure), then the risk factors and the ACE score,
    the consultation and the conversation; the weighing is next, with the acute guidance."""
    from vangnet.meldcode import queries
    from vangnet.meldcode.models import Trajectory

    trajectory = Trajectory.objects.get(family__name=data.SEED_002_FAMILY)
    signal = trajectory.signals.get()
    assert signal.disclosure and signal.source == "child" and signal.is_final
    order = [
        ("signal", signal.observed_on),
        ("factors", trajectory.factor_lists.get().assessed_on),
        ("ACE", trajectory.ace_questionnaires.get().answered_on),
        ("consultation", trajectory.consultations.get().consulted_on),
        ("conversation", trajectory.conversations.get().held_on),
    ]
    assert [n for n, _d in sorted(order, key=lambda x: x[1])] == [n for n, _d in order]
    assert queries.trajectory_steps(trajectory)["current_step"] == 4
    from vangnet.meldcode.actions import weighing_context

    assert weighing_context(trajectory).disclosure


def test_donovan_plan_names_roles_as_the_family_knows_them(seeded):
    from django.utils import translation

    from vangnet.safety.models import SafetyPerson
    from vangnet.safety.snapshot import plan_snapshot

    family = Family.objects.get(reference="VN-DEMO01")
    kinds = {sp.person.kind for sp in SafetyPerson.objects.filter(plan__family=family)}
    assert {"caregiver", "network"} <= kinds  # grandmother (guardian) and the network
    with translation.override("nl"):
        signers = plan_snapshot(family.safety_plan)["signers"]
    roles = {s["name"]: s["role"] for s in signers}
    assert roles[family.case_worker.get_full_name()] == "Coach van het gezin"


def test_donovan_family_documents_are_plain_and_use_the_family_names(seeded):
    """Issue 13: the parents' version of Donovan's active plan passes the B1 check without a
    major finding, every element in plain language; both versions call people as the
    family does, never by a role in brackets."""
    from django.utils import translation

    from vangnet.safety import outputs
    from vangnet.safety.models import PlanVersion

    version = PlanVersion.objects.get(plan__family__reference="VN-DEMO01", status="active")
    donovan = Person.objects.get(family__reference="VN-DEMO01", first_name="Donovan")
    with translation.override("nl"):
        content = outputs.parents_version(version.snapshot)
        b1 = outputs.parents_readability(content)
        child = outputs.child_document(version.snapshot, donovan)
    assert b1["counts"]["major"] == 0 and b1["counts"]["critical"] == 0, b1["findings"]
    items = [item for _heading, part in content["parts"] for item in part]
    assert items and not [item.id for item in items if item.not_plain]
    helpers = [
        item.title
        for _h, part in content["parts"]
        for item in part
        if item.id.startswith("safety-person")
    ]
    assert helpers == ["Oma", "Ria", "Henk"]
    assert ("Oma", "06-00000101") in content["phones"]
    # The child's version is the one frozen with the version: the approved story, the rules.
    assert [name for name, _phone in child.helpers] == ["Oma", "Tante Ria", "Henk"]
    assert child.approved and child.rules and child.signs
    texts = " ".join(t for item in items for _l, t, _p in item.lines)
    assert "(" not in texts and "voogd" not in texts
