"""Role personas shared by every test: one organisation, two teams, one family of team A.

case_worker  - team A professional, case worker (regiehouder) of the family
team_member  - team A professional (psychiatrist)
read_only    - team A read-only member
other_team   - team B professional: outsider to the family
safeguarding - aandachtsfunctionaris: reads every family file of the organisation
privacy      - privacy officer: access log only, no case content
admin        - functional admin: users and teams, no case content
anonymous    - not logged in
"""

from dataclasses import dataclass
from datetime import date

from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.accounts.models import (
    Discipline,
    Membership,
    Organisation,
    OrganisationRole,
    Role,
    Team,
    User,
)
from vangnet.families.actions import retention_date
from vangnet.families.models import ChainPartner, Contact, Family, Person

PASSWORD = "Correct-horse-battery-9"


def make_user(username, *, organisation, discipline=Discipline.CASE_WORKER, role="", **extra):
    user = User(
        username=username,
        first_name=username.capitalize(),
        last_name="Test",
        organisation=organisation,
        discipline=discipline,
        organisation_role=role,
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@dataclass
class Personas:
    organisation: Organisation
    team_a: Team
    team_b: Team
    case_worker: User
    team_member: User
    read_only: User
    other_team: User
    safeguarding: User
    privacy: User
    admin: User
    family: Family
    child: Person
    parent: Person
    partner: ChainPartner
    contact: Contact

    def user(self, name):
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = (
    "case_worker",
    "team_member",
    "read_only",
    "other_team",
    "safeguarding",
    "privacy",
    "admin",
    "anonymous",
)


def make_family(team, case_worker, name="Gezin Testfamilie", reference="VN-TEST01", **extra):
    return Family.objects.create(
        reference=reference,
        name=name,
        team=team,
        case_worker=case_worker,
        opened_on=date(2026, 1, 5),
        retention_until=retention_date(date(2026, 1, 5)),
        **extra,
    )


def build_personas() -> Personas:
    org = Organisation.objects.create(name="Testorganisatie Jeugdhulp")
    team_a = Team.objects.create(organisation=org, name="Team A")
    team_b = Team.objects.create(organisation=org, name="Team B")
    case_worker = make_user("coach", organisation=org)
    team_member = make_user("psychiater", organisation=org, discipline=Discipline.PSYCHIATRIST)
    read_only = make_user("stagiair", organisation=org)
    other_team = make_user("buitenstaander", organisation=org)
    safeguarding = make_user(
        "afk",
        organisation=org,
        discipline=Discipline.SAFEGUARDING_LEAD,
        role=OrganisationRole.SAFEGUARDING_LEAD,
    )
    privacy = make_user(
        "privacy",
        organisation=org,
        discipline=Discipline.OTHER,
        role=OrganisationRole.PRIVACY_OFFICER,
    )
    admin = make_user(
        "beheer",
        organisation=org,
        discipline=Discipline.OTHER,
        role=OrganisationRole.FUNCTIONAL_ADMIN,
        is_staff=True,
    )
    Membership.objects.create(user=case_worker, team=team_a, role=Role.PROFESSIONAL)
    Membership.objects.create(user=team_member, team=team_a, role=Role.PROFESSIONAL)
    Membership.objects.create(user=read_only, team=team_a, role=Role.READ_ONLY)
    Membership.objects.create(user=other_team, team=team_b, role=Role.PROFESSIONAL)
    family = make_family(team_a, case_worker)
    child = Person.objects.create(
        family=family,
        kind="child",
        first_name="Testkind",
        last_name="Fictief",
        birth_date=date(2016, 3, 1),
    )
    parent = Person.objects.create(
        family=family, kind="parent", first_name="Testouder", last_name="Fictief", custody="yes"
    )
    partner = ChainPartner.objects.create(
        family=family, kind="school", organisation="Basisschool De Test"
    )
    contact = Contact.objects.create(
        family=family, occurred_on=date(2026, 1, 10), kind="home_visit", recorded_by=case_worker
    )
    return Personas(
        org,
        team_a,
        team_b,
        case_worker,
        team_member,
        read_only,
        other_team,
        safeguarding,
        privacy,
        admin,
        family,
        child,
        parent,
        partner,
        contact,
    )


def login(client, user) -> None:
    """Log a persona in with both factors, as the real login flow leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
